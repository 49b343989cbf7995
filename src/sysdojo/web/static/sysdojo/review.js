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
      var button = answer.querySelector('button[name="rating"][value="' + event.key + '"]');
      // One rating per card: ignore keys while the previous rating is still on its way.
      if (button && !answer.dataset.sent) {
        event.preventDefault();
        answer.dataset.sent = "1";
        button.click();
      }
    }
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
