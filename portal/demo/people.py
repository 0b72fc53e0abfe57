"""The demo schools, their staff, families and pupils."""

from datetime import date

import sqlalchemy as sa

from portal.auth.passwords import hash_password, verify_password
from portal.demo.context import Demo
from portal.extensions import db
from portal.models import (
    Membership,
    NeedCode,
    ParentLink,
    Pupil,
    PupilNeed,
    Role,
    School,
    SenStatus,
    TeacherLink,
    User,
)
from portal.records.upn import make_upn

PASSWORD = "demo-pass-2026"

SCHOOLS = [
    {
        "slug": "oakfield",
        "name": "Oakfield Primary School",
        "brand_colour": "#1d4f91",
        "local_authority": "Northshire County Council",
        "local_offer_url": "https://www.northshire.example/send-local-offer",
        "contact_email": "office@oakfield.example",
        "contact_phone": "01632 960 123",
        "default_locale": "en",
        "la_code": 881,
        "establishment": 2104,
    },
    {
        "slug": "riverside",
        "name": "Riverside Academy",
        "brand_colour": "#6b2c5f",
        "local_authority": "Northshire County Council",
        "local_offer_url": "https://www.northshire.example/send-local-offer",
        "contact_email": "office@riverside.example",
        "contact_phone": "01632 960 456",
        "default_locale": "en",
        "la_code": 881,
        "establishment": 4021,
    },
]

# email, name, locale, platform admin, [(school, role, title)]
USERS = [
    ("admin@portal.example", "Portal Administrator", "en", True, []),
    ("senco@oakfield.example", "Priya Shah", "en", False, [("oakfield", Role.SENCO, "SENCO")]),
    (
        "teacher@oakfield.example",
        "Tom Evans",
        "en",
        False,
        [("oakfield", Role.TEACHER, "Class teacher")],
    ),
    ("parent@oakfield.example", "Sarah Clarke", "en", False, [("oakfield", Role.PARENT, None)]),
    ("rodzic@oakfield.example", "Katarzyna Nowak", "pl", False, [("oakfield", Role.PARENT, None)]),
    ("ami@oakfield.example", "Nadia Rahman", "ur", False, [("oakfield", Role.PARENT, None)]),
    ("amma@oakfield.example", "Rahima Begum", "bn", False, [("oakfield", Role.PARENT, None)]),
    ("senco@riverside.example", "David Okafor", "en", False, [("riverside", Role.SENCO, "SENCO")]),
    ("parent@riverside.example", "Lee Brooks", "en", False, [("riverside", Role.PARENT, None)]),
    ("tyler@riverside.example", "Tyler Brooks", "en", False, [("riverside", Role.PUPIL, None)]),
    ("baba@riverside.example", "Omar Haddad", "ar", False, [("riverside", Role.PARENT, None)]),
]

# school, given, family, born, year, status, needs, home language, EAL, serial
PUPILS = [
    (
        "oakfield",
        "Amelia",
        "Clarke",
        date(2019, 3, 14),
        3,
        SenStatus.SEN_SUPPORT,
        [NeedCode.SPLD],
        "en",
        False,
        101,
    ),
    (
        "oakfield",
        "Jayden",
        "Clarke",
        date(2016, 11, 2),
        5,
        SenStatus.EHC_PLAN,
        [NeedCode.ASD],
        "en",
        False,
        102,
    ),
    (
        "oakfield",
        "Zofia",
        "Nowak",
        date(2020, 1, 22),
        2,
        SenStatus.SEN_SUPPORT,
        [NeedCode.SLCN],
        "pl",
        True,
        103,
    ),
    (
        "oakfield",
        "Yusuf",
        "Rahman",
        date(2018, 5, 9),
        4,
        SenStatus.SEN_SUPPORT,
        [NeedCode.SEMH],
        "ur",
        True,
        104,
    ),
    (
        "oakfield",
        "Ayaan",
        "Begum",
        date(2021, 2, 11),
        1,
        SenStatus.SEN_SUPPORT,
        [NeedCode.SLCN],
        "bn",
        True,
        109,
    ),
    ("oakfield", "Oliver", "Hughes", date(2019, 7, 1), 3, SenStatus.NONE, [], "en", False, 105),
    ("oakfield", "Maya", "Patel", date(2017, 2, 17), 5, SenStatus.NONE, [], "gu", True, 106),
    ("oakfield", "Leo", "Williams", date(2020, 6, 3), 2, SenStatus.NONE, [], "en", False, 107),
    ("oakfield", "Isla", "Kowalczyk", date(2018, 10, 12), 4, SenStatus.NONE, [], "pl", True, 108),
    (
        "riverside",
        "Tyler",
        "Brooks",
        date(2011, 10, 30),
        10,
        SenStatus.SEN_SUPPORT,
        [NeedCode.MLD],
        "en",
        False,
        201,
    ),
    (
        "riverside",
        "Lina",
        "Haddad",
        date(2013, 12, 5),
        8,
        SenStatus.SEN_SUPPORT,
        [NeedCode.HI],
        "ar",
        True,
        204,
    ),
    ("riverside", "Chloe", "Adeyemi", date(2012, 4, 8), 9, SenStatus.NONE, [], "yo", True, 202),
    ("riverside", "Harvey", "Mills", date(2010, 12, 19), 11, SenStatus.NONE, [], "en", False, 203),
]

