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

  });
})();
