"""Static files under fingerprinted names, cached for a year.

`asset_url("css/portal.css")` gives `/assets/css/portal.3f2a9c1d.css`. A changed file gets
a new name, so browsers can keep every version forever and never show a stale one.
"""

import hashlib
import re
from pathlib import Path

from flask import Flask, abort, send_from_directory, url_for

ONE_YEAR = 365 * 24 * 3600
_FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{10})(?P<suffix>\.[A-Za-z0-9]+)$")


class Assets:
    def __init__(self, folder: Path):
        self.folder = folder
        self._digests: dict[str, tuple[float, str]] = {}

    def digest(self, filename: str) -> str:
        path = self.folder / filename
        mtime = path.stat().st_mtime
        cached = self._digests.get(filename)
        if cached and cached[0] == mtime:
            return cached[1]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        self._digests[filename] = (mtime, digest)
        return digest

    def url(self, filename: str) -> str:
        stem, dot, suffix = filename.rpartition(".")
        name = f"{stem}.{self.digest(filename)}.{suffix}" if dot else filename
        return url_for("assets", filename=name)


def init_app(app: Flask) -> None:
    folder = Path(app.root_path) / "static"
    assets = Assets(folder)
    app.extensions["assets"] = assets
    app.add_template_global(assets.url, "asset_url")

    def serve(filename: str):
        match = _FINGERPRINTED.match(filename)
        real = match["stem"] + match["suffix"] if match else filename
        if not (folder / real).is_file():
            abort(404)
        # A plain name (a stylesheet's url() reference) is served too, briefly cached.
        fresh = match is not None and assets.digest(real) == match["digest"]
        response = send_from_directory(folder, real, max_age=ONE_YEAR if fresh else 60)
        if fresh:
            response.cache_control.immutable = True
            response.cache_control.public = True
        return response

    app.add_url_rule("/assets/<path:filename>", endpoint="assets", view_func=serve)
