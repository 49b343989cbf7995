// The review queue's keyboard: Space or Enter shows the answer, 1-4 rate the card.
// Without this script the same works by clicking: the answer is a <details>, the ratings a form.
(function () {
  "use strict";
  function typing(target) {
    return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var answer = document.getElementById("sd-review-answer");
    if (!answer) { return; }
    var onButton = event.target && event.target.tagName === "BUTTON";
    if ((event.key === " " || event.key === "Enter") && !answer.open && !onButton) {
      event.preventDefault();  // Space would scroll, or toggle a focused <summary> twice
      answer.open = true;
    } else if (answer.open && /^[1-4]$/.test(event.key)) {
      event.preventDefault();
      rate(answer, event.key);
    }
  });

  // One rating per card: keys are ignored while the previous rating is still on its way. A card swapped
  // in a moment ago may not be wired to htmx yet (htmx does that when the swap settles); clicking then
  // would post the plain form and reload the page, so the key waits for htmx:load instead.
  function rate(answer, key) {
    var button = answer.querySelector('button[name="rating"][value="' + key + '"]');
    if (!button || answer.dataset.sent) { return; }
    if (window.htmx && !answer.dataset.ready) { answer.dataset.pending = key; return; }
    answer.dataset.sent = "1";
    button.click();
  }
  document.addEventListener("htmx:load", function (event) {
    var root = event.target;
    var answer = root.id === "sd-review-answer" ? root : root.querySelector && root.querySelector("#sd-review-answer");
    if (!answer) { return; }
    answer.dataset.ready = "1";
    var pending = answer.dataset.pending;
    if (pending) { delete answer.dataset.pending; rate(answer, pending); }
  });

  // A refused rating or setting answers 400 with a fragment that says why: show it (htmx 2 does not
  // swap 4xx answers by default), and treat it as handled rather than as a script error.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var id = event.detail.target && event.detail.target.id;
    if (event.detail.xhr.status === 400 && (id === "sd-review" || id === "sd-review-settings")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // If a rating never got an answer (server down), let the keys work again.
  document.addEventListener("htmx:afterRequest", function () {
    var answer = document.getElementById("sd-review-answer");
    if (answer) { delete answer.dataset.sent; }
  });
})();
