"""Demo: where the two schools and the typed-in services are, so families can sort the Local
Offer by distance; and Zofia's language group, already running while her plan is a draft.

Run after the Local Offer and plans steps; it only fills what is missing, so it brings a
demo database seeded by an earlier release up to date (a new one has all this already).
"""

from datetime import timedelta

import sqlalchemy as sa

from portal.demo.context import Demo
from portal.demo.local_offer import PLACES
from portal.demo.plans import ZOFIA_RECORD
from portal.extensions import db
from portal.models import Plan, PlanStatus, Provision, ServiceLocation, today

SCHOOL_PLACES = {
    "oakfield": (52.9262, -1.2231),  # Ashbridge
    "riverside": (53.0071, -1.0634),  # Kelby
}


def seed(demo: Demo) -> None:
    for slug, (latitude, longitude) in SCHOOL_PLACES.items():
        school = demo.school(slug)
        if school.latitude is None or school.longitude is None:
            school.latitude, school.longitude = latitude, longitude
    for location in db.session.scalars(
        sa.select(ServiceLocation).where(
            ServiceLocation.name.in_(PLACES), ServiceLocation.latitude.is_(None)
        )
    ):
        location.latitude, location.longitude = PLACES[location.name]
    zofia = demo.pupil("Zofia", "Nowak")
    group = db.session.scalar(
        sa.select(Provision)
        .join(Provision.plan)
        .where(
            Plan.pupil_id == zofia.id,
            Plan.status == PlanStatus.DRAFT,
            Provision.description == "Language group with picture stories",
        )
    )
    if group is not None and group.starts_on is None:
        group.starts_on = today() - timedelta(days=ZOFIA_RECORD["days_ago"])
