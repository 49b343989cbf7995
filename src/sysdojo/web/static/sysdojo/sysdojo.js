// sysdojo's own script: theme toggle, the "/" search shortcut, quiz checking.
// Loaded from this origin only (strict CSP); everything degrades to plain links and forms without it.
(function () {
  "use strict";
  var root = document.documentElement;
  var THEMES = ["", "dark", "light"]; // "" follows the system preference

  function setTheme(theme) {
    if (theme) { root.setAttribute("data-theme", theme); } else { root.removeAttribute("data-theme"); }
    var maxAge = theme ? 60 * 60 * 24 * 365 : 0;
    document.cookie = "theme=" + theme + "; path=/; max-age=" + maxAge + "; samesite=lax";
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // Pages served to first-time visitors are shared and carry no token: fetch this visitor's own.
  if (!csrfToken()) {
    fetch("/csrf", { credentials: "same-origin" });
  }
  // Every htmx request sends the token from the cookie (read at send time, so it is always current).
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  document.addEventListener("DOMContentLoaded", function () {
    // On a phone the lesson's table of contents would fill the first screen: start it folded there.
    var toc = document.querySelector(".sd-toc-box");
    if (toc && window.matchMedia("(max-width: 760px)").matches) { toc.open = false; }

    var toggle = document.getElementById("sd-theme-toggle");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var current = root.getAttribute("data-theme") || "";
        setTheme(THEMES[(THEMES.indexOf(current) + 1) % THEMES.length]);
      });
    }

    document.querySelectorAll("form.sd-quiz-question").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var feedback = form.querySelector(".sd-quiz-feedback");
        var number = form.querySelector('input[type="number"]');
        var answer;
        if (number) {
          answer = parseFloat(number.value);
          if (isNaN(answer)) { feedback.textContent = "Enter a number first."; return; }
        } else {
          answer = Array.prototype.map.call(form.querySelectorAll("input:checked"), function (i) { return parseInt(i.value, 10); });
          if (!answer.length) { feedback.textContent = "Choose an answer first."; return; }
        }
        fetch("/api/skills/quiz/" + form.dataset.page + "/" + form.dataset.question, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
          body: JSON.stringify({ answer: answer }),
          credentials: "same-origin"
        }).then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        }).then(function (result) {
          feedback.classList.toggle("sd-right", result.correct);
          feedback.classList.toggle("sd-wrong", !result.correct);
          feedback.textContent = (result.correct ? "Right. " : "Not quite: the answer is " + result.expected + ". ") + result.explanation;
        }).catch(function () {
          feedback.textContent = "Could not check the answer (is the server running?).";
        });
      });
    });
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      var search = document.getElementById("sd-search");
      if (search) { event.preventDefault(); search.focus(); search.select(); }
    } else if (event.key === "Escape" && target && target.id === "sd-search") {
      var popup = document.getElementById("sd-search-popup");
      if (popup) { popup.innerHTML = ""; }
      target.blur();
    }
  });
})();
