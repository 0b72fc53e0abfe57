/* Plan pages: small enhancements. Every page works without this file. */
(function () {
  "use strict";

  // After htmx swaps a row of the plan editor, put focus on it so keyboard and screen
  // reader users stay where they were working.
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("[data-focus-after-swap]");
    if (target) {
      target.removeAttribute("data-focus-after-swap");
      target.focus();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    // Print: the browser's own menu does the same without JavaScript.
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });

    // Listen: read the page aloud with the browser's own speech, in the page's language.
    if (!("speechSynthesis" in window)) { return; }
    document.querySelectorAll("[data-listen]").forEach(function (button) {
      var label = button.querySelector("[data-listen-label]");
      var listenText = label.textContent;
      var area = document.querySelector("[data-listen-area]") || document.getElementById("main");
      button.hidden = false;
      function reset() {
        button.setAttribute("aria-pressed", "false");
        label.textContent = listenText;
      }
      button.addEventListener("click", function () {
        if (window.speechSynthesis.speaking) {
          window.speechSynthesis.cancel();
          reset();
          return;
        }
        var text = Array.prototype.map.call(
          area.querySelectorAll("h1, h2, p"), function (el) { return el.textContent.trim(); }
        ).filter(Boolean).join(". ");
        var utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = document.documentElement.lang;
        utterance.rate = 0.9;
        utterance.onend = reset;
        button.setAttribute("aria-pressed", "true");
        label.textContent = button.getAttribute("data-stop-label");
        window.speechSynthesis.speak(utterance);
      });
    });
  });
})();
