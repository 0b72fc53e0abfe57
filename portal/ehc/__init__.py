"""EHC plans and their annual reviews: the plan's date, the local authority and its case
officer; the review's clock (due within 12 months of the plan or the last review), its
steps with their dates, the report to the local authority (PDF) with the progress towards
each outcome, the child's and the parents' views and a recommendation; and what families
are told about asking the council for an EHC needs assessment themselves.

Owns services.py (the plan, the clock, the steps, the report, completing a review),
attention.py (each step on the SENCO's attention list), forms.py, the SENCO's pages
(routes.py), the family's section (on the child's page) and templates/ehc/.
"""

from flask import Blueprint, Flask

from portal import links
from portal.models import AnnualReview

bp = Blueprint("ehc", __name__)


def init_app(app: Flask) -> None:
    from portal.ehc import attention, routes  # noqa: F401  (routes join bp)

    attention.register()
    links.register(AnnualReview, "school", lambda r: links.to("ehc.annual_review", review_id=r.id))
    app.register_blueprint(bp)
