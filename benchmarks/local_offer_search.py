"""How fast is the Local Offer search with a large directory?

    .venv/bin/python benchmarks/local_offer_search.py [--services 2000] [--database-url URL]

Builds a throwaway database (in-memory SQLite unless --database-url names an empty
PostgreSQL database), fills one school's directory with realistic services, then times
the search service and the whole HTTP request for typical searches. Prints the median and
the 95th percentile in milliseconds.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PORTAL_DEMO", "1")

from portal import create_app  # noqa: E402
from portal.config import for_tests  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.local_offer import directory, services  # noqa: E402
from portal.models import (  # noqa: E402
    BroadArea,
    NeedCode,
    School,
    Service,
    ServiceCategory,
    ServiceCategoryLink,
    ServiceCost,
    ServiceLocation,
    ServiceNeed,
    ServiceOrganisation,
    today,
)

KINDS = [
    "Speech and Language Therapy",
    "Occupational Therapy",
    "Physiotherapy",
    "Youth Club",
    "Autism Family Group",
    "Dyslexia Support",
    "Counselling for Young People",
    "Short Breaks",
    "Parent Carer Forum",
    "Sensory Play Session",
    "Stay and Play",
    "Sleep Clinic",
    "Holiday Club",
    "Swimming Lessons",
    "Travel Training",
    "Careers Advice",
    "ADHD Support",
    "Deaf Youth Club",
    "Early Help Family Support",
    "Supported Internship",
]
PLACES = ["Northam", "Ashbridge", "Kelby", "Millford", "Oakhurst", "Bramley", "Fenwick"]
WORDS = [
    "children",
    "young",
    "people",
    "families",
    "help",
    "support",
    "advice",
    "therapy",
    "speech",
    "language",
    "autism",
    "dyslexia",
    "reading",
    "writing",
    "sensory",
    "physical",
    "mental",
    "health",
    "feelings",
    "anxiety",
    "friends",
    "club",
    "activities",
    "play",
    "swimming",
    "sport",
    "music",
    "art",
    "cooking",
    "trips",
    "holidays",
    "school",
    "college",
    "work",
    "travel",
    "independent",
    "living",
    "parents",
    "carers",
    "group",
    "monthly",
    "weekly",
    "free",
    "referral",
    "drop",
    "in",
    "appointment",
    "specialist",
    "team",
    "nurse",
    "doctor",
    "assessment",
    "communication",
    "learning",
    "behaviour",
]
SEARCHES = [
    ("everything, page 1", {}),
    ("one word", {"q": "therapy"}),
    ("two words", {"q": "youth clubs"}),
    ("a word prefix", {"q": "couns"}),
    ("words and filters", {"q": "autism support", "age": 9, "area": BroadArea.COMMUNICATION}),
    ("filters only", {"area": BroadArea.SEMH, "age": 14, "free_only": True}),
    ("a child's needs and age", {"needs": [NeedCode.SPLD], "age": 7}),
    ("a common word, page 5", {"q": "children", "page": 5}),
    # A family's own word, read through the glossaries (translations/glossary/pl.json).
    ("a Polish word", {"q": "logopeda", "language": "pl"}),
    ("nearest first", {"near": (52.95, -1.15), "by_distance": True}),
    ("words, nearest first", {"q": "speech therapy", "near": (52.95, -1.15), "by_distance": True}),
]


def fill(school: School, count: int, rng: random.Random) -> None:
    organisations = [
        ServiceOrganisation(school_id=school.id, name=f"{place} {kind}")
        for place in PLACES
        for kind in ("Council", "NHS Trust", "Charity", "Community Centre")
    ]
    db.session.add_all(organisations)
    codes = [code for code in NeedCode if code.area]
    places = random.Random(1)  # its own draws, so the services are as before places were added
    batch = []
    for number in range(count):
        kind = rng.choice(KINDS)
        place = rng.choice(PLACES)
        low = rng.choice([None, 0, 2, 5, 11, 14, 16])
        service = Service(
            school_id=school.id,
            name=f"{place} {kind} {number}",
            description=" ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 90))),
            organisation=rng.choice(organisations),
            min_age=low,
            max_age=None if low is None else low + rng.choice([5, 8, 11, 14]),
            cost=rng.choice(list(ServiceCost) + [None]),
            all_needs=rng.random() < 0.2,
            last_checked=today() - timedelta(days=rng.randint(0, 700)),
            keywords=", ".join(rng.sample(WORDS, 3)),
        )
        service.categories = [
            ServiceCategoryLink(category=c) for c in rng.sample(list(ServiceCategory), 2)
        ]
        code = rng.choice(codes)
        service.needs = [ServiceNeed(area=code.area, code=code)]
        service.locations = [
            ServiceLocation(
                name=f"{place} Centre",
                town=place,
                postcode="NS1 4AB",
                latitude=52.95 + places.uniform(-0.2, 0.2),
                longitude=-1.15 + places.uniform(-0.3, 0.3),
            )
        ]
        services.reindex(service)
        batch.append(service)
        if len(batch) == 500:
            db.session.add_all(batch)
            db.session.commit()
            batch = []
    db.session.add_all(batch)
    db.session.commit()


def timed(function, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default="sqlite://")
    args = parser.parse_args()

    app = create_app(for_tests(args.database_url))
    rng = random.Random(2026)
    with app.app_context():
        db.drop_all()
        db.create_all()
        school = School(slug="bench", name="Benchmark School", latitude=52.95, longitude=-1.15)
        db.session.add(school)
        db.session.commit()
        start = time.perf_counter()
        fill(school, args.services, rng)
        print(
            f"{args.services} services on {db.engine.dialect.name}, "
            f"built in {time.perf_counter() - start:.1f} s; {args.repeat} runs each\n"
        )
        print(f"{'search':28} {'service ms':>18} {'HTTP ms':>18}  results")
        client = app.test_client()
        for label, params in SEARCHES:
            query = directory.DirectoryQuery(**params)
            result = directory.directory(school.id, query)

            def search(query=query):
                directory.directory(school.id, query)
                db.session.remove()

            http_params = {
                "q": params.get("q", ""),
                "sort": "distance" if params.get("by_distance") else "",
                "age": params.get("age", ""),
                "area": params["area"].value if params.get("area") else "",
                "free": "y" if params.get("free_only") else "",
                "page": params.get("page", 1),
            }

            language = params.get("language", "en")

            def request(http_params=http_params, language=language):
                response = client.get(
                    "/schools/bench/local-offer",
                    query_string=http_params,
                    headers={"Accept-Language": language},
                )
                assert response.status_code == 200

            service_median, service_p95 = timed(search, args.repeat)
            if "needs" in params:  # a parent's page, behind sign-in: the service alone
                http = f"{'(signed in)':>18}"
            else:
                http_median, http_p95 = timed(request, args.repeat)
                http = f"{http_median:7.1f} (p95 {http_p95:5.1f})"
            print(
                f"{label:28} {service_median:7.1f} (p95 {service_p95:5.1f}) {http}  {result.total}"
            )
        db.session.remove()
        db.drop_all()


if __name__ == "__main__":
    main()
