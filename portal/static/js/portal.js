/* Small enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Move focus to the error summary so screen reader and keyboard users hear the problems.
  function focusErrors(root) {
    var summary = (root || document).querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () { focusErrors(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusErrors(event.detail.target); });

  // Links in the error summary: focus the field, and scroll its label into view.
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".error-summary__list a");
    if (!link) { return; }
    var input = document.getElementById(link.getAttribute("href").slice(1));
    if (!input) { return; }
    event.preventDefault();
    var legend = input.closest("fieldset");
    var label = legend ? legend.querySelector("legend") : document.querySelector("label[for='" + input.id + "']");
    (label || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();
