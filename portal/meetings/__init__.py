"""Meetings about a pupil: booking, changing, cancelling, and asking for views before them.

Owns services.py (booking, invitees, the requests for views, the emails), forms.py, the
SENCO's pages (routes.py, under /senco/), templates/meetings/ (with the sections the
family's and the staff's pupil pages include), and meetings on the timeline (feeds.py).
Giving views is pupil_views'; a meeting's record is plans'.
"""

from flask import Blueprint, Flask

from portal import links
from portal.models import Meeting

bp = Blueprint("meetings", __name__)


def init_app(app: Flask) -> None:
    from portal.meetings import feeds, routes  # noqa: F401  (routes join bp)

    feeds.register()
    links.register(Meeting, "school", lambda m: links.to("meetings.meeting", meeting_id=m.id))
    # Emails about a meeting take the family to their home page, the pupil to theirs.
    links.register(Meeting, "family", lambda m: links.to("families.home"))
    links.register(Meeting, "pupil", lambda m: links.to("pupils.home"))
    app.register_blueprint(bp)
