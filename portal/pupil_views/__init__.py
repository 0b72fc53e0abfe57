"""Views before a meeting: the pupil's own (easy-read, symbols, read aloud) and their parents'.

Both are `Views` about the pupil, asked for by a meeting's `ViewsRequest`, with one draft,
send and read cycle, so this package owns the parents' views as well as the pupil's:
questions.py (every question, in code), services.py (drafts, sending, read receipts),
forms.py, the pupil's form (pupil_routes.py, under /views/, also used by an adult sitting
with a pupil who has no account), the parent's (parent_routes.py, under /families/views/),
staff reading them (staff_routes.py), templates/pupil_views/, and feeds.py.
"""

from flask import Blueprint, Flask

from portal import links
from portal.models import Views

bp = Blueprint("pupil_views", __name__)


def init_app(app: Flask) -> None:
    from portal.pupil_views import feeds, parent_routes, pupil_routes, staff_routes  # noqa: F401

    feeds.register()
    links.register(
        Views,
        "school",
        lambda v: links.to("pupil_views.staff_views", pupil_id=v.pupil_id, views_id=v.id),
    )
    app.register_blueprint(bp)
