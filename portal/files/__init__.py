"""A pupil's recordings and pictures: checked by content, kept behind one storage interface
(a folder under instance/, or S3-compatible object storage), opened only through the access
rule at /files/<id>, never from a public URL.

- storage.py: put, get, stream, delete by key (LocalStorage, S3Storage; from the environment)
- checks.py: what a picture or a recording may be, and the messages when it is not
- containers.py: just enough of WebM and MP4 to know what a recording holds and how long
- services.py: keep, read, transcribe, delete, and every file of a pupil (exports, purges)
- access.py: who may open a file
- routes.py: the one address a file is served from
- recording.py: the headers a page with the recorder needs, and the limits it shows
"""

from flask import Blueprint, Flask

bp = Blueprint("files", __name__)


def init_app(app: Flask) -> None:
    """Fail at start-up, not at a pupil's first upload, if the storage is misdescribed."""
    from portal.files import routes, storage  # noqa: F401  (routes join bp)
    from portal.files.recording import MEDIA_LIMITS

    storage.init_app(app)
    # For the answer macros (templates/macros/answer_media.html), imported without context.
    app.add_template_global(MEDIA_LIMITS, "media_limits")
    app.register_blueprint(bp, url_prefix="/files")
