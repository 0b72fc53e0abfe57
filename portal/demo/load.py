"""A trust at full size, for load tests and benchmarks: `flask --app portal seed-load`.

N schools of M pupils, a fifth of them with SEN, and three years of what the portal holds
for each: concerns and their messages, parents' and pupils' views, review meetings and
their records, plans with outcomes, provision, progress notes and reviews, each school's
Local Offer and SEN information report, staff and parents with accounts, and the audit
trail (200 events a pupil: about a million for 5 schools of 1,000).

Rows go in with bulk INSERTs through the models' tables, in batches, not through the
services, so 5 × 1,000 takes a minute or two. Everything is drawn from one seeded
random.Random for each school: the same sizes and seed give the same trust (apart from
dates, which are relative to today, and session tokens).

The accounts, every one with the demo password (`demo-pass-2026`), at school k = 1..N:

    senco1@schoolk.load.example     the SENCO
    office1@schoolk.load.example    the school administrator
    teacher1@schoolk.load.example   teacher1 is the featured pupil's class teacher;
    teacher2@ ...                     then the other class teachers and teaching assistants
    parent1@schoolk.load.example    parent1 and parent2 are the featured pupil's parents;
    parent3@ ...                      then every other parent with an account
    pupil1@schoolk.load.example     the featured pupil's own account; pupil2@ ... others
    admin@load.example              the installation administrator

The featured pupil of each school (pupil1, a pupil on SEN support in the school's oldest
year) has everything a page can show: a plan history with reviews and records, a shared
plan under review soon, a booked meeting with views asked of parents and pupil (a draft
from each), a sent concern answered by the school, a closed one, a draft one, and a
question about the plan.
"""

import random
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate, cycle

import sqlalchemy as sa
from flask_babel import force_locale

from portal.auth.passwords import hash_password
from portal.concerns import services as concern_steps
from portal.demo.people import PASSWORD
from portal.demo.security import DEMO_TOTP_SECRET
from portal.extensions import db
from portal.local_offer import services as local_offer
from portal.models import (
    AccessRoute,
    AuditEvent,
    BroadArea,
    Concern,
    ConcernMessage,
    ConcernStatus,
    FormVersion,
    GatheringMethod,
    GroupSize,
    InviteeRole,
    Meeting,
    MeetingAttendee,
    MeetingInvitee,
    MeetingKind,
    MeetingOutcome,
    MeetingRecord,
    Membership,
    NeedCode,
    NextStep,
    Outcome,
    OutcomeResult,
    OutOfDateReport,
    ParentLink,
    Plan,
    PlanKind,
    PlanNeed,
    PlanQuestion,
    PlanStatus,
    ProgressNote,
    Provision,
    Pupil,
    PupilNeed,
    ReportSection,
    Respondent,
    Role,
    School,
    SenInformationReport,
    SenStatus,
    Service,
    ServiceCategory,
    ServiceCategoryLink,
    ServiceContact,
    ServiceCost,
    ServiceLocation,
    ServiceNeed,
    ServiceOrganisation,
    ServiceSource,
    ServiceStatus,
    SpecialistAdvice,
    TeacherLink,
    User,
    Views,
    ViewsRequest,
    ViewsStatus,
    utcnow,
)
from portal.models.plans import plan_views
from portal.pupil_views import questions as q
from portal.records.upn import make_upn
from portal.talking_mat import COLUMNS, FEELINGS_TOPICS

DOMAIN = "load.example"
ADMIN_EMAIL = f"admin@{DOMAIN}"
BATCH = 5000


def school_domain(number: int) -> str:
    return f"school{number}.{DOMAIN}"


def account(kind: str, number: int, school: int) -> str:
    """e.g. account("senco", 1, 3) is senco1@school3.load.example."""
    return f"{kind}{number}@{school_domain(school)}"


@dataclass(frozen=True)
class Sizes:
    schools: int = 5
    pupils: int = 1000
    years: int = 3
    audit_per_pupil: int = 200
    seed: int = 2026


class LoadError(RuntimeError):
    """The database cannot take this load (for example, it already holds these schools)."""


# --- Writing rows in bulk ---------------------------------------------------------------


class Rows:
    """Rows waiting to be written, each given its id when added, written table by table in
    the order foreign keys need."""

    def __init__(self, connection: sa.Connection):
        self.connection = connection
        self.pending: dict[sa.Table, list[dict]] = defaultdict(list)
        self.next_id: dict[sa.Table, int] = {}
        self.written: dict[str, int] = defaultdict(int)

    def add(self, model_or_table, **values) -> int | None:
        table = getattr(model_or_table, "__table__", model_or_table)
        if "id" in table.c and "id" not in values:
            if table not in self.next_id:
                top = self.connection.scalar(sa.select(sa.func.max(table.c.id)))
                self.next_id[table] = (top or 0) + 1
            values["id"] = self.next_id[table]
            self.next_id[table] += 1
        self.pending[table].append(values)
        return values.get("id")

    def write(self) -> None:
        for table in db.metadata.sorted_tables:
            rows = self.pending.pop(table, None)
            if not rows:
                continue
            # executemany needs the same keys in every row of a statement: a column that is
            # empty unless set is filled in, so rows stay in id order (plans point back at
            # earlier plans); the rest are written in groups.
            keys = set().union(*rows)
            empty = [key for key in keys if table.c[key].nullable and table.c[key].default is None]
            for row in rows:
                for key in empty:
                    row.setdefault(key, None)
            by_keys: dict[tuple, list[dict]] = defaultdict(list)
            for row in rows:
                by_keys[tuple(sorted(row))].append(row)
            for group in by_keys.values():
                for start in range(0, len(group), BATCH):
                    self.connection.execute(table.insert(), group[start : start + BATCH])
            self.written[table.name] += len(rows)

    def fix_sequences(self) -> None:
        """PostgreSQL: ids were given here, so move each table's sequence past them."""
        if self.connection.dialect.name != "postgresql":
            return
        for table in self.next_id:
            self.connection.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT max(id) FROM {table.name}))"
                )
            )


# --- Words ------------------------------------------------------------------------------

PLACES = [
    "Ashbridge", "Brookfield", "Castleton", "Deanwood", "Elmstead", "Fairhaven", "Greenhill",
    "Hollybank", "Kingsmead", "Longford", "Millbrook", "Northgate", "Oakridge", "Parkside",
    "Queensway", "Rosehill", "Stanton", "Thornbury", "Upton", "Westbrook", "Yarrow", "Whitley",
]  # fmt: skip
GIVEN = [
    "Oliver", "Amelia", "George", "Isla", "Noah", "Ava", "Arthur", "Mia", "Leo", "Ivy",
    "Harry", "Freya", "Oscar", "Lily", "Archie", "Grace", "Henry", "Sophia", "Theo", "Ella",
    "Muhammad", "Aisha", "Yusuf", "Maryam", "Ibrahim", "Zara", "Ayaan", "Hafsa", "Zain",
    "Fatima", "Jakub", "Zofia", "Filip", "Maja", "Szymon", "Lena", "Kacper", "Hanna",
    "Kwame", "Amara", "Tobi", "Chioma", "Jayden", "Chloe", "Tyler", "Maya", "Ethan", "Ruby",
    "Alfie", "Poppy", "Riley", "Evie", "Harvey", "Nadia", "Andrei", "Ioana", "Dev", "Priya",
]  # fmt: skip
FAMILY = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Khan", "Ahmed", "Hussain", "Ali", "Begum", "Rahman", "Nowak", "Kowalski", "Wisniewski",
    "Lewandowski", "Okafor", "Adeyemi", "Mensah", "Clarke", "Hughes", "Edwards", "Brooks",
    "Mills", "Kaur", "Singh", "Shah", "Popescu", "Ionescu", "Murphy", "Kelly", "Campbell",
]  # fmt: skip
ADULT_GIVEN = [
    "Sarah", "Emma", "Laura", "Rebecca", "Claire", "Helen", "James", "David", "Mark", "Paul",
    "Nadia", "Samina", "Imran", "Tariq", "Katarzyna", "Agnieszka", "Piotr", "Tomasz",
    "Grace", "Blessing", "Chinedu", "Lee", "Natalie", "Gemma", "Stuart", "Andrew", "Ruth",
]  # fmt: skip
# Family name → the language the family speaks at home, the locale their account uses.
LANGUAGE_OF = {
    "Nowak": ("pl", "pl"), "Kowalski": ("pl", "pl"), "Wisniewski": ("pl", "pl"),
    "Lewandowski": ("pl", "pl"), "Khan": ("ur", "ur"), "Hussain": ("ur", "ur"),
    "Ahmed": ("ur", "en"), "Begum": ("bn", "en"), "Rahman": ("bn", "en"), "Ali": ("ur", "ur"),
    "Kaur": ("pa", "en"), "Singh": ("pa", "en"), "Popescu": ("ro", "en"),
    "Ionescu": ("ro", "en"), "Adeyemi": ("yo", "en"), "Okafor": ("ig", "en"),
}  # fmt: skip

