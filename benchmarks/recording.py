"""How big a recorded answer is: records with Debian's Chromium and its fake microphone, as
static/js/recorder.js does (mono, Opus, 32 kbit/s), and at Chromium's own default bit rate,
in WebM and MP4, then runs each through the portal's own check (portal/files/checks.py).

    .venv/bin/python benchmarks/recording.py              # two minutes, in real time
    .venv/bin/python benchmarks/recording.py --seconds 10

Needs /usr/bin/chromium (or CHROMIUM_PATH). All recordings run at once, so two minutes of
sound take about two minutes.
"""

import argparse
import base64
import functools
import http.server
import os
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal.files.checks import (  # noqa: E402
    RECORDING_BITS_PER_SECOND,
    RECORDING_MAX_BYTES,
    Rejected,
    check_recording,
)

PAGE = """<!doctype html><meta charset="utf-8"><script>
async function record(mimeType, seconds, bits) {
  const stream = await navigator.mediaDevices.getUserMedia(
    {audio: {channelCount: 1, echoCancellation: true, noiseSuppression: true}});
  const options = {mimeType};
  if (bits) options.audioBitsPerSecond = bits;
  const recorder = new MediaRecorder(stream, options);
  const chunks = [];
  recorder.ondataavailable = e => { if (e.data.size) chunks.push(e.data); };
  const stopped = new Promise(resolve => recorder.onstop = resolve);
  recorder.start(1000);
  await new Promise(resolve => setTimeout(resolve, seconds * 1000));
  recorder.stop();
  await stopped;
  stream.getTracks().forEach(t => t.stop());
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return {type: recorder.mimeType, data: btoa(text)};
}
</script>"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="recording-bench-"))
    (folder / "index.html").write_text(PAGE)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    runs = [
        ("WebM, recorder.js (32 kbit/s)", "audio/webm;codecs=opus", RECORDING_BITS_PER_SECOND),
        ("WebM, Chromium's default", "audio/webm;codecs=opus", None),
        ("MP4, recorder.js (32 kbit/s)", "audio/mp4", RECORDING_BITS_PER_SECOND),
        ("MP4, Chromium's default", "audio/mp4", None),
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
            ],
        )
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/index.html")
        results = page.evaluate(
            "([runs, seconds]) => "
            "Promise.all(runs.map(([, type, bits]) => record(type, seconds, bits)))",
            [runs, args.seconds],
        )
        browser.close()
    server.shutdown()
    print(
        f"{args.seconds:g} s of Chromium's fake microphone; the portal's limit is "
        f"{RECORDING_MAX_BYTES:,} bytes"
    )
    for (name, _, _), result in zip(runs, results, strict=True):
        data = base64.b64decode(result["data"])
        try:
            checked = check_recording(data)
            verdict = f"kept as {checked.content_type}, {checked.duration_ms / 1000:.2f} s"
        except Rejected as rejected:
            verdict = f"refused: {rejected.reason}"
        print(f"  {name:32} {len(data):>10,} bytes  {result['type']:26} {verdict}")


if __name__ == "__main__":
    main()
