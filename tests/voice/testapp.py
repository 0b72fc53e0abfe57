"""A test-only page that uses every answer macro, for HTTP and browser tests.

Never part of the portal: `make_app` builds a portal app for tests and registers this
blueprint on it before its first request. The page is what the views form's pages will do
with the macros: the answer cards, a recording, a picture and the talking-mat board, posted
as one multipart form, checked and kept through portal.files.services.
"""

from pathlib import Path

from flask import Blueprint, render_template, request
from flask_login import current_user

from portal import access, create_app
from portal.config import for_tests
from portal.extensions import db
from portal.files import services as files
from portal.files.checks import Rejected
from portal.files.recording import recording_page
from portal.models import Role
from portal.safeguarding.services import people_to_talk_to
from portal.symbol_banks import bank_for, valid_keys
from portal.talking_mat import COLUMNS, SCHOOL_TOPICS, read_board

bp = Blueprint("voice_test", __name__, template_folder=str(Path(__file__).parent / "templates"))
ROLES = (Role.PUPIL, Role.TEACHER, Role.SENCO, Role.PARENT)


@bp.route("/test-voice/<int:pupil_id>", methods=["GET", "POST"])
@access.role_required(*ROLES)
@recording_page
def answer(pupil_id: int):
    pupil = access.pupil_for(current_user, pupil_id, *ROLES)
    errors, kept, status = {}, {}, 200
    cards = valid_keys("helps", request.form.getlist("helps-cards"))
    board = read_board(request.form, "feel", SCHOOL_TOPICS)
    if request.method == "POST":
        uploads = {
            "recording": files.keep_recording,
            "picture": files.keep_picture,
        }
        for field, keep in uploads.items():
            upload = request.files.get(field)
            if upload is None or not upload.filename:
                continue
            try:
                kept[field] = keep(pupil, upload.read(), current_user)
            except Rejected as rejected:
                errors[field] = rejected.message
        if errors:
            db.session.rollback()
            status = 400
        else:
            db.session.commit()
    return render_template(
        "voice_test/answer.html",
        pupil=pupil,
        cards=bank_for("helps"),
        chosen=cards,
        topics=SCHOOL_TOPICS,
        columns=COLUMNS,
        board_values=board,
        errors=errors,
        kept=kept,
        posted=request.method == "POST",
        parts=request.args.get("parts", "all"),
        people=people_to_talk_to(pupil),
    ), status


def make_app(database_url: str, **config):
    app = create_app({**for_tests(database_url), **config})
    app.register_blueprint(bp)
    return app