AREA_OF = {code: code.area for code in NeedCode}
NEED_WEIGHTS = [
    (NeedCode.SLCN, 24), (NeedCode.SEMH, 20), (NeedCode.ASD, 14), (NeedCode.MLD, 12),
    (NeedCode.SPLD, 11), (NeedCode.PD, 3), (NeedCode.HI, 2), (NeedCode.VI, 1),
    (NeedCode.SLD, 3), (NeedCode.PMLD, 1), (NeedCode.OTH, 4), (NeedCode.NSA, 5),
]  # fmt: skip

OUTCOMES = {
    BroadArea.COMMUNICATION: [
        ("will ask an adult for help using a sentence starter, in three lessons out of five",
         "I will ask for help when I am stuck."),
        ("will take turns in a small group conversation for five minutes",
         "I will take turns talking in my group."),
        ("will follow a two-part instruction given to the class without a reminder",
         "I will listen and do two things I am asked."),
    ],
    BroadArea.COGNITION: [
        ("will read a book at their level aloud with 95% accuracy",
         "I will read my book to an adult."),
        ("will spell the first 100 high-frequency words correctly in writing",
         "I will spell my tricky words."),
        ("will use a number line to add and subtract within 20 on their own",
         "I will use my number line."),
    ],
    BroadArea.SEMH: [
        ("will use their calm card to take a break and return to class within ten minutes",
         "I will use my calm card when I feel cross."),
        ("will name how they feel to a trusted adult at the start of each day",
         "I will tell an adult how I feel."),
        ("will join a game at break time with two friends, most days",
         "I will play with friends at break."),
    ],
    BroadArea.SENSORY_PHYSICAL: [
        ("will use their writing slope and pencil grip in every writing lesson",
         "I will use my slope when I write."),
        ("will move around the school safely between lessons with their equipment",
         "I will get to my lessons on time."),
        ("will sit at the front with their hearing aid on in every lesson",
         "I will sit at the front and wear my hearing aid."),
    ],
}  # fmt: skip
ADULTHOOD_OUTCOMES = [
    ("will travel to college on the bus on their own by the end of the year",
     "I will get the bus to college on my own."),
    ("will plan and cook a simple meal at home once a week",
     "I will cook a meal once a week."),
]  # fmt: skip
PROVISION = [
    ("Speech and language sessions", GroupSize.SMALL_GROUP, "Speech and language therapist"),
    ("Precision teaching of reading", GroupSize.ONE_TO_ONE, "Teaching assistant"),
    ("Phonics catch-up group", GroupSize.SMALL_GROUP, "Teaching assistant"),
    ("Emotional literacy (ELSA) sessions", GroupSize.ONE_TO_ONE, "ELSA"),
    ("Social skills group", GroupSize.SMALL_GROUP, "Learning mentor"),
    ("Visual timetable and now-and-next board", GroupSize.WHOLE_CLASS, "Class teacher"),
    ("Fine motor skills programme", GroupSize.SMALL_GROUP, "Teaching assistant"),
    ("Maths intervention", GroupSize.SMALL_GROUP, "Teaching assistant"),
    ("Movement breaks", GroupSize.ONE_TO_ONE, "Teaching assistant"),
]
ADVISERS = [
    "Educational psychologist", "Speech and language therapist", "Occupational therapist",
    "Specialist teacher for hearing impairment", "CAMHS practitioner", "Paediatrician",
]  # fmt: skip
NOTES = [
    "Managed this twice this week without a reminder.",
    "Good progress: used the strategy in maths and in English.",
    "Found it hard after the holiday; back on track by Thursday.",
    "Needed two prompts today but finished the task.",
    "Did this on their own in the group session. Very proud.",
    "Not yet: we will keep practising every morning.",
]
PUPIL_ANSWERS = {
    "good_at": ["Football and drawing.", "Lego and making things.", "Helping my friends.",
                "Swimming. I got a badge.", "Maths when it is times tables."],
    "liked": ["I am kind.", "I am funny.", "I help people.", "I share my things."],
    "important": ["My family and my dog.", "My friends and football.", "My nan."],
    "helps": ["When the teacher writes it down.", "Sitting near the front.",
              "A quiet place to work.", "When someone checks I understand."],
    "hard": ["Reading long words.", "When it is noisy.", "Writing a lot.", "Lining up."],
    "better": ["Reading faster.", "Making friends.", "Writing neatly."],
    "job": ["A vet.", "A mechanic.", "Something with computers."],
    "own": ["Get the bus on my own.", "Cook pasta.", "Go to the shop."],
    "health": ["I play football.", "I walk the dog."],
    "community": ["Scouts.", "Football club.", "Going to the park."],
    "happen": ["More help in maths.", "A time-out card.", "Someone to read to me."],
}  # fmt: skip
PARENT_ANSWERS = {
    "going_well": ["Much happier going into school this term.",
                   "Reading at home has really improved."],
    "hard": ["Homework still ends in tears most nights.",
             "Mornings are hard: getting ready takes a long time."],
    "home_changes": ["We moved house in the summer.", ""],
    "hopes": ["That they make good friends and feel confident.",
              "To read well enough to enjoy books on their own."],
    "discuss": ["Whether the speech therapy can continue.", ""],
}  # fmt: skip
FEELINGS = ["very_happy", "happy", "happy", "ok", "ok", "sad", "very_sad", "not_sure"]
CONCERN_TEXT = {
    "talking": "They hardly speak in class and get upset when they are not understood.",
    "social": "They find playtimes hard and have said nobody plays with them.",
    "learning": "Reading is very slow and they say the words move on the page.",
    "feelings": "They have been very worried about school and do not want to go in.",
    "senses": "They cover their ears in the hall and the noise makes them cry.",
    "other": "Something is not right but I am not sure what it is.",
}
SCHOOL_REPLIES = [
    "Thank you for telling us. I have spoken to the class teacher and we will watch closely "
    "over the next two weeks. Could we meet after school on Thursday?",
    "Thank you for your message. We have started a small reading group three mornings a week "
    "and will review it at the next meeting.",
    "I am sorry this has been hard. I have asked our learning mentor to check in every "
    "morning, and I will call you on Friday.",
]
FAMILY_REPLIES = ["Thank you, Thursday is fine.", "That sounds good, thank you for the update."]
SERVICE_KINDS = [
    ("Speech and Language Therapy", ServiceCategory.THERAPY, BroadArea.COMMUNICATION),
    ("Autism Outreach Team", ServiceCategory.LEARNING, BroadArea.COMMUNICATION),
    ("Dyslexia Support Group", ServiceCategory.LEARNING, BroadArea.COGNITION),
    ("Young Minds Wellbeing Service", ServiceCategory.MENTAL_HEALTH, BroadArea.SEMH),
    ("Occupational Therapy", ServiceCategory.THERAPY, BroadArea.SENSORY_PHYSICAL),
    ("Sensory Play Sessions", ServiceCategory.EARLY_YEARS, BroadArea.SENSORY_PHYSICAL),
    ("Short Breaks Club", ServiceCategory.SHORT_BREAKS, None),
    ("Inclusive Youth Club", ServiceCategory.ACTIVITIES, None),
    ("SEND Information, Advice and Support", ServiceCategory.ADVICE, None),
    ("Disability Benefits Advice", ServiceCategory.MONEY, None),
    ("Travel Training", ServiceCategory.TRAVEL, BroadArea.COGNITION),
    ("Preparing for Adulthood Team", ServiceCategory.ADULTHOOD, None),
    ("Children's Community Nursing", ServiceCategory.HEALTH, BroadArea.SENSORY_PHYSICAL),
    ("Family Support Workers", ServiceCategory.SOCIAL_CARE, BroadArea.SEMH),
]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _at(day: date, hour: int = 15, minute: int = 30) -> datetime:
    return datetime.combine(day, time(hour, minute))


