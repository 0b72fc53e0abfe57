"""Meetings about a pupil: booking, changing, cancelling, and asking for views before them.

Owns services.py (booking, invitees, the requests for views, the emails), outcomes.py (after
the date: held or not, who came, the interpreter), warnings.py (a closed day, a review booked
after it is due), forms.py, the staff's pages (routes.py, under /senco/: the SENCO's for every
pupil, a class teacher's for the pupils linked to them), templates/meetings/ (with the
sections the family's and the staff's pupil pages include), meetings on the timeline
(feeds.py) and on the SENCO's attention list (attention.py: meetings held with parents term
by term, meetings with no outcome or no record). Giving views is pupil_views'; a meeting's
record is plans'.
"""

from flask import Blueprint, Flask

from portal import links
from portal.models import Meeting

bp = Blueprint("meetings", __name__)


def init_app(app: Flask) -> None:
    from portal.meetings import attention, feeds, routes  # noqa: F401  (routes join bp)

    feeds.register()
    attention.register()
    links.register(Meeting, "school", lambda m: links.to("meetings.meeting", meeting_id=m.id))
    # Emails about a meeting take the family to their home page, the pupil to theirs.
    links.register(Meeting, "family", lambda m: links.to("families.home"))
    links.register(Meeting, "pupil", lambda m: links.to("pupils.home"))
    app.register_blueprint(bp)
