/* "Record my answer" (templates/macros/answer_media.html): records up to two minutes with the
   browser's MediaRecorder, shows a countdown, plays the recording back, and lets the pupil
   record again. The recording is put into the field's own file input, so the form sends it
   like a chosen file and the server checks it the same way. Without MediaRecorder, without
   a microphone, or when the microphone is refused, the file input is all there is. */
(function () {
  "use strict";

  var TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/mp4"];
  var ANNOUNCE_AT = [60, 30, 10];

  function supportedType() {
    if (!window.MediaRecorder || typeof MediaRecorder.isTypeSupported !== "function") { return null; }
    for (var i = 0; i < TYPES.length; i++) {
      if (MediaRecorder.isTypeSupported(TYPES[i])) { return TYPES[i]; }
    }
    return null;
  }

  function clock(seconds) {
    var minutes = Math.floor(seconds / 60), rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function setup(root) {
    var input = root.querySelector("input[type=file]");
    var status = root.querySelector("[data-status]");
    var maxBytes = Number(root.getAttribute("data-max-bytes")) || 0;

    function message(name, time) {
      return (root.getAttribute("data-msg-" + name) || "").replace("{time}", time || "");
    }

    // A file chosen by hand: say so, or say it is too big before it is sent.
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) { return; }
      if (maxBytes && file.size > maxBytes) {
        input.value = "";
        status.textContent = message("too-big");
        return;
      }
      status.textContent = message("file-chosen");
    });

    var type = supportedType();
    var mediaDevices = navigator.mediaDevices;
    if (!type || !mediaDevices || typeof mediaDevices.getUserMedia !== "function" ||
        typeof window.DataTransfer !== "function") {
      return;
    }

    var live = root.querySelector("[data-recorder-live]");
    var recordButton = root.querySelector("[data-record]");
    var stopButton = root.querySelector("[data-stop]");
    var againButton = root.querySelector("[data-again]");
    var time = root.querySelector("[data-time]");
    var remaining = root.querySelector("[data-remaining]");
    var playback = root.querySelector("[data-playback]");
    var fileLabel = root.querySelector("[data-file-label]");
    var maxSeconds = 120;
    var bits = Number(root.getAttribute("data-bits")) || 32000;
    var recorder = null, stream = null, chunks = [], started = 0, timer = null, announced = {};
    var playbackUrl = null;

    var plainLabel = fileLabel.textContent;
    live.hidden = false;
    fileLabel.textContent = fileLabel.getAttribute("data-or");

    function show(state) {
      recordButton.hidden = state !== "idle";
      stopButton.hidden = state !== "recording";
      time.hidden = state !== "recording";
      againButton.hidden = state !== "done";
      playback.hidden = state !== "done";
      root.setAttribute("data-state", state);
    }

    function release() {
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
      stream = null;
      if (timer) { window.clearInterval(timer); }
      timer = null;
    }

    function tick() {
      var left = Math.max(0, maxSeconds - Math.floor((Date.now() - started) / 1000));
      remaining.textContent = clock(left);
      if (ANNOUNCE_AT.indexOf(left) >= 0 && !announced[left] && left < maxSeconds) {
        announced[left] = true;
        status.textContent = message("left", clock(left));
      }
      if (left <= 0) { stop(); }
    }

    function stop() {
      if (recorder && recorder.state !== "inactive") { recorder.stop(); }
      release();
    }

    function finish() {
      var mime = (recorder.mimeType || type).split(";")[0];
      var blob = new Blob(chunks, { type: mime });
      var name = "recording." + (mime === "audio/mp4" ? "m4a" : "webm");
      var transfer = new DataTransfer();
      transfer.items.add(new File([blob], name, { type: mime }));
      input.files = transfer.files;  // sets no "change" event: the form simply sends it
      if (playbackUrl) { URL.revokeObjectURL(playbackUrl); }
      playbackUrl = URL.createObjectURL(blob);
      playback.src = playbackUrl;
      root.setAttribute("data-recorded-bytes", String(blob.size));
      show("done");
      status.textContent = message("ready");
      playback.focus();
    }

    function failed() {
      release();
      show("idle");
      live.hidden = true;
      fileLabel.textContent = plainLabel;
      status.textContent = message("no-microphone");
      input.focus();
    }

    function start() {
      maxSeconds = Number(root.getAttribute("data-max-seconds")) || 120;
      status.textContent = message("asking");
      mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } })
        .then(function (granted) {
          stream = granted;
          chunks = [];
          announced = {};
          try {
            recorder = new MediaRecorder(stream, { mimeType: type, audioBitsPerSecond: bits });
          } catch (error) {
            failed();
            return;
          }
          recorder.ondataavailable = function (event) {
            if (event.data && event.data.size) { chunks.push(event.data); }
          };
          recorder.onstop = finish;
          recorder.start(1000);
          started = Date.now();
          remaining.textContent = clock(maxSeconds);
          timer = window.setInterval(tick, 250);
          show("recording");
          status.textContent = message("recording");
          stopButton.focus();
        }, failed);
    }

    recordButton.addEventListener("click", start);
    stopButton.addEventListener("click", stop);
    againButton.addEventListener("click", function () {
      input.value = "";
      playback.removeAttribute("src");
      start();
    });
    show("idle");
  }

  function init() { document.querySelectorAll("[data-recorder]").forEach(setup); }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
