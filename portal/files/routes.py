"""The one address a stored file is served from, for the people the access rule allows."""

import io

from flask import abort, request, send_file
from flask_login import current_user

from portal import access
from portal.files import bp, services
from portal.files.storage import FileMissing
from portal.models import Role

# A file opened on its own is never a page: nothing in it may run or load anything else.
FILE_POLICY = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"


@bp.get("/<int:file_id>")
@access.role_required(Role.PUPIL, Role.TEACHER, Role.SENCO, Role.PARENT)
def download(file_id: int):
    # A player asks for a recording piece by piece: the first request is the one audited.
    audited = not request.range or request.range.ranges[0][0] == 0
    stored = access.file_for(current_user, file_id, action="file.view" if audited else "")
    try:
        data = services.read(stored)
    except FileMissing:
        abort(404)
    response = send_file(
        io.BytesIO(data),
        mimetype=stored.content_type,
        download_name=services.export_name(stored),
        as_attachment=False,
        conditional=True,
        etag=stored.sha256,
        max_age=None,
    )
    response.headers["Content-Security-Policy"] = FILE_POLICY
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
