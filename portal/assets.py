"""Static files under fingerprinted names, cached for a year.

`asset_url("css/portal.css")` gives `/assets/css/portal.3f2a9c1d.css`. A changed file gets
a new name, so browsers can keep every version forever and never show a stale one.
Stylesheets are served with their own `url(...)` references fingerprinted too (the globe
icon, symbols, fonts), so nothing a page loads has to be asked for again. Text files are
gzip-compressed once and kept in memory.
"""

import hashlib
import mimetypes
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, Response, abort, request, url_for
from werkzeug.security import safe_join

from portal import compression

ONE_YEAR = 365 * 24 * 3600
_FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{10})(?P<suffix>\.[A-Za-z0-9]+)$")
# url(...) in a stylesheet, quoted or not.
_CSS_URL = re.compile(r"""url\(\s*(?P<quote>['"]?)(?P<ref>[^'")]+)(?P=quote)\s*\)""")


def fingerprinted_name(filename: str, digest: str) -> str:
    stem, dot, suffix = filename.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else filename


@dataclass
class _Built:
    stamp: tuple  # ((filename, mtime), ...) of the file and the files it refers to
    body: bytes
    digest: str
    gzipped: bytes | None = field(default=None)


class Assets:
    def __init__(self, folder: Path, watch: bool = True):
        self.folder = folder
        # Whether files may change while the portal runs (a developer's server): then every
        # use checks the files' times. A release's files do not change until it restarts.
        self.watch = watch
        self._built: dict[str, _Built] = {}

    def _stamp(self, filenames) -> tuple:
        stamp = []
        for filename in filenames:
            try:
                stamp.append((filename, (self.folder / filename).stat().st_mtime_ns))
            except FileNotFoundError:
                stamp.append((filename, None))
        return tuple(stamp)

    def build(self, filename: str) -> _Built:
        """The file as served, rebuilt when it or a file it refers to changes."""
        built = self._built.get(filename)
        if built and (not self.watch or built.stamp == self._stamp(n for n, _ in built.stamp)):
            return built
        body = (self.folder / filename).read_bytes()
        depends_on = [filename]
        if filename.endswith(".css"):
            body, references = self._fingerprint_references(filename, body)
            depends_on += references
        built = _Built(
            stamp=self._stamp(depends_on),
            body=body,
            digest=hashlib.sha256(body).hexdigest()[:10],
        )
        self._built[filename] = built
        return built

    def _fingerprint_references(self, filename: str, body: bytes) -> tuple[bytes, list[str]]:
        references: list[str] = []
        here = posixpath.dirname(filename)

        def replace(match: re.Match) -> str:
            path, tail = re.fullmatch(r"([^?#]*)(.*)", match["ref"].strip()).groups()
            if ":" in path or path.startswith("/") or not path:
                return match[0]  # data: URIs and absolute references stay as they are
            target = posixpath.normpath(posixpath.join(here, path))
            if target.startswith("..") or not (self.folder / target).is_file():
                return match[0]
            references.append(target)
            directory, name = posixpath.split(path)
            new_path = posixpath.join(directory, fingerprinted_name(name, self.digest(target)))
            return f"url({match['quote']}{new_path}{tail}{match['quote']})"

        text = _CSS_URL.sub(replace, body.decode("utf-8"))
        return text.encode("utf-8"), references

    def digest(self, filename: str) -> str:
        return self.build(filename).digest

    def gzipped(self, filename: str) -> bytes:
        built = self.build(filename)
        if built.gzipped is None:
            built.gzipped = compression.gzip_bytes(built.body)
        return built.gzipped

    def url(self, filename: str) -> str:
        return url_for("assets", filename=fingerprinted_name(filename, self.digest(filename)))


def init_app(app: Flask) -> None:
    folder = Path(app.root_path) / "static"
    assets = Assets(folder, watch=app.debug or bool(app.config.get("TEMPLATES_AUTO_RELOAD")))
    app.extensions["assets"] = assets  # portal.templating offers assets.url as asset_url

    def serve(filename: str):
        match = _FINGERPRINTED.match(filename)
        real = match["stem"] + match["suffix"] if match else filename
        path = safe_join(str(folder), real)
        if path is None or not Path(path).is_file():
            abort(404)
        built = assets.build(real)
        # A plain name, or an old fingerprint, is served too, briefly cached.
        fresh = match is not None and built.digest == match["digest"]
        mimetype = mimetypes.guess_type(real)[0] or "application/octet-stream"
        body, etag = built.body, built.digest
        if compression.wanted(mimetype, len(body)):
            body, etag = assets.gzipped(real), built.digest + "-gzip"
        response = Response(body, mimetype=mimetype)
        if body is not built.body:
            response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
        response.set_etag(etag)
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR if fresh else 60
        if fresh:
            response.cache_control.immutable = True
        return response.make_conditional(request)

    app.add_url_rule("/assets/<path:filename>", endpoint="assets", view_func=serve)
