"""Demo meetings, views and concerns for the demo people.

A meeting for each pupil with SEN, views asked of their parents and of them; Tyler's views
sent from his own account (words, cards and his board); Zofia's started with her teacher beside
her and not finished (question 3 left empty); an
open concern from Sarah Clarke about Amelia and one in Polish from Katarzyna Nowak about
Zofia, already answered once. Found by fixed keys, so running it again changes nothing, except
that meetings whose date has passed move forward again.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from portal.demo.context import Demo
from portal.extensions import db
from portal.models import (
    BroadArea,
    Concern,
    ConcernMessage,
    ConcernStatus,
    FormVersion,
    GatheringMethod,
    InviteeRole,
    Meeting,
    MeetingInvitee,
    MeetingKind,
    Pupil,
    Respondent,
    User,
    Views,
    ViewsRequest,
    ViewsStatus,
    utcnow,
)

# pupil, SENCO, kind, days from today, interpreter language
MEETINGS = [
    (("Amelia", "Clarke"), "senco@oakfield.example", MeetingKind.SEN_SUPPORT_REVIEW, 14, None),
    (("Jayden", "Clarke"), "senco@oakfield.example", MeetingKind.EHC_ANNUAL_REVIEW, 21, None),
    (("Zofia", "Nowak"), "senco@oakfield.example", MeetingKind.SEN_SUPPORT_REVIEW, 10, "pl"),
    (("Yusuf", "Rahman"), "senco@oakfield.example", MeetingKind.SEN_SUPPORT_REVIEW, 17, "ur"),
    (("Tyler", "Brooks"), "senco@riverside.example", MeetingKind.SEN_SUPPORT_REVIEW, 12, None),
]

PURPOSE = (
    "We will look at how the help this term has gone, what is working, and what to try next. "
    "We want to hear from you and from your child."
)

TYLER_ANSWERS = {
    "good_at": "Fixing bikes. I am good at football and I can make people laugh.",
    "liked": "People say I am funny and I help my mates.",
    "important": "My family, my dog Max and playing football on Saturdays.",
    "helps": "When Miss Ahmed gives me the steps written down. Sitting near the front.",
    "hard": "Reading long questions in tests. Maths when it goes fast.",
    "better": "Reading faster and fractions.",
    "job": "I want to be a bike mechanic or work with cars. Maybe a course at college.",
    "own": "Get the bus to town on my own and cook pasta.",
    "health": "I play football and walk Max. I should sleep more.",
    "community": "Football club, and going to the skate park with friends.",
    "happen": "More time in tests and someone to read the questions to me.",
}
# Cards Tyler picked beside his words (portal/symbol_banks.py), and his talking-mat board.
TYLER_CARDS = {
    "good_at": ["sport", "building"],
    "helps": ["explain_again", "seat"],
    "hard": ["reading", "tests"],
    "happen": ["more_time"],
}
TYLER_BOARD = {
    "school": "not_sure",
    "learning": "not_good",
    "friends": "good",
    "pe": "good",
    "reading": "not_good",
    "maths": "not_sure",
    "tests": "not_good",
    "journey": "good",
}
TYLER_FEELINGS = {"safe": "happy"}

# Zofia's half-done views, with Tom Evans beside her: question 3 was skipped (Tom went on
# to the board), and she stopped at question 5. Carrying on opens question 3.
ZOFIA_ANSWERS = {
    "good_at": {
        "text": "Drawing horses. Counting to 20 in English and in Polish.",
        "cards": ["art"],
    },
    "liked": {"text": "She is kind and she shares her pens.", "cards": ["kind"]},
    "feel": {
        "board": {"school": "good", "friends": "not_sure", "art": "good", "break": "not_good"}
    },
}
ZOFIA_FEELINGS: dict = {}

CONCERNS = [
    {
        "reference": "CN-A7K-3PQ",
        "pupil": ("Amelia", "Clarke"),
        "parent": "parent@oakfield.example",
        "area": "learning",
        "broad_area": BroadArea.COGNITION,
        "noticed": (
            "Amelia gets upset when she has to read at home. She says the words jump about "
            "on the page and she covers one eye. Her spelling tests are very low even though "
            "we practise every night."
        ),
        "since": "months",
        "at_home": (
            "Reading homework takes a long time and often ends in tears. Last week she said "
            "she is stupid, which she has never said before."
        ),
        "would_like": (
            "I would like to know if she can be checked for dyslexia, or have her eyes "
            "tested, and what help she can get in class."
        ),
        "contact_by": "phone",
        "contact_note": "After 3pm on weekdays",
        "language": "en",
        "status": ConcernStatus.RECEIVED,
        "days_ago": 3,
        "replies": [],
    },
    {
        "reference": "CN-P4L-8ZW",
        "pupil": ("Zofia", "Nowak"),
        "parent": "rodzic@oakfield.example",
        "area": "talking",
        "broad_area": BroadArea.COMMUNICATION,
        "noticed": (
            "Zofia w domu dużo mówi po polsku, ale w szkole prawie nic nie mówi. Pani "
            "nauczycielka mówi, że Zofia nie odpowiada na pytania i bawi się sama."
        ),
        "since": "year",
        "at_home": (
            "W domu rozmawia z nami normalnie. Kiedy przychodzą goście, którzy mówią po "
            "angielsku, chowa się i milczy."
        ),
        "would_like": (
            "Chciałabym spotkać się z koordynatorką i dowiedzieć się, czy Zofia może dostać "
            "pomoc logopedy."
        ),
        "contact_by": "meeting",
        "contact_note": None,
        "language": "pl",
        "status": ConcernStatus.REPLIED,
        "days_ago": 8,
        "replies": [
            (
                "senco@oakfield.example",
                True,
                "Dear Mrs Nowak, thank you for telling us. I have read your concern and I "
                "would like to meet you. I have booked Zofia's review meeting and asked for a "
                "Polish interpreter. I will also ask our speech and language therapist for "
                "advice. Priya Shah, SENCO",
                "en",
            )
        ],
    },
]


def _local_to_utc(days: int, at: time = time(15, 30)) -> datetime:
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/London"))
    day = datetime.now(zone).date() + timedelta(days=days)
    return datetime.combine(day, at, tzinfo=zone).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def _parents(pupil: Pupil) -> list[User]:
    from portal.models import ParentLink

    return db.session.scalars(
        sa.select(User)
        .join(ParentLink, ParentLink.user_id == User.id)
        .where(ParentLink.pupil_id == pupil.id)
        .order_by(User.id)
    ).all()


def _meeting(demo: Demo, pupil: Pupil, senco: User, kind: MeetingKind, days: int, lang):
    meeting = db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.pupil_id == pupil.id,
            Meeting.kind == kind,
            Meeting.booked_by_id == senco.id,
            Meeting.cancelled_at.is_(None),
        )
        .order_by(Meeting.id)
        .limit(1)
    ).one_or_none()
    if meeting is None:
        meeting = Meeting(
            school_id=pupil.school_id,
            pupil=pupil,
            kind=kind,
            starts_at=_local_to_utc(days),
            duration_minutes=45,
            place=f"{pupil.school.name}, the meeting room",
            purpose=PURPOSE,
            interpreter_needed=lang is not None,
            interpreter_language=lang,
            booked_by=senco,
        )
        db.session.add(meeting)
        parents = _parents(pupil)
        for parent in parents:
            meeting.invitees.append(
                MeetingInvitee(user_id=parent.id, role=InviteeRole.PARENT, name=parent.full_name)
            )
        meeting.invitees.append(
            MeetingInvitee(user_id=pupil.user_id, role=InviteeRole.PUPIL, name=pupil.full_name)
        )
        meeting.invitees.append(
            MeetingInvitee(user_id=senco.id, role=InviteeRole.STAFF, name=senco.full_name)
        )
        db.session.flush()
    elif meeting.starts_at < utcnow():
        meeting.starts_at = _local_to_utc(days)
    return meeting


def _request(meeting: Meeting, respondent: Respondent, user: User | None, senco: User):
    who = ViewsRequest.user_id == user.id if user else ViewsRequest.user_id.is_(None)
    request = db.session.scalars(
        sa.select(ViewsRequest).where(
            ViewsRequest.meeting_id == meeting.id, ViewsRequest.respondent == respondent, who
        )
    ).one_or_none()
    if request is None:
        request = ViewsRequest(
            school_id=meeting.school_id,
            pupil=meeting.pupil,
            meeting=meeting,
            respondent=respondent,
            user=user,
            form_version=FormVersion.PARENT if respondent is Respondent.PARENT else None,
            requested_by_id=senco.id,
        )
        db.session.add(request)
        db.session.flush()
    request.due_on = (meeting.starts_at - timedelta(days=3)).date()
    return request


def _has_views(request: ViewsRequest) -> bool:
    return (
        db.session.scalar(sa.select(Views.id).where(Views.request_id == request.id).limit(1))
        is not None
    )


def seed(demo: Demo) -> None:
    pupil_requests: dict[tuple[str, str], ViewsRequest] = {}
    for pupil_key, senco_email, kind, days, lang in MEETINGS:
        pupil = demo.pupil(*pupil_key)
        senco = demo.user(senco_email)
        meeting = _meeting(demo, pupil, senco, kind, days, lang)
        for parent in _parents(pupil):
            _request(meeting, Respondent.PARENT, parent, senco)
        pupil_requests[pupil_key] = _request(meeting, Respondent.PUPIL, pupil.user, senco)
    db.session.flush()

    tyler_request = pupil_requests[("Tyler", "Brooks")]
    if not _has_views(tyler_request):
        tyler = demo.user("tyler@riverside.example")
        sent_at = utcnow() - timedelta(days=1)
        db.session.add(
            Views(
                school_id=tyler_request.school_id,
                pupil_id=tyler_request.pupil_id,
                request=tyler_request,
                respondent=Respondent.PUPIL,
                form_version=FormVersion.YOUNG_PERSON,
                status=ViewsStatus.SUBMITTED,
                language="en",
                answers={
                    **{
                        key: {
                            "text": text,
                            **({"cards": TYLER_CARDS[key]} if key in TYLER_CARDS else {}),
                        }
                        for key, text in TYLER_ANSWERS.items()
                    },
                    "feel": {"board": dict(TYLER_BOARD)},
                },
                feelings=dict(TYLER_FEELINGS),
                author_id=tyler.id,
                supported=False,
                methods=[GatheringMethod.OWN_WORDS.value],
                created_at=sent_at - timedelta(minutes=25),
                submitted_at=sent_at,
            )
        )

    zofia_request = pupil_requests[("Zofia", "Nowak")]
    if not _has_views(zofia_request):
        teacher = demo.user("teacher@oakfield.example")
        db.session.add(
            Views(
                school_id=zofia_request.school_id,
                pupil_id=zofia_request.pupil_id,
                request=zofia_request,
                respondent=Respondent.PUPIL,
                form_version=FormVersion.PRIMARY,
                status=ViewsStatus.DRAFT,
                language="en",
                answers={key: dict(answer) for key, answer in ZOFIA_ANSWERS.items()},
                feelings=dict(ZOFIA_FEELINGS),
                step="safe",
                author_id=teacher.id,
                supported=True,
            )
        )

    for spec in CONCERNS:
        if db.session.scalar(sa.select(Concern.id).where(Concern.reference == spec["reference"])):
            continue
        pupil = demo.pupil(*spec["pupil"])
        parent = demo.user(spec["parent"])
        raised = utcnow() - timedelta(days=spec["days_ago"])
        concern = Concern(
            school_id=pupil.school_id,
            pupil=pupil,
            raised_by=parent,
            reference=spec["reference"],
            status=spec["status"],
            area=spec["area"],
            broad_area=spec["broad_area"],
            noticed=spec["noticed"],
            since=spec["since"],
            at_home=spec["at_home"],
            would_like=spec["would_like"],
            contact_by=spec["contact_by"],
            contact_note=spec["contact_note"],
            language=spec["language"],
            created_at=raised - timedelta(minutes=20),
            submitted_at=raised,
        )
        db.session.add(concern)
        for offset, (email, from_school, body, language) in enumerate(spec["replies"], 1):
            author = demo.user(email)
            when = raised + timedelta(days=offset)
            concern.read_at, concern.read_by_id = concern.read_at or when, author.id
            concern.messages.append(
                ConcernMessage(
                    author=author,
                    from_school=from_school,
                    body=body,
                    language=language,
                    created_at=when,
                )
            )