# parent email, pupil (given, family), relationship
PARENTS = [
    ("parent@oakfield.example", ("Amelia", "Clarke"), "mother"),
    ("parent@oakfield.example", ("Jayden", "Clarke"), "mother"),
    ("rodzic@oakfield.example", ("Zofia", "Nowak"), "mother"),
    ("ami@oakfield.example", ("Yusuf", "Rahman"), "mother"),
    ("parent@riverside.example", ("Tyler", "Brooks"), "father"),
    ("amma@oakfield.example", ("Ayaan", "Begum"), "mother"),
    ("baba@riverside.example", ("Lina", "Haddad"), "father"),
]

TEACHERS = [
    ("teacher@oakfield.example", ("Amelia", "Clarke")),
    ("teacher@oakfield.example", ("Zofia", "Nowak")),
]

ACCOUNT_LIST = [
    ("senco@oakfield.example", "Priya Shah, SENCO, Oakfield Primary School"),
    ("teacher@oakfield.example", "Tom Evans, class teacher (Amelia, Zofia)"),
    ("parent@oakfield.example", "Sarah Clarke, parent of Amelia and Jayden"),
    ("rodzic@oakfield.example", "Katarzyna Nowak (Polish), parent of Zofia"),
    ("ami@oakfield.example", "Nadia Rahman (Urdu), parent of Yusuf"),
    ("amma@oakfield.example", "Rahima Begum (Bengali), parent of Ayaan"),
    ("senco@riverside.example", "David Okafor, SENCO, Riverside Academy"),
    ("parent@riverside.example", "Lee Brooks, parent of Tyler"),
    ("tyler@riverside.example", "Tyler Brooks, pupil, Year 10"),
    ("baba@riverside.example", "Omar Haddad (Arabic), parent of Lina"),
    ("admin@portal.example", "installation administrator"),
]


def _one(model, **where):
    return db.session.scalars(sa.select(model).filter_by(**where)).one_or_none()


def seed(demo: Demo) -> None:
    schools: dict[str, School] = {}
    school_numbers = {}
    for spec in SCHOOLS:
        spec = dict(spec)
        school_numbers[spec["slug"]] = (spec.pop("la_code"), spec.pop("establishment"))
        school = _one(School, slug=spec["slug"]) or School(slug=spec["slug"])
        for key, value in spec.items():
            setattr(school, key, value)
        db.session.add(school)
        schools[school.slug] = school
    db.session.flush()

    users: dict[str, User] = {}
    for email, name, locale, platform_admin, memberships in USERS:
        user = _one(User, email=email) or User(email=email, full_name=name)
        user.full_name, user.locale, user.active = name, locale, True
        user.is_platform_admin = platform_admin
        if not verify_password(user.password_hash, PASSWORD):
            user.password_hash = hash_password(PASSWORD)
        db.session.add(user)
        db.session.flush()
        for slug, role, title in memberships:
            school = schools[slug]
            membership = _one(Membership, user_id=user.id, school_id=school.id, role=role)
            if membership is None:
                membership = Membership(user=user, school_id=school.id, role=role)
                db.session.add(membership)
            membership.title, membership.active = title, True
        users[email] = user
    db.session.flush()

    pupils: dict[tuple[str, str], Pupil] = {}
    for slug, given, family, born, year, status, needs, language, eal, serial in PUPILS:
        school = schools[slug]
        la_code, establishment = school_numbers[slug]
        upn = make_upn(la_code, establishment, 2026 - year, serial)
        pupil = _one(Pupil, school_id=school.id, upn=upn) or Pupil(school_id=school.id, upn=upn)
        pupil.given_name, pupil.family_name, pupil.date_of_birth = given, family, born
        pupil.year_group, pupil.sen_status = year, status
        pupil.home_language, pupil.eal = language, eal
        db.session.add(pupil)
        db.session.flush()
        if [n.code for n in pupil.needs] != needs:
            pupil.needs.clear()
            db.session.flush()
            pupil.needs.extend(
                PupilNeed(code=code, rank=rank) for rank, code in enumerate(needs, 1)
            )
        pupils[(given, family)] = pupil

    pupils[("Tyler", "Brooks")].user = users["tyler@riverside.example"]

    for email, pupil_key, relationship in PARENTS:
        user, pupil = users[email], pupils[pupil_key]
        if _one(ParentLink, user_id=user.id, pupil_id=pupil.id) is None:
            db.session.add(ParentLink(user=user, pupil=pupil, relationship_to_pupil=relationship))
    for email, pupil_key in TEACHERS:
        user, pupil = users[email], pupils[pupil_key]
        if _one(TeacherLink, user_id=user.id, pupil_id=pupil.id) is None:
            db.session.add(TeacherLink(user=user, pupil=pupil))
