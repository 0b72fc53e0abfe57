"""The demo school: the same people in every release, so anyone can try every journey.

`seed()` is idempotent. Each part of the product adds its own demo data as a step that
finds the people by email and the pupils by UPN, and creates only what is missing.
"""

from collections.abc import Callable

from portal.demo import (
    cycle,
    family_journeys,
    languages,
    local_offer,
    people,
    plans,
    records,
    security,
    voice,
    voices,
)
from portal.demo.context import Demo
from portal.extensions import db

# Later features append their step here, in the order the data depends on.
STEPS: list[Callable[[Demo], None]] = [
    people.seed,
    voices.seed,
    local_offer.seed,
    plans.seed,
    records.seed,
    voice.seed,  # safeguarding leads: Helen Price (Oakfield), David Okafor (Riverside)
    cycle.seed,  # meetings held, Tom's meeting for Amelia, Jayden's EHC plan, the 6.43 letter
    languages.seed,
    family_journeys.seed,
]
# The SENCOs' and the administrator's second sign-in step (issue 9).
STEPS.append(security.seed)


def seed() -> list[tuple[str, str]]:
    demo = Demo()
    for step in STEPS:
        step(demo)
        db.session.commit()
    return people.ACCOUNT_LIST
