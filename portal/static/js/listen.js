/* "Listen": reads the page's question and answer choices aloud with the browser's own
   speech (speechSynthesis), in the page's language. An enhancement only: the button stays
   hidden unless the browser has a voice for that language, and the form works without it.
   Nothing is sent anywhere. */
(function () {
  "use strict";

  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") { return; }

  var pageLang = (document.documentElement.getAttribute("lang") || "en").toLowerCase();

  // The language an element is written in: a pupil's questions may be in the pupil's own
  // language while the adult's part of the page is in theirs.
  function langOf(el) {
    var holder = el.closest("[lang]");
    return ((holder && holder.getAttribute("lang")) || pageLang).toLowerCase();
  }

  function voiceFor(language) {
    var voices = synth.getVoices() || [];
    var base = language.split("-")[0];
    var exact = null, near = null;
    for (var i = 0; i < voices.length; i++) {
      var v = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (v === language) { exact = exact || voices[i]; }
      if (v.split("-")[0] === base) { near = near || voices[i]; }
    }
    return exact || near;
  }

  // The words to read: every element marked data-say, in page order. A chosen radio card
  // is read as chosen, so a listener knows where they are.
  function words(root) {
    var parts = [];
    root.querySelectorAll("[data-say]").forEach(function (el) {
      var text = (el.textContent || "").replace(/\s+/g, " ").trim();
      if (text) { parts.push({ text: text, lang: langOf(el) }); }
    });
    return parts;
  }

  function setup(button) {
    var label = button.querySelector("[data-listen-label]");
    var listenText = button.getAttribute("data-label-listen") || "Listen";
    var stopText = button.getAttribute("data-label-stop") || "Stop";
    // What it reads: the part of the page it sits in (a pupil's questions, not the note to
    // the adult beside them), or the whole main content.
    var root = button.closest("[data-listen-root]") || button.closest("main") || document.body;
    var lang = langOf(button);

    function show(speaking) {
      if (label) { label.textContent = speaking ? stopText : listenText; }
    }

    button.addEventListener("click", function () {
      if (synth.speaking || synth.pending) {
        synth.cancel();
        show(false);
        return;
      }
      var parts = words(root);
      parts.forEach(function (part, index) {
        var utterance = new window.SpeechSynthesisUtterance(part.text);
        var voice = voiceFor(part.lang);
        utterance.lang = part.lang;
        if (voice) { utterance.voice = voice; }
        utterance.rate = 0.9;
        if (index === parts.length - 1) {
          utterance.onend = function () { show(false); };
          utterance.onerror = function () { show(false); };
        }
        synth.speak(utterance);
      });
      show(parts.length > 0);
    });

    function reveal() {
      if (voiceFor(lang)) { button.hidden = false; }
    }
    reveal();
    if (typeof synth.addEventListener === "function") {
      synth.addEventListener("voiceschanged", reveal);
    }
  }

  function init() {
    document.querySelectorAll("[data-listen]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }

  // Stop reading when the page is left, so speech never runs on into the next page.
  window.addEventListener("pagehide", function () { synth.cancel(); });
})();
