"""Parents' concerns: raised in a few short steps, read, answered and closed by the SENCO.

Owns services.py (the steps, references, replies, closing, the emails), forms.py, the
parent's pages (family_routes.py, under /families/), the SENCO's (school_routes.py, under
/senco/), templates/concerns/, and the concerns in the inbox and on the timeline (feeds.py).
"""

from flask import Blueprint, Flask

from portal import links
from portal.models import Concern

bp = Blueprint("concerns", __name__)


def init_app(app: Flask) -> None:
    from portal.concerns import family_routes, feeds, school_routes  # noqa: F401  (routes join bp)

    feeds.register()
    links.register(
        Concern, "family", lambda c: links.to("concerns.family_concern", concern_id=c.id)
    )
    links.register(Concern, "school", lambda c: links.to("concerns.senco_concern", concern_id=c.id))
    app.register_blueprint(bp)