# --- One school -------------------------------------------------------------------------


@dataclass
class PupilPlan:
    """What the generator knows about a pupil while writing their history."""

    id: int
    year: int
    sen: SenStatus
    needs: list[NeedCode]
    name: str
    family: str = ""
    user_id: int | None = None
    parents: list[tuple[int, str]] = field(default_factory=list)  # (user id, name)
    teacher: tuple[int, str] | None = None
    since: date | None = None
    featured: bool = False


class SchoolBuilder:
    def __init__(self, rows: Rows, rng: random.Random, number: int, sizes: Sizes, ctx: dict):
        self.rows, self.rng, self.number, self.sizes, self.ctx = rows, rng, number, sizes, ctx
        self.now = utcnow()
        self.today = self.now.date()
        self.window_start = self.today - timedelta(days=365 * sizes.years)
        self.secondary = number % 2 == 0
        self.years = list(range(7, 12)) if self.secondary else list(range(0, 7))
        self.academic_year = self.today.year if self.today.month >= 9 else self.today.year - 1

    # People --------------------------------------------------------------------------

    def user(self, email: str, name: str, locale: str = "en", **extra) -> int:
        return self.rows.add(
            User,
            email=email,
            full_name=name,
            password_hash=self.ctx["password_hash"],
            locale=locale,
            active=True,
            is_platform_admin=False,
            created_at=_at(self.window_start - timedelta(days=30), 9),
            last_login_at=self.now - timedelta(days=self.rng.randint(0, 30)),
            **extra,
        )

    def second_factor(self) -> dict:
        return {"totp_secret": DEMO_TOTP_SECRET, "totp_enabled_at": _at(self.window_start, 9)}

    def member(self, user_id: int, role: Role, title: str | None = None) -> None:
        self.rows.add(
            Membership,
            user_id=user_id,
            school_id=self.school_id,
            role=role,
            title=title,
            active=True,
            created_at=_at(self.window_start - timedelta(days=30), 9),
        )

    def adult_name(self, family: str | None = None) -> str:
        return f"{self.rng.choice(ADULT_GIVEN)} {family or self.rng.choice(FAMILY)}"

    def build(self) -> None:
        rng, number = self.rng, self.number
        place = PLACES[(number - 1) % len(PLACES)]
        suffix = f" {number // len(PLACES) + 1}" if number > len(PLACES) else ""
        self.name = f"{place}{suffix} " + ("Academy" if self.secondary else "Primary School")
        self.school_id = self.rows.add(
            School,
            slug=f"school{number}",
            name=self.name,
            brand_colour=rng.choice(["#1d4f91", "#6b2c5f", "#0b6e4f", "#8a3b12", None]),
            local_authority="Northshire County Council",
            local_offer_url="https://www.northshire.example/send-local-offer",
            contact_email=f"office@{school_domain(number)}",
            contact_phone=f"01632 96{number % 10}{rng.randint(100, 999)}",
            default_locale="en",
            created_at=_at(self.window_start - timedelta(days=60), 9),
        )
        self.staff()
        self.pupils()
        self.families()
        for pupil in self.all_sen:
            self.history(pupil)
        self.concerns()
        self.local_offer()
        self.audit()

    def staff(self) -> None:
        n = self.number
        name = self.adult_name()
        # SENCOs and school administrators need the second step: the demo's published key.
        self.senco = (self.user(account("senco", 1, n), name, **self.second_factor()), name)
        self.member(self.senco[0], Role.SENCO, "SENCO")
        office = self.user(account("office", 1, n), self.adult_name(), **self.second_factor())
        self.member(office, Role.ADMIN, "School office")
        classes = max(1, -(-self.sizes.pupils // 30))
        assistants = max(2, self.sizes.pupils // 100)
        self.class_teachers: list[tuple[int, str]] = []
        self.assistants: list[tuple[int, str]] = []
        for i in range(1, classes + assistants + 1):
            name = self.adult_name()
            user_id = self.user(account("teacher", i, n), name)
            is_class = i <= classes
            self.member(
                user_id, Role.TEACHER, "Class teacher" if is_class else "Teaching assistant"
            )
            (self.class_teachers if is_class else self.assistants).append((user_id, name))

    def pupils(self) -> None:
        rng, sizes = self.rng, self.sizes
        self.all_pupils: list[PupilPlan] = []
        by_year: dict[int, list[PupilPlan]] = defaultdict(list)
        sen_count = sizes.pupils // 5
        sen_indexes = set(rng.sample(range(sizes.pupils), sen_count))
        ehc_indexes = set(rng.sample(sorted(sen_indexes), sen_count // 5))
        per_year = -(-sizes.pupils // len(self.years))
        for i in range(sizes.pupils):
            year = self.years[min(i // per_year, len(self.years) - 1)]
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            language = LANGUAGE_OF.get(family, ("en", "en"))[0]
            born_year = self.academic_year - year - 5
            born = date(born_year, 9, 1) + timedelta(days=rng.randint(0, 364))
            if i in ehc_indexes:
                sen = SenStatus.EHC_PLAN
            elif i in sen_indexes:
                sen = SenStatus.SEN_SUPPORT
            else:
                sen = SenStatus.NONE
            needs = []
            if sen is not SenStatus.NONE:
                needs.append(_weighted(rng, NEED_WEIGHTS))
                if rng.random() < 0.3:
                    second = _weighted(rng, NEED_WEIGHTS)
                    if second is not needs[0] and NeedCode.NSA not in (second, needs[0]):
                        needs.append(second)
            entry_year = self.academic_year - (year - (7 if self.secondary else 0))
            serial = len(by_year[year])
            upn = make_upn(881, 2000 + self.number * 10 + serial // 1000, entry_year, serial)
            pupil_id = self.rows.add(
                Pupil,
                school_id=self.school_id,
                given_name=given,
                family_name=family,
                preferred_name=None,
                date_of_birth=born,
                year_group=year,
                upn=upn,
                sen_status=sen,
                home_language=language,
                eal=language != "en",
                created_at=_at(self.window_start - timedelta(days=30), 9),
                updated_at=_at(self.window_start - timedelta(days=30), 9),
            )
            for rank, code in enumerate(needs, 1):
                self.rows.add(PupilNeed, pupil_id=pupil_id, code=code, rank=rank)
            entry = date(entry_year, 9, 1)
            pupil = PupilPlan(pupil_id, year, sen, needs, f"{given} {family}", family)
            pupil.since = max(self.window_start, entry)
            self.all_pupils.append(pupil)
            by_year[year].append(pupil)
        # Classes of about 30 in each year, each with its class teacher.
        self.class_of: dict[int, int] = {}
        teachers = cycle(self.class_teachers)
        for year in self.years:
            group = by_year[year]
            for start in range(0, len(group), 30):
                teacher = next(teachers)
                for pupil in group[start : start + 30]:
                    pupil.teacher = teacher
        self.all_sen = [p for p in self.all_pupils if p.sen is not SenStatus.NONE]
        on_support = [p for p in self.all_sen if p.sen is SenStatus.SEN_SUPPORT]
        featured = max(on_support or self.all_sen or self.all_pupils, key=lambda p: p.year)
        featured.featured = True
        self.featured = featured
        # teacher1 must be the featured pupil's class teacher: swap accounts' roles by
        # giving the featured class to the first class teacher.
        first = self.class_teachers[0]
        if featured.teacher != first:
            old = featured.teacher
            for pupil in self.all_pupils:
                if pupil.teacher == old:
                    pupil.teacher = first
                elif pupil.teacher == first:
                    pupil.teacher = old
        for pupil in self.all_sen:
            self.rows.add(
                TeacherLink,
                user_id=pupil.teacher[0],
                pupil_id=pupil.id,
                created_at=_at(pupil.since, 9),
            )
        for index, pupil in enumerate(self.all_sen):
            assistant = self.assistants[index % len(self.assistants)]
            if index % 3 == 0:
                self.rows.add(TeacherLink, user_id=assistant[0], pupil_id=pupil.id)

    def families(self) -> None:
        """Brothers and sisters share a family; every family with a child with SEN has its
        parents' accounts, and a third of the others one parent's."""
        rng, n = self.rng, self.number
        order = [p for p in self.all_pupils if not p.featured]
        rng.shuffle(order)
        families: list[list[PupilPlan]] = []
        featured_family = [self.featured]
        while order:
            size = _weighted(rng, [(1, 70), (2, 25), (3, 5)])
            family = order[:size]
            del order[:size]
            if not featured_family[1:] and len(family) == 1 and family[0].sen is SenStatus.NONE:
                featured_family.append(family[0])  # the featured pupil has a brother or sister
                continue
            families.append(family)
        families.insert(0, featured_family)
        parent_number = 0
        pupil_number = 0
        for family in families:
            surname = family[0].family
            locale = LANGUAGE_OF.get(surname, ("en", "en"))[1]
            has_sen = any(p.sen is not SenStatus.NONE for p in family)
            if family is featured_family:
                adults = 2
            elif has_sen:
                adults = 2 if rng.random() < 0.6 else 1
            else:
                adults = 1 if rng.random() < 0.33 else 0
            relationships = ["mother", "father"] if adults == 2 else [rng.choice(
                ["mother", "father", "carer", "grandparent"])]  # fmt: skip
            for relationship in relationships[:adults]:
                parent_number += 1
                name = self.adult_name(surname)
                user_id = self.user(account("parent", parent_number, n), name, locale)
                self.member(user_id, Role.PARENT)
                for child in family:
                    self.rows.add(
                        ParentLink,
                        user_id=user_id,
                        pupil_id=child.id,
                        relationship_to_pupil=relationship,
                        parental_responsibility=True,
                        created_at=_at(child.since, 9),
                    )
                    child.parents.append((user_id, name))
            for child in family[1:]:
                if child.family != surname:  # brothers and sisters share the family's name
                    child.family = surname
                    given = child.name.split()[0]
                    child.name = f"{given} {surname}"
                    self.rows.pending[Pupil.__table__][self._pupil_row(child.id)]["family_name"] = (
                        surname
                    )
            # Pupils with SEN from Year 9 have their own accounts, half of them; and the
            # featured pupil, even in a primary school's Year 6.
            for child in family:
                if child.sen is SenStatus.NONE:
                    continue
                if child.featured or (child.year >= 9 and rng.random() < 0.5):
                    pupil_number += 1
                    user_id = self.user(account("pupil", pupil_number, n), child.name)
                    self.member(user_id, Role.PUPIL)
                    child.user_id = user_id
                    self.rows.pending[Pupil.__table__][self._pupil_row(child.id)]["user_id"] = (
                        user_id
                    )

    def _pupil_row(self, pupil_id: int) -> int:
        if not hasattr(self, "_pupil_rows"):
            self._pupil_rows = {
                row["id"]: index for index, row in enumerate(self.rows.pending[Pupil.__table__])
            }
        return self._pupil_rows[pupil_id]

    # History of a pupil with SEN -----------------------------------------------------

    def history(self, pupil: PupilPlan) -> None:
        rng, today = self.rng, self.today
        if pupil.featured or rng.random() < 0.6:
            identified = pupil.since
        else:
            identified = pupil.since + timedelta(
                days=rng.randint(0, max(0, (today - pupil.since).days - 40))
            )
        if not pupil.featured and rng.random() < 0.05:
            return  # newly identified: no plan yet, so the SENCO's attention list shows them
        self.meeting(pupil, MeetingKind.INITIAL, identified, held=True)
        created = identified + timedelta(days=14)
        previous: dict | None = None
        previous_views: list[int] = []
        cycle = 0
        while True:
            cycle += 1
            review_date = created + timedelta(days=rng.randint(100, 125))
            if pupil.featured and created + timedelta(days=140) > today:
                review_date = today + timedelta(days=20)
            plan = self.plan(pupil, created, review_date, previous)
            for views_id in previous_views:
                self.rows.add(plan_views, plan_id=plan["id"], views_id=views_id)
            shared = created + timedelta(days=rng.randint(5, 14))
            if pupil.featured:
                shared = min(shared, today)
            if shared > today:
                plan["status"] = PlanStatus.DRAFT
                break
            self.share(pupil, plan, shared)
            if review_date > today:
                plan["status"] = PlanStatus.SHARED
                if (review_date - today).days <= 42:
                    self.meeting(pupil, self._review_kind(pupil, cycle), review_date, held=False)
                break
            overdue = rng.random() < 0.08  # drawn for every pupil: the same draws follow
            if overdue and not pupil.featured and review_date > today - timedelta(days=45):
                plan["status"] = PlanStatus.SHARED  # the review is overdue
                break
            meeting, previous_views = self.meeting(
                pupil, self._review_kind(pupil, cycle), review_date, held=True, plan=plan
            )
            self.review(plan, review_date)
            if previous is not None:
                previous["status"] = PlanStatus.SUPERSEDED
            previous = plan
            plan["status"] = PlanStatus.REVIEWED
            created = review_date + timedelta(days=rng.randint(1, 10))
            if pupil.featured:
                created = min(created, today)  # whatever the date, a current plan and review
            elif created > today:
                break
            if rng.random() < 0.02:
                self.meeting(pupil, MeetingKind.SPECIALIST, created + timedelta(days=20), True)
        if previous is not None and plan is not previous and plan["status"] is not PlanStatus.DRAFT:
            previous["status"] = PlanStatus.SUPERSEDED

    def _review_kind(self, pupil: PupilPlan, cycle: int) -> MeetingKind:
        if pupil.sen is SenStatus.EHC_PLAN and cycle % 3 == 0:
            return MeetingKind.EHC_ANNUAL_REVIEW
        return MeetingKind.SEN_SUPPORT_REVIEW

    def plan(self, pupil: PupilPlan, created: date, review_date: date, previous) -> dict:
        rng = self.rng
        plan_id = self.rows.add(
            Plan,
            pupil_id=pupil.id,
            kind=PlanKind.EHC if pupil.sen is SenStatus.EHC_PLAN else PlanKind.SEN_SUPPORT,
            status=PlanStatus.DRAFT,
            version=1,
            predecessor_id=previous["id"] if previous else None,
            strengths="Kind and curious; keeps trying when work is hard; good at drawing.",
            pupil_views="Likes working with a friend; wants help with reading.",
            parent_views="Happier at school this year; reading at home is still hard.",
            at_school="Small group work three mornings a week; a visual timetable in class.",
            at_home="Ten minutes of shared reading each evening.",
            by_pupil="Use my checklist and ask for help when I am stuck.",
            review_date=review_date,
            created_at=_at(created, 10),
            created_by_id=self.senco[0],
            updated_at=_at(created, 11),
            updated_by_id=self.senco[0],
        )
        plan = self.rows.pending[Plan.__table__][-1]
        areas = list(dict.fromkeys(AREA_OF[c] for c in pupil.needs if AREA_OF[c]))
        areas = areas or [BroadArea.COGNITION]
        for area in areas:
            self.rows.add(
                PlanNeed,
                plan_id=plan_id,
                area=area,
                summary="Needs help to " + OUTCOMES[area][0][0].split(" will ")[-1] + ".",
            )
        carried = previous.get("_outcomes", []) if previous else []
        outcomes = []
        for position in range(rng.choice([3, 3, 4])):
            if position < len(carried) and carried[position][1]["result"] is not (
                OutcomeResult.ACHIEVED
            ):
                old_id, _, area, words = carried[position]
                text, own = words
                carried_from = old_id
            else:
                area = areas[position % len(areas)]
                text, own = rng.choice(OUTCOMES[area])
                carried_from = None
            adulthood = pupil.year >= 9 and position == 0
            if adulthood and carried_from is None:
                text, own = rng.choice(ADULTHOOD_OUTCOMES)
            first_name = pupil.name.split()[0]
            outcome_id = self.rows.add(
                Outcome,
                plan_id=plan_id,
                position=position,
                version=1,
                area=area,
                description=f"{first_name} {text}.",
                pupil_words=own,
                preparing_for_adulthood=adulthood,
                target_date=review_date,
                measure="Observed in class and recorded weekly by the teaching assistant.",
                carried_from_id=carried_from,
                result=None,
                result_note=None,
                created_at=_at(created, 10),
                updated_at=_at(created, 10),
                updated_by_id=self.senco[0],
            )
            outcomes.append(
                [outcome_id, self.rows.pending[Outcome.__table__][-1], area, (text, own)]
            )
        plan["_outcomes"] = outcomes
        for k in range(rng.choice([2, 2, 3])):
            description, size, who = rng.choice(PROVISION)
            self.rows.add(
                Provision,
                plan_id=plan_id,
                outcome_id=outcomes[k % len(outcomes)][0],
                version=1,
                description=description,
                group_size=size,
                sessions_per_week=rng.choice([1, 2, 3, 3, 5]),
                minutes_per_session=rng.choice([15, 20, 30, 30, 45]),
                delivered_by=who,
                starts_on=created,
                ends_on=review_date,
                updated_at=_at(created, 11),
                updated_by_id=self.senco[0],
            )
        if rng.random() < 0.3:
            self.rows.add(
                SpecialistAdvice,
                plan_id=plan_id,
                version=1,
                adviser=rng.choice(ADVISERS),
                given_on=created - timedelta(days=rng.randint(10, 60)),
                summary="Short, frequent practice; visual prompts; check understanding often.",
                updated_at=_at(created, 11),
                updated_by_id=self.senco[0],
            )
        return plan

    def share(self, pupil: PupilPlan, plan: dict, shared: date) -> None:
        rng = self.rng
        plan["shared_at"], plan["shared_by_id"] = _at(shared, 16), self.senco[0]
        agreed = shared + timedelta(days=rng.randint(1, 20))
        if pupil.parents and rng.random() < 0.9 and agreed <= self.today:
            plan["family_agreed_at"] = _at(agreed, 20)
            plan["family_agreed_by_id"] = pupil.parents[0][0]
        # Progress notes from the class teacher, up to the review or today.
        end = min(plan["review_date"], self.today)
        span = max(1, (end - shared).days)
        for outcome in plan["_outcomes"]:
            for _ in range(rng.choice([0, 1, 1, 2, 3])):
                noted = shared + timedelta(days=rng.randint(0, span))
                author = pupil.teacher if rng.random() < 0.7 else self.assistants[0]
                self.rows.add(
                    ProgressNote,
                    outcome_id=outcome[0],
                    plan_id=plan["id"],
                    pupil_id=pupil.id,
                    author_id=author[0],
                    noted_on=noted,
                    note=rng.choice(NOTES),
                    created_at=_at(noted, 15),
                )
        if pupil.parents and (pupil.featured or rng.random() < 0.05):
            asked = shared + timedelta(days=rng.randint(1, 10))
            replied = rng.random() < 0.8 and not pupil.featured
            self.rows.add(
                PlanQuestion,
                plan_id=plan["id"],
                pupil_id=pupil.id,
                asked_by_id=pupil.parents[0][0],
                question="Will the reading group carry on after half term?",
                language="en",
                asked_at=_at(min(asked, self.today), 19),
                read_at=_at(asked, 8) + timedelta(days=1) if replied else None,
                read_by_id=self.senco[0] if replied else None,
                reply="Yes, until the review, and longer if it helps." if replied else None,
                replied_at=_at(asked, 12) + timedelta(days=1) if replied else None,
                replied_by_id=self.senco[0] if replied else None,
            )

    def review(self, plan: dict, on: date) -> None:
        rng = self.rng
        for _, row, _, _ in plan["_outcomes"]:
            row["result"] = _weighted(
                rng,
                [(OutcomeResult.ACHIEVED, 45), (OutcomeResult.PARTLY, 35),
                 (OutcomeResult.NOT_YET, 20)],
            )  # fmt: skip
            row["result_note"] = "Seen in class and at home."
        plan.update(
            reviewed_at=_at(on, 17),
            reviewed_by_id=self.senco[0],
            review_pupil_views="Happy with the group; wants to keep the calm card.",
            review_parent_views="Pleased with progress in reading.",
            next_step=_weighted(
                rng,
                [
                    (NextStep.CONTINUE, 40),
                    (NextStep.CHANGE, 30),
                    (NextStep.NEW_OUTCOMES, 20),
                    (NextStep.SPECIALIST, 8),
                    (NextStep.EHC_REQUEST, 2),
                ],
            ),  # fmt: skip
            review_note="Reviewed with the family at the meeting.",
        )

    # Meetings, views and records -----------------------------------------------------

    def meeting(self, pupil, kind, day: date, held: bool, plan: dict | None = None):
        rng = self.rng
        starts = _at(day, rng.choice([9, 13, 15, 15, 16]), rng.choice([0, 30]))
        cancelled = held and rng.random() < 0.03 and not pupil.featured
        # What happened, said afterwards: most meetings held with the family there; a few the
        # family could not come to; a few past ones nobody has said yet (the attention list's).
        outcome = None
        if held and not cancelled:
            chance = rng.random()
            if chance < 0.9 or pupil.featured:
                outcome = MeetingOutcome.HELD
            elif chance < 0.95:
                outcome = MeetingOutcome.FAMILY_DID_NOT_COME
        recorded = outcome is not None
        meeting_id = self.rows.add(
            Meeting,
            school_id=self.school_id,
            pupil_id=pupil.id,
            kind=kind,
            starts_at=starts,
            duration_minutes=45,
            place=f"{self.name}, the meeting room",
            video_link=None,
            purpose="We will look at how the help has gone, what is working, and what next.",
            interpreter_needed=False,
            interpreter_language=None,
            booked_by_id=self.senco[0],
            created_at=starts - timedelta(days=21),
            updated_at=starts - timedelta(days=21),
            cancelled_at=starts - timedelta(days=2) if cancelled else None,
            outcome=outcome,
            outcome_recorded_at=_at(day, 17) if recorded else None,
            outcome_recorded_by_id=self.senco[0] if recorded else None,
        )
        if outcome is MeetingOutcome.HELD:
            came = [(user_id, InviteeRole.PARENT, name) for user_id, name in pupil.parents]
            came.append((self.senco[0], InviteeRole.STAFF, f"{self.senco[1]}, SENCO"))
            if kind is not MeetingKind.SPECIALIST:
                came.append((pupil.user_id, InviteeRole.PUPIL, pupil.name))
            for user_id, role, name in came:
                self.rows.add(
                    MeetingAttendee, meeting_id=meeting_id, user_id=user_id, role=role, name=name
                )
        for user_id, name in pupil.parents:
            self.rows.add(
                MeetingInvitee,
                meeting_id=meeting_id,
                user_id=user_id,
                role=InviteeRole.PARENT,
                name=name,
            )
        self.rows.add(
            MeetingInvitee,
            meeting_id=meeting_id,
            user_id=pupil.user_id,
            role=InviteeRole.PUPIL,
            name=pupil.name,
        )
        self.rows.add(
            MeetingInvitee,
            meeting_id=meeting_id,
            user_id=self.senco[0],
            role=InviteeRole.STAFF,
            name=f"{self.senco[1]}, SENCO",
        )
        if pupil.teacher:
            self.rows.add(
                MeetingInvitee,
                meeting_id=meeting_id,
                user_id=pupil.teacher[0],
                role=InviteeRole.STAFF,
                name=f"{pupil.teacher[1]}, class teacher",
            )
        views_ids: list[int] = []
        if kind in (MeetingKind.SEN_SUPPORT_REVIEW, MeetingKind.EHC_ANNUAL_REVIEW):
            views_ids = self.views(pupil, meeting_id, starts, held)
        if outcome is MeetingOutcome.HELD and kind is not MeetingKind.SPECIALIST:
            shared = (self.today - day).days > 14 or rng.random() < 0.5
            self.rows.add(
                MeetingRecord,
                meeting_id=meeting_id,
                pupil_id=pupil.id,
                plan_id=plan["id"] if plan else None,
                version=1,
                attended="\n".join(
                    [name for _, name in pupil.parents]
                    + [f"{self.senco[1]}, SENCO"]
                    + ([f"{pupil.teacher[1]}, class teacher"] if pupil.teacher else [])
                ),
                discussed="How the help this term has gone, at school and at home.",
                agreed="Carry on with the reading group; add a calm card for mornings.",
                actions="Class teacher to share the visual timetable with home.",
                support="Small group reading three times a week.",
                next_review=day + timedelta(days=115),
                created_at=_at(day, 17),
                created_by_id=self.senco[0],
                updated_at=_at(day, 18),
                updated_by_id=self.senco[0],
                shared_at=_at(day + timedelta(days=1), 9) if shared else None,
                shared_by_id=self.senco[0] if shared else None,
            )
        return meeting_id, views_ids

    def views(self, pupil: PupilPlan, meeting_id: int, starts: datetime, held: bool) -> list[int]:
        """Views asked of each parent and of the pupil; those sent, read by the SENCO."""
        rng = self.rng
        sent_ids = []
        # Asked three weeks ahead, but never in the future, for a meeting soon.
        asked = min(starts - timedelta(days=20), self.now - timedelta(days=2))
        due = (starts - timedelta(days=3)).date()
        respondents = [(Respondent.PARENT, uid) for uid, _ in pupil.parents]
        respondents.append((Respondent.PUPIL, pupil.user_id))
        for respondent, user_id in respondents:
            request_id = self.rows.add(
                ViewsRequest,
                school_id=self.school_id,
                pupil_id=pupil.id,
                meeting_id=meeting_id,
                respondent=respondent,
                user_id=user_id,
                form_version=FormVersion.PARENT if respondent is Respondent.PARENT else None,
                due_on=due,
                requested_by_id=self.senco[0],
                created_at=asked,
            )
            if respondent is Respondent.PARENT:
                version = FormVersion.PARENT
            else:
                version = FormVersion.for_year_group(pupil.year)
            chance = rng.random()
            if held:
                answered = pupil.featured or chance < (
                    0.7 if respondent is Respondent.PARENT else 0.65
                )
                state = "read" if answered else ""
            elif pupil.featured and respondent is Respondent.PUPIL:
                state = "draft"
            elif pupil.featured:
                state = "draft" if user_id == pupil.parents[0][0] else ""
            else:
                state = "sent" if chance < 0.35 else "draft" if chance < 0.55 else ""
            if not state:
                continue
            answers, feelings = {}, {}
            questions = q.questions_for(version)
            if state == "draft":
                questions = questions[: rng.randint(1, max(1, len(questions) // 2))]
            for question in questions:
                if question.kind == q.FEELINGS:
                    feelings[question.key] = rng.choice(FEELINGS)
                    continue
                if question.kind == q.BOARD:  # the talking-mat board: a few cards sorted
                    topics = rng.sample(FEELINGS_TOPICS, 4)
                    answers[question.key] = {
                        "board": {t.key: rng.choice(COLUMNS).value for t in topics}
                    }
                    continue
                pool = (PARENT_ANSWERS if version is FormVersion.PARENT else PUPIL_ANSWERS).get(
                    question.key, ["Not sure."]
                )
                words = rng.choice(pool)
                answers[question.key] = {"text": words} if words else {"choice": q.NOT_SURE}
            supported = respondent is Respondent.PUPIL and user_id is None
            author = user_id if user_id else pupil.teacher[0]
            # Sent views are in the past, even for a meeting still to come.
            sent_at = min(asked + timedelta(days=rng.randint(1, 15)), self.now - timedelta(hours=1))
            status = {"read": ViewsStatus.READ, "sent": ViewsStatus.SUBMITTED}.get(
                state, ViewsStatus.DRAFT
            )
            following = q.first_unanswered(q.questions_for(version), answers, feelings)
            views_id = self.rows.add(
                Views,
                school_id=self.school_id,
                pupil_id=pupil.id,
                request_id=request_id,
                respondent=respondent,
                form_version=version,
                status=status,
                language="en",
                answers=answers,
                feelings=feelings,
                step=following.key if status is ViewsStatus.DRAFT and following else None,
                author_id=author,
                supported=supported,
                helped_by=f"{pupil.teacher[1]}, class teacher" if supported else None,
                methods=(
                    [GatheringMethod.WITH_HELP.value, GatheringMethod.SYMBOLS.value]
                    if supported
                    else [GatheringMethod.OWN_WORDS.value]
                    if respondent is Respondent.PUPIL
                    else []
                ),
                supersedes_id=None,
                created_at=asked + timedelta(days=1),
                updated_at=min(sent_at, self.now),
                submitted_at=sent_at if status is not ViewsStatus.DRAFT else None,
                read_at=sent_at + timedelta(days=1) if status is ViewsStatus.READ else None,
                read_by_id=self.senco[0] if status is ViewsStatus.READ else None,
            )
            if status is not ViewsStatus.DRAFT:
                sent_ids.append(views_id)
        return sent_ids

    # Concerns ------------------------------------------------------------------------

    def concerns(self) -> None:
        rng = self.rng
        for pupil in self.all_pupils:
            if not pupil.parents:
                continue
            if pupil.featured:
                plans = [(200, "closed"), (6, "replied"), (0, "draft")]
            elif pupil.sen is not SenStatus.NONE:
                plans = [(None, None)] * rng.choice([0, 1, 1, 2, 3])
            else:
                plans = [(None, None)] if rng.random() < 0.08 else []
            if not pupil.featured and rng.random() < 0.02:
                plans.append((0, "draft"))
            for days_ago, state in plans:
                self.concern(pupil, days_ago, state)

    def concern(self, pupil: PupilPlan, days_ago: int | None, state: str | None) -> None:
        rng = self.rng
        span = (self.today - pupil.since).days
        if days_ago is None:
            days_ago = rng.randint(0, max(0, span))
        raised = self.now - timedelta(days=days_ago, hours=rng.randint(0, 8))
        if state is None:
            if days_ago > 60:
                state = "closed" if rng.random() < 0.85 else "replied"
            elif days_ago > 14:
                state = _weighted(rng, [("replied", 60), ("closed", 30), ("read", 10)])
            else:
                state = _weighted(rng, [("received", 40), ("read", 30), ("replied", 30)])
        parent_id, _ = rng.choice(pupil.parents) if not pupil.featured else pupil.parents[0]
        area = rng.choice(list(concern_steps.AREAS))
        draft = state == "draft"
        status = {
            "draft": ConcernStatus.DRAFT,
            "received": ConcernStatus.RECEIVED,
            "read": ConcernStatus.READ,
            "replied": ConcernStatus.REPLIED,
            "closed": ConcernStatus.CLOSED,
        }[state]
        read_at = raised + timedelta(days=1) if state in ("read", "replied", "closed") else None
        closed_at = raised + timedelta(days=rng.randint(7, 40)) if state == "closed" else None
        concern_id = self.rows.add(
            Concern,
            school_id=self.school_id,
            pupil_id=pupil.id,
            raised_by_id=parent_id,
            reference=None if draft else self._reference(),
            status=status,
            area=area,
            broad_area=concern_steps.AREAS[area].broad_area,
            noticed=CONCERN_TEXT[area],
            since=None if draft else rng.choice(list(concern_steps.SINCE)),
            at_home=None if draft else "It is hard at home too, especially in the evenings.",
            would_like=None if draft else "To meet and agree what help they can have.",
            contact_by=None if draft else rng.choice(list(concern_steps.CONTACT)),
            contact_note=None,
            language="en",
            step="since" if draft else None,
            created_at=raised - timedelta(minutes=20),
            updated_at=raised,
            submitted_at=None if draft else raised,
            read_at=read_at,
            read_by_id=self.senco[0] if read_at else None,
            closed_at=closed_at,
            closed_by_id=self.senco[0] if closed_at else None,
            closing_summary="We met and agreed a plan; the family is happy to close this."
            if closed_at
            else None,
        )
        if state in ("replied", "closed"):
            when = raised + timedelta(days=1, hours=2)
            for k in range(rng.choice([1, 1, 2])):
                self.rows.add(
                    ConcernMessage,
                    concern_id=concern_id,
                    author_id=self.senco[0],
                    from_school=True,
                    body=rng.choice(SCHOOL_REPLIES),
                    language="en",
                    created_at=when + timedelta(days=2 * k),
                )
                if rng.random() < 0.5:
                    self.rows.add(
                        ConcernMessage,
                        concern_id=concern_id,
                        author_id=parent_id,
                        from_school=False,
                        body=rng.choice(FAMILY_REPLIES),
                        language="en",
                        created_at=when + timedelta(days=2 * k + 1),
                    )

    def _reference(self) -> str:
        taken = self.ctx["references"]
        letters = concern_steps.REFERENCE_LETTERS
        while True:
            chars = "".join(self.rng.choice(letters) for _ in range(6))
            reference = f"CN-{chars[:3]}-{chars[3:]}"
            if reference not in taken:
                taken.add(reference)
                return reference

    # The Local Offer -----------------------------------------------------------------

    def local_offer(self, services: int = 60, organisations: int = 12) -> None:
        rng = self.rng
        place = self.name.split()[0]
        organisation_ids = []
        organisation_names = []
        for k in range(organisations):
            name = f"{rng.choice(PLACES)} {rng.choice(['Trust', 'Charity', 'Team', 'Network'])}"
            organisation_names.append(name)
            organisation_ids.append(
                self.rows.add(
                    ServiceOrganisation,
                    school_id=self.school_id,
                    oruk_id=f"org-{self.number}-{k}",
                    name=name,
                    description="Works with families of children with SEND across the county.",
                    website=f"https://org{k}.{school_domain(self.number)}",
                    email=f"hello@org{k}.{school_domain(self.number)}",
                )
            )
        service_ids = []
        for k in range(services):
            kind, category, area = SERVICE_KINDS[k % len(SERVICE_KINDS)]
            town = rng.choice(PLACES)
            org = k % organisations
            status = _weighted(
                rng,
                [(ServiceStatus.ACTIVE, 90), (ServiceStatus.TEMPORARILY_CLOSED, 5),
                 (ServiceStatus.INACTIVE, 5)],
            )  # fmt: skip
            oruk = k % 2 == 0
            # Build the row through the model so the search words are the directory's own.
            service = Service(
                name=f"{town} {kind}",
                description=f"{kind} for children and young people in {town} and around "
                f"{place}.\n\nTalk to us about what your child finds hard; we will help "
                "you find the right support.",
                keywords=f"{kind.lower()}, {town.lower()}, support",
                access_details="Ask your school's SENCO, or contact us yourself.",
                cost_details=None,
                all_needs=area is None and rng.random() < 0.5,
            )
            service.organisation = ServiceOrganisation(name=organisation_names[org])
            service.categories = [ServiceCategoryLink(category=category)]
            service.needs = [ServiceNeed(area=area)] if area else []
            service.locations = [
                ServiceLocation(name=f"{town} Family Hub", address_1="1 High Street",
                                town=town, postcode=f"NS{rng.randint(1, 9)} {rng.randint(1, 9)}QT")
            ]  # fmt: skip
            local_offer.reindex(service)
            checked = self.today - timedelta(days=rng.choice([20, 60, 120, 200, 300, 400, 500]))
            service_id = self.rows.add(
                Service,
                school_id=self.school_id,
                organisation_id=organisation_ids[org],
                name=service.name,
                description=service.description,
                status=status,
                min_age=0 if category is ServiceCategory.EARLY_YEARS else rng.choice([0, 5, 11]),
                max_age=rng.choice([18, 19, 25]),
                all_needs=service.all_needs,
                cost=rng.choice(list(ServiceCost)),
                cost_details=None,
                access_routes=",".join(
                    r.value for r in rng.sample(list(AccessRoute), rng.randint(1, 2))
                ),
                access_details=service.access_details,
                phone=f"01632 9{rng.randint(10000, 99999)}",
                email=f"service{k}@{school_domain(self.number)}",
                website=f"https://service{k}.{school_domain(self.number)}",
                languages=rng.choice(["", "en", "en,pl", "en,ur,pa"]),
                keywords=service.keywords,
                alert=None,
                last_checked=checked,
                source=ServiceSource.ORUK if oruk else ServiceSource.MANUAL,
                oruk_id=f"svc-{self.number}-{k}" if oruk else None,
                search_name=service.search_name,
                search_tags=service.search_tags,
                search_body=service.search_body,
                created_at=_at(self.window_start, 9),
                updated_at=_at(checked, 9),
            )
            service_ids.append(service_id)
            self.rows.add(ServiceCategoryLink, service_id=service_id, category=category)
            if k % 5 == 0:
                second = rng.choice(list(ServiceCategory))
                if second is not category:
                    self.rows.add(ServiceCategoryLink, service_id=service_id, category=second)
            if area:
                self.rows.add(ServiceNeed, service_id=service_id, area=area, code=None)
            location = service.locations[0]
            self.rows.add(
                ServiceLocation,
                service_id=service_id,
                position=0,
                name=location.name,
                address_1=location.address_1,
                town=location.town,
                postcode=location.postcode,
                accessibility="Step-free entrance; quiet room available.",
            )
            if rng.random() < 0.3:
                self.rows.add(
                    ServiceContact,
                    service_id=service_id,
                    position=0,
                    name=self.adult_name(),
                    title="Service lead",
                    email=f"lead{k}@{school_domain(self.number)}",
                )
        for k in range(4):
            self.rows.add(
                OutOfDateReport,
                service_id=service_ids[k * 7 % len(service_ids)],
                school_id=self.school_id,
                note="The phone number on this page no longer works.",
                reply_email=None,
                created_at=self.now - timedelta(days=3 + k * 20),
                staff_emailed=True,
                resolved_at=self.now - timedelta(days=k * 20) if k >= 2 else None,
                resolved_by_id=self.senco[0] if k >= 2 else None,
            )
        with force_locale("en"):
            report = {s.value: f"{self.name}: {s.hint!s}" for s in ReportSection}
        self.rows.add(
            SenInformationReport,
            school_id=self.school_id,
            senco_name=self.senco[1],
            senco_email=account("senco", 1, self.number),
            senco_phone="01632 960 000",
            created_at=_at(self.window_start, 9),
            updated_at=self.now - timedelta(days=90),
            updated_by_id=self.senco[0],
            **report,
        )

    # The audit trail ------------------------------------------------------------------

    AUDIT_ACTIONS = [
        # action, weight, who (senco | teacher | parent), pupil (sen | any | none)
        ("pupil.list", 30, "staff", "any"),
        ("pupil.view", 20, "senco", "sen"),
        ("plan.view", 12, "staff", "sen"),
        ("pupil.timeline", 5, "senco", "sen"),
        ("concern.view", 5, "senco", "sen"),
        ("meeting.view", 4, "senco", "sen"),
        ("pupil.view", 8, "parent", "sen"),
        ("plan.view", 5, "parent", "sen"),
        ("pupil.list", 2, "parent", "any"),
        ("progress_note.create", 3, "teacher", "sen"),
        ("plan.update", 2, "senco", "sen"),
        ("views.read", 1, "senco", "sen"),
        ("pupil.update", 1, "senco", "any"),
        ("concern.reply", 1, "senco", "sen"),
        ("audit.view", 1, "senco", "none"),
    ]

    def audit(self) -> None:
        # Its own generator: event times depend on the second the load runs, and must not
        # change what the rest of the trust draws.
        rng = random.Random(f"{self.sizes.seed}-{self.number}-audit")
        total = self.sizes.audit_per_pupil * self.sizes.pupils
        actions = self.AUDIT_ACTIONS
        cumulative = list(accumulate(weight for _, weight, _, _ in actions))
        sen = self.all_sen or self.all_pupils
        everyone = self.all_pupils
        with_parents = [p for p in sen if p.parents] or sen
        seconds = int((self.now - _at(self.window_start, 0)).total_seconds())
        start = _at(self.window_start, 0)
        events = []
        for _ in range(total):
            action, _, who, which = actions[bisect(cumulative, rng.random() * cumulative[-1])]
            if which == "none":
                pupil = None
            elif who == "parent":
                pupil = rng.choice(with_parents)
            else:
                pupil = rng.choice(sen if which == "sen" else everyone)
            if who == "parent" and pupil is not None and pupil.parents:
                actor = rng.choice(pupil.parents)[0]
            elif who == "teacher" or (who == "staff" and rng.random() < 0.4):
                actor = (pupil.teacher if pupil and pupil.teacher else self.class_teachers[0])[0]
            else:
                actor = self.senco[0]
            events.append(
                (
                    start + timedelta(seconds=rng.randrange(seconds)),
                    actor,
                    pupil.id if pupil else None,
                    action,
                )
            )
        events.sort(key=lambda event: event[0])
        for at, actor, pupil_id, action in events:
            self.rows.add(
                AuditEvent,
                at=at,
                actor_id=actor,
                school_id=self.school_id,
                pupil_id=pupil_id,
                action=action,
                object_type=None,
                object_id=None,
            )


def build(sizes: Sizes, echo=print) -> dict[str, int]:
    """Write the trust; return how many rows went into each table."""
    with db.engine.connect() as connection:
        slugs = [f"school{k}" for k in range(1, sizes.schools + 1)]
        taken = connection.scalars(sa.select(School.slug).where(School.slug.in_(slugs))).all()
        if taken:
            raise LoadError(
                f"The database already holds {', '.join(sorted(taken))}: "
                "load a trust into an empty database."
            )
        references = set(connection.scalars(sa.select(Concern.reference)).all())
    ctx = {"password_hash": hash_password(PASSWORD), "references": references}
    written: dict[str, int] = defaultdict(int)
    with db.engine.connect() as connection:
        rows = Rows(connection)
        if not connection.scalar(sa.select(User.id).where(User.email == ADMIN_EMAIL)):
            rows.add(
                User,
                email=ADMIN_EMAIL,
                full_name="Trust Administrator",
                password_hash=ctx["password_hash"],
                locale="en",
                active=True,
                is_platform_admin=True,
                totp_secret=DEMO_TOTP_SECRET,
                totp_enabled_at=utcnow(),
            )
        for number in range(1, sizes.schools + 1):
            rng = random.Random(f"{sizes.seed}-{number}")  # each school its own, reproducible
            SchoolBuilder(rows, rng, number, sizes, ctx).build()
            _strip_private_keys(rows)
            rows.write()
            connection.commit()
            echo(f"  school{number}: written")
        rows.fix_sequences()
        connection.commit()
        written.update(rows.written)
    return dict(written)


def _strip_private_keys(rows: Rows) -> None:
    """The builder keeps notes on rows under keys starting with _; the tables don't."""
    for table_rows in rows.pending.values():
        for row in table_rows:
            for key in [k for k in row if k.startswith("_")]:
                del row[key]


def accounts(schools: int) -> list[tuple[str, str]]:
    """The accounts to sign in with, for README and the benchmark."""
    listed = [(ADMIN_EMAIL, "installation administrator")]
    for k in range(1, schools + 1):
        listed += [
            (account("senco", 1, k), f"SENCO, school{k}"),
            (account("office", 1, k), f"school administrator, school{k}"),
            (account("teacher", 1, k), f"class teacher of the featured pupil, school{k}"),
            (account("parent", 1, k), f"parent of the featured pupil, school{k}"),
            (account("pupil", 1, k), f"the featured pupil's own account, school{k}"),
        ]
    return listed
