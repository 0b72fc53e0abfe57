"""Demo plans: one of each state of the assess, plan, do, review cycle.

Amelia and Yusuf have agreed plans with one review behind them; Jayden has an EHC plan
whose annual review is due; Zofia has a draft; Tyler's plan has preparing-for-adulthood
outcomes, is not yet agreed and its review is past its date. Dates are relative to the
day the demo is loaded, so the demo always looks current. A pupil who already has a plan
is left as they are.

Long on purpose: it is data, the story of five pupils told in order, and reads best whole.
"""

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from portal.demo.context import Demo
from portal.extensions import db
from portal.models import (
    BroadArea,
    GroupSize,
    InviteeRole,
    Meeting,
    MeetingInvitee,
    MeetingKind,
    MeetingRecord,
    NextStep,
    Outcome,
    OutcomeResult,
    Plan,
    PlanKind,
    PlanNeed,
    PlanStatus,
    ProgressNote,
    Provision,
    Pupil,
    SpecialistAdvice,
    User,
    Views,
    today,
)
from portal.pupil_views.services import SENT


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def _has_plan(pupil: Pupil) -> bool:
    return (
        db.session.scalar(sa.select(Plan.id).where(Plan.pupil_id == pupil.id).limit(1)) is not None
    )


def _plan(pupil: Pupil, senco: User, *, created: date, **fields) -> Plan:
    plan = Plan(
        pupil=pupil,
        kind=fields.pop("kind", PlanKind.SEN_SUPPORT),
        created_at=_at(created),
        created_by_id=senco.id,
        updated_at=_at(created),
        updated_by_id=senco.id,
    )
    needs = fields.pop("needs", {})
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.area_needs = [PlanNeed(area=area, summary=text) for area, text in needs.items()]
    db.session.add(plan)
    return plan


def _share(plan: Plan, senco: User, shared: date, parent: User | None, agreed: date | None):
    plan.status = PlanStatus.SHARED
    plan.shared_at, plan.shared_by_id = _at(shared, 15), senco.id
    if parent is not None and agreed is not None:
        plan.family_agreed_at, plan.family_agreed_by_id = _at(agreed, 20), parent.id


def _review(plan: Plan, senco: User, on: date, results: list, step: NextStep, **views):
    for outcome, (result, note) in zip(plan.outcomes, results, strict=True):
        outcome.result, outcome.result_note = result, note
    plan.status = PlanStatus.REVIEWED
    plan.reviewed_at, plan.reviewed_by_id = _at(on, 16), senco.id
    plan.next_step = step
    plan.review_pupil_views = views.get("pupil", "")
    plan.review_parent_views = views.get("parent", "")
    plan.review_note = views.get("note", "")


def _notes(plan: Plan, author: User, notes: list[tuple[int, int, str]]) -> None:
    """(outcome index, days ago, note)"""
    db.session.flush()
    for index, days_ago, text in notes:
        outcome = plan.outcomes[index]
        db.session.add(
            ProgressNote(
                outcome=outcome,
                plan_id=plan.id,
                pupil_id=plan.pupil_id,
                author_id=author.id,
                noted_on=today() - timedelta(days=days_ago),
                note=text,
            )
        )


def seed(demo: Demo) -> None:
    now = today()
    oak_senco = demo.user("senco@oakfield.example")
    teacher = demo.user("teacher@oakfield.example")
    sarah = demo.user("parent@oakfield.example")
    nadia = demo.user("ami@oakfield.example")
    river_senco = demo.user("senco@riverside.example")

    amelia = demo.pupil("Amelia", "Clarke")
    if not _has_plan(amelia):
        _amelia(amelia, oak_senco, teacher, sarah, now)
    yusuf = demo.pupil("Yusuf", "Rahman")
    if not _has_plan(yusuf):
        _yusuf(yusuf, oak_senco, nadia, now)
    jayden = demo.pupil("Jayden", "Clarke")
    if not _has_plan(jayden):
        _jayden(jayden, oak_senco, sarah, now)
    zofia = demo.pupil("Zofia", "Nowak")
    if not _has_plan(zofia):
        _zofia(zofia, oak_senco, now)
    tyler = demo.pupil("Tyler", "Brooks")
    if not _has_plan(tyler):
        _tyler(tyler, river_senco, now)
    db.session.flush()

    tom = teacher.full_name
    lee = demo.user("parent@riverside.example")
    for pupil, senco, parent, spec in (
        (amelia, oak_senco, sarah, AMELIA_RECORD),
        (yusuf, oak_senco, nadia, YUSUF_RECORD),
        (jayden, oak_senco, sarah, JAYDEN_RECORD),
        (zofia, oak_senco, demo.user("rodzic@oakfield.example"), ZOFIA_RECORD),
        (tyler, river_senco, lee, TYLER_RECORD),
    ):
        _record(
            pupil,
            senco,
            parent,
            now,
            spec,
            extra_staff=tom if pupil.school_id == amelia.school_id else None,
        )


def _record(pupil, senco, parent, now, spec: dict, extra_staff: str | None) -> None:
    """A past meeting with the parent and its record, shared with the family."""
    has_record = db.session.scalar(
        sa.select(MeetingRecord.id).where(MeetingRecord.pupil_id == pupil.id).limit(1)
    )
    if has_record is not None:
        return
    spec = dict(spec)
    held = now - timedelta(days=spec.pop("days_ago"))
    kind = spec.pop("kind")
    meeting = Meeting(
        school_id=pupil.school_id,
        pupil=pupil,
        kind=kind,
        starts_at=_at(held, 15),
        duration_minutes=45,
        place="SENCO's office",
        booked_by_id=senco.id,
        created_at=_at(held - timedelta(days=14)),
    )
    meeting.invitees = [
        MeetingInvitee(user_id=parent.id, role=InviteeRole.PARENT, name=parent.full_name),
        MeetingInvitee(user_id=senco.id, role=InviteeRole.STAFF, name=f"{senco.full_name}, SENCO"),
    ]
    if extra_staff:
        meeting.invitees.append(
            MeetingInvitee(role=InviteeRole.STAFF, name=f"{extra_staff}, class teacher")
        )
    db.session.add(meeting)
    plan = db.session.scalar(
        sa.select(Plan).where(Plan.pupil_id == pupil.id).order_by(Plan.id.desc()).limit(1)
    )
    record = MeetingRecord(
        meeting=meeting,
        pupil_id=pupil.id,
        plan_id=plan.id if plan else None,
        attended="\n".join(i.name for i in meeting.invitees),
        next_review=plan.review_date if plan and not plan.reviewed_at else None,
        created_at=_at(held, 17),
        created_by_id=senco.id,
        updated_at=_at(held + timedelta(days=1)),
        updated_by_id=senco.id,
        shared_at=_at(held + timedelta(days=1), 9),
        shared_by_id=senco.id,
        **spec,
    )
    db.session.add(record)


AMELIA_STRENGTHS = (
    "Amelia is kind and a good friend. She loves stories when they are read to her, "
    "remembers every detail, and tells them back with great expression. She is good at "
    "drawing and building with Lego, and keeps trying when work is hard."
)


def _amelia(pupil, senco, teacher, parent, now) -> None:
    first = _plan(
        pupil,
        senco,
        created=now - timedelta(days=200),
        strengths=AMELIA_STRENGTHS,
        needs={
            BroadArea.COGNITION: (
                "Amelia finds it hard to link letters and sounds, so reading and spelling "
                "are slow for her and she gets tired in long writing tasks."
            )
        },
        pupil_views="I like stories. Reading on my own is hard. I like it when Mrs Khan helps me.",
        parent_views="Amelia loves bedtime stories but gets upset when she has to read alone.",
        at_school="Phonics catch-up in a small group and short daily word practice.",
        at_home="Read together for 10 minutes most evenings; Amelia points to the words she knows.",
        by_pupil="Practise my word cards and tell Mrs Khan when I am stuck.",
        review_date=now - timedelta(days=60),
    )
    first.outcomes = [
        Outcome(
            position=0,
            area=BroadArea.COGNITION,
            description=(
                "By the end of term, Amelia will be able to decode CVC words with 80% "
                "accuracy and will read 10 high-frequency words on sight"
            ),
            pupil_words="I will read short words and 10 tricky words on my own.",
            target_date=now - timedelta(days=65),
            measure="A check of 20 CVC words and the 10 words on her card, with her teacher.",
        ),
        Outcome(
            position=1,
            area=BroadArea.COGNITION,
            description=(
                "Amelia will write a sentence with a capital letter and a full stop on her "
                "own in 3 out of 4 pieces of writing"
            ),
            pupil_words="I will write a sentence with a capital letter and a full stop.",
            target_date=now - timedelta(days=65),
            measure="Her teacher looks at four pieces of writing in the last two weeks of term.",
        ),
    ]
    first.provisions = [
        Provision(
            outcome=first.outcomes[0],
            description="Phonics catch-up group",
            group_size=GroupSize.SMALL_GROUP,
            sessions_per_week=4,
            minutes_per_session=20,
            delivered_by="Mrs Khan, teaching assistant",
        ),
        Provision(
            outcome=first.outcomes[0],
            description="Precision teaching of high-frequency words",
            group_size=GroupSize.ONE_TO_ONE,
            sessions_per_week=3,
            minutes_per_session=10,
            delivered_by="Mrs Khan, teaching assistant",
        ),
    ]
    _share(first, senco, now - timedelta(days=190), parent, now - timedelta(days=186))
    _notes(
        first,
        teacher,
        [
            (0, 150, "Read 12 of 20 CVC words correctly; knows 4 words on her card."),
            (0, 90, "Read 17 of 20 CVC words. Knows 9 words on sight and is very proud."),
            (1, 100, "Remembers the full stop when reminded; capital letters still missing."),
        ],
    )
    _review(
        first,
        senco,
        now - timedelta(days=60),
        [
            (OutcomeResult.ACHIEVED, "18 of 20 CVC words and all 10 words on sight."),
            (OutcomeResult.PARTLY, "2 out of 4 pieces of writing; keep going."),
        ],
        NextStep.CHANGE,
        pupil="I can read my word cards! Writing is still hard.",
        parent="We can see she reads signs in the street now. Writing is still a struggle.",
        note="Move on to reading short books; keep the sentence target.",
    )
    first.status = PlanStatus.SUPERSEDED
    db.session.flush()

    second = _plan(
        pupil,
        senco,
        created=now - timedelta(days=58),
        predecessor=first,
        strengths=AMELIA_STRENGTHS,
        needs={
            BroadArea.COGNITION: (
                "Amelia now reads simple words but needs practice to read whole books "
                "fluently. Writing sentences on her own is still hard."
            )
        },
        pupil_views="I want to read a whole book to my nan.",
        parent_views="We would like her to enjoy reading on her own.",
        at_school=(
            "Daily reading with an adult from a book at her level; a sentence checklist on "
            "her desk."
        ),
        at_home="Amelia reads her school book to someone at home four times a week.",
        by_pupil="Use my sentence checklist and read my book at home.",
        review_date=now + timedelta(days=40),
    )
    carried = Outcome(
        position=1,
        area=BroadArea.COGNITION,
        description=first.outcomes[1].description,
        pupil_words=first.outcomes[1].pupil_words,
        target_date=now + timedelta(days=35),
        measure=first.outcomes[1].measure,
        carried_from_id=first.outcomes[1].id,
    )
    second.outcomes = [
        Outcome(
            position=0,
            area=BroadArea.COGNITION,
            description=(
                "By the end of the spring term, Amelia will read a short book at her level "
                "(orange book band) aloud with 90% accuracy"
            ),
            pupil_words="I will read a whole short book out loud.",
            target_date=now + timedelta(days=35),
            measure="A running record with her class teacher on an unseen orange book.",
        ),
        carried,
    ]
    second.provisions = [
        Provision(
            outcome=second.outcomes[0],
            description="Daily reading with an adult",
            group_size=GroupSize.ONE_TO_ONE,
            sessions_per_week=5,
            minutes_per_session=15,
            delivered_by="Mrs Khan, teaching assistant",
            starts_on=now - timedelta(days=50),
        ),
        Provision(
            outcome=carried,
            description="Sentence checklist and modelled writing",
            group_size=GroupSize.WHOLE_CLASS,
            sessions_per_week=5,
            minutes_per_session=10,
            delivered_by="Mr Evans, class teacher",
        ),
    ]
    _share(second, senco, now - timedelta(days=55), parent, now - timedelta(days=50))
    _notes(
        second,
        teacher,
        [
            (0, 30, "Read a yellow book band book with 94% accuracy. Ready to try orange."),
            (1, 10, "Used her checklist without being asked in two pieces of writing."),
        ],
    )


def _yusuf(pupil, senco, parent, now) -> None:
    strengths = (
        "Yusuf is funny, curious and very good at maths. He loves football and helping in "
        "the school garden. Younger children look up to him."
    )
    first = _plan(
        pupil,
        senco,
        created=now - timedelta(days=210),
        strengths=strengths,
        needs={
            BroadArea.SEMH: (
                "Yusuf finds big feelings hard to manage, especially after lunchtime or when "
                "plans change. He can leave the classroom when upset."
            )
        },
        pupil_views="Lunchtime is noisy. I like the garden.",
        parent_views="At home he is calm. He says other children leave him out at lunch.",
        at_school="A daily check-in with Ms Ahmed and a calm corner in class.",
        at_home="Talk about the day using the feelings chart the school sent home.",
        by_pupil="Use my take-a-break card when I feel cross.",
        review_date=now - timedelta(days=70),
    )
    first.outcomes = [
        Outcome(
            position=0,
            area=BroadArea.SEMH,
            description=(
                "By February half-term, Yusuf will use his take-a-break card and return to "
                "class within 10 minutes, without an adult prompting him, 4 times out of 5"
            ),
            pupil_words="When I feel cross, I use my card, have a break, and come back.",
            target_date=now - timedelta(days=75),
            measure="Ms Ahmed's daily log of breaks.",
        ),
    ]
    first.provisions = [
        Provision(
            outcome=first.outcomes[0],
            description="Daily check-in with a trusted adult",
            group_size=GroupSize.ONE_TO_ONE,
            sessions_per_week=5,
            minutes_per_session=10,
            delivered_by="Ms Ahmed, learning mentor",
        ),
    ]
    _share(first, senco, now - timedelta(days=200), parent, now - timedelta(days=196))
    _review(
        first,
        senco,
        now - timedelta(days=70),
        [(OutcomeResult.ACHIEVED, "He used the card on his own 9 times out of 10.")],
        NextStep.NEW_OUTCOMES,
        pupil="The card helps. I want to play football at lunch.",
        parent="He is happier. Friendships at lunch still worry us.",
    )
    first.status = PlanStatus.SUPERSEDED
    db.session.flush()

    second = _plan(
        pupil,
        senco,
        created=now - timedelta(days=68),
        predecessor=first,
        strengths=strengths,
        needs={
            BroadArea.SEMH: (
                "Yusuf manages his feelings in class much better. Joining games with other "
                "children at lunchtime is still hard for him."
            )
        },
        pupil_views="I want to play football at lunch with my friends.",
        parent_views="We hope he can make a good friend in his class.",
        at_school="A lunchtime club twice a week and a buddy to start games with.",
        at_home="Invite a classmate to the park at the weekend when possible.",
        by_pupil="Ask to join a game at lunchtime.",
        review_date=now + timedelta(days=30),
    )
    second.outcomes = [
        Outcome(
            position=0,
            area=BroadArea.SEMH,
            description=(
                "By the summer term, Yusuf will join a game with two or more classmates at "
                "lunchtime on at least 3 days a week"
            ),
            pupil_words="I will play games with my friends at lunch.",
            target_date=now + timedelta(days=28),
            measure="The lunchtime supervisor's weekly record.",
        ),
    ]
    second.provisions = [
        Provision(
            outcome=second.outcomes[0],
            description="Lunchtime games club",
            group_size=GroupSize.SMALL_GROUP,
            sessions_per_week=2,
            minutes_per_session=30,
            delivered_by="Ms Ahmed, learning mentor",
        ),
        Provision(
            outcome=second.outcomes[0],
            description="Daily check-in with a trusted adult",
            group_size=GroupSize.ONE_TO_ONE,
            sessions_per_week=5,
            minutes_per_session=10,
            delivered_by="Ms Ahmed, learning mentor",
        ),
    ]
    _share(second, senco, now - timedelta(days=65), parent, now - timedelta(days=60))


def _jayden(pupil, senco, parent, now) -> None:
    plan = _plan(
        pupil,
        senco,
        created=now - timedelta(days=370),
        kind=PlanKind.EHC,
        strengths=(
            "Jayden knows everything about trains and timetables, has an excellent memory, "
            "and is honest and fair. He works well when he knows what is coming next."
        ),
        needs={
            BroadArea.COMMUNICATION: (
                "Jayden is autistic. He finds it hard to start conversations, to work in a "
                "group, and to cope with sudden changes to his day."
            ),
            BroadArea.SENSORY_PHYSICAL: "Loud, busy places such as the hall can overwhelm him.",
        },
        pupil_views="I like maths and trains. Assembly is too loud.",
        parent_views="He needs to know about changes early. He wants a friend.",
        at_school=(
            "A visual timetable and warning of changes; a quiet space; the speech and "
            "language programme from his EHC plan."
        ),
        at_home="Use the same now and next board at home at weekends.",
        by_pupil="Look at my timetable each morning and use my quiet card when I need it.",
        review_date=now + timedelta(days=10),
    )
    plan.outcomes = [
        Outcome(
            position=0,
            area=BroadArea.COMMUNICATION,
            description=(
                "By the end of Year 5, Jayden will take turns in a structured group game "
                "with three classmates for 10 minutes, with one adult prompt or fewer"
            ),
            pupil_words="I will play a game with my friends and take turns.",
            target_date=now + timedelta(days=120),
            measure="Observation by his teaching assistant each half term.",
        ),
        Outcome(
            position=1,
            area=BroadArea.COMMUNICATION,
            description=(
                "Jayden will manage an unexpected change to his timetable using his visual "
                "schedule and stay in class, in 4 out of 5 changes"
            ),
            pupil_words="When things change, I check my timetable and stay calm.",
            target_date=now + timedelta(days=120),
            measure="The class change log kept by his teacher.",
        ),
    ]
    plan.provisions = [
        Provision(
            outcome=plan.outcomes[0],
            description="Speech and language therapy programme (designed by NHS therapist)",
            group_size=GroupSize.ONE_TO_ONE,
            sessions_per_week=2,
            minutes_per_session=30,
            delivered_by="Mrs Okoye, teaching assistant",
        ),
        Provision(
            outcome=plan.outcomes[0],
            description="Social communication group",
            group_size=GroupSize.SMALL_GROUP,
            sessions_per_week=1,
            minutes_per_session=45,
            delivered_by="Mrs Okoye, teaching assistant",
        ),
        Provision(
            outcome=plan.outcomes[1],
            description="Visual timetable and now-and-next board",
            group_size=GroupSize.WHOLE_CLASS,
            sessions_per_week=5,
            minutes_per_session=5,
            delivered_by="Class teacher",
        ),
    ]
    plan.advice = [
        SpecialistAdvice(
            adviser="Speech and language therapist, Northshire NHS Trust",
            given_on=now - timedelta(days=360),
            summary=(
                "Use short, concrete instructions and visual supports. Practise turn-taking "
                "in structured games before free play."
            ),
        ),
        SpecialistAdvice(
            adviser="Educational psychologist, Northshire County Council",
            given_on=now - timedelta(days=400),
            summary="Warn Jayden of changes early and give him a quiet place to go.",
        ),
    ]
    # Shared after the last annual review (355 days ago): the next falls due in 10 days.
    _share(plan, senco, now - timedelta(days=355), parent, now - timedelta(days=350))


def _zofia(pupil, senco, now) -> None:
    plan = _plan(
        pupil,
        senco,
        created=now - timedelta(days=6),
        strengths=(
            "Zofia is bright and observant, speaks Polish fluently at home and loves "
            "singing and painting."
        ),
        needs={
            BroadArea.COMMUNICATION: (
                "Zofia understands more English than she can say. She finds it hard to put "
                "words in the right order in longer sentences, in English and in Polish."
            )
        },
        parent_views="Zofia speaks a lot at home in Polish, but her sentences are short.",
        at_school="Small group language sessions using pictures.",
        review_date=now + timedelta(days=90),
    )
    plan.outcomes = [
        Outcome(
            position=0,
            area=BroadArea.COMMUNICATION,
            description=(
                "By the end of term, Zofia will retell a short picture story in English "
                "using sentences of five or more words"
            ),
            pupil_words="I will tell a story about pictures.",
            target_date=now + timedelta(days=85),
            measure="Recorded retell with the speech and language assistant.",
        ),
    ]
    plan.provisions = [
        Provision(
            outcome=plan.outcomes[0],
            description="Language group with picture stories",
            group_size=GroupSize.SMALL_GROUP,
            sessions_per_week=3,
            minutes_per_session=20,
            delivered_by="Mrs Khan, teaching assistant",
            # Running since the first meeting, while the plan is written (ZOFIA_RECORD).
            starts_on=now - timedelta(days=ZOFIA_RECORD["days_ago"]),
        ),
    ]


def _tyler(pupil, senco, now) -> None:
    plan = _plan(
        pupil,
        senco,
        created=now - timedelta(days=125),
        strengths=(
            "Tyler is practical and reliable. He is good with engines and tools, is kind to "
            "younger students, and wants to be a mechanic."
        ),
        needs={
            BroadArea.COGNITION: (
                "Tyler learns more slowly than others and finds reading long texts and "
                "written exams hard. He needs new steps shown to him and practised."
            )
        },
        pupil_views="I want to work with cars. I want to get the bus on my own.",
        parent_views="We want him to be more independent before college.",
        at_school="Work experience, travel training and reading support in English lessons.",
        at_home="Let Tyler plan a bus trip into town with a parent following behind.",
        by_pupil="Plan my route and keep my work experience log.",
        review_date=now - timedelta(days=5),
    )
    plan.outcomes = [
        Outcome(
            position=0,
            area=BroadArea.COGNITION,
            preparing_for_adulthood=True,
            description=(
                "By July, Tyler will travel on his own by bus from home to college taster "
                "days, planning the route himself"
            ),
            pupil_words="I will get the bus to college on my own.",
            target_date=now + timedelta(days=200),
            measure="Three journeys made alone, checked by a text to his dad on arrival.",
        ),
        Outcome(
            position=1,
            area=BroadArea.COGNITION,
            preparing_for_adulthood=True,
            description=(
                "Tyler will complete a week's work experience at a local garage and keep a "
                "log of the tasks he did each day"
            ),
            pupil_words="I will do a week at the garage and write down what I did.",
            target_date=now + timedelta(days=150),
            measure="His log and a short report from the garage manager.",
        ),
        Outcome(
            position=2,
            area=BroadArea.COGNITION,
            description=(
                "Tyler will read a workplace health and safety notice and answer 4 out of 5 "
                "questions about it correctly"
            ),
            pupil_words="I will read safety signs at work and understand them.",
            target_date=now + timedelta(days=90),
            measure="A short check with his English teacher using a real notice.",
        ),
    ]
    plan.provisions = [
        Provision(
            outcome=plan.outcomes[0],
            description="Travel training",
            group_size=GroupSize.ONE_TO_ONE,
            sessions_per_week=1,
            minutes_per_session=60,
            delivered_by="Mr Hale, careers and transition lead",
        ),
        Provision(
            outcome=plan.outcomes[2],
            description="Reading for work: functional English group",
            group_size=GroupSize.SMALL_GROUP,
            sessions_per_week=2,
            minutes_per_session=40,
            delivered_by="Ms Grant, English teacher",
        ),
    ]
    # The assessment drew on the views Tyler sent with his own account.
    plan.views = db.session.scalars(
        sa.select(Views).where(Views.pupil_id == pupil.id, Views.status.in_(SENT))
    ).all()
    _share(plan, senco, now - timedelta(days=120), None, None)


AMELIA_RECORD = {
    "days_ago": 60,
    "kind": MeetingKind.SEN_SUPPORT_REVIEW,
    "discussed": (
        "Amelia's reading has come on well: she now reads 18 of 20 short words and knows all "
        "10 words on her card. Writing sentences on her own is still hard. Amelia said she "
        "wants to read a whole book to her nan."
    ),
    "agreed": (
        "New outcome: read a short orange book band book aloud with 90% accuracy by the end "
        "of the spring term. Keep the sentence outcome."
    ),
    "actions": (
        "School: daily reading with Mrs Khan from next week. Home: Amelia reads her school "
        "book to someone four times a week. Priya Shah: share the new plan within a week."
    ),
    "support": "Daily 1:1 reading (15 minutes) and a sentence checklist in class.",
}
YUSUF_RECORD = {
    "days_ago": 70,
    "kind": MeetingKind.SEN_SUPPORT_REVIEW,
    "discussed": (
        "Yusuf now uses his take-a-break card on his own and comes back to class. Lunchtimes "
        "are still lonely for him. Mrs Rahman said he is calm at home and loves football."
    ),
    "agreed": "New outcome: join a game with classmates at lunchtime on 3 days a week.",
    "actions": (
        "School: lunchtime games club twice a week; a buddy to start games. Home: invite a "
        "classmate to the park when possible."
    ),
    "support": "Lunchtime games club and the daily check-in with Ms Ahmed.",
}
JAYDEN_RECORD = {
    "days_ago": 355,
    "kind": MeetingKind.EHC_ANNUAL_REVIEW,
    "discussed": (
        "Jayden has settled well into Year 5. He copes with planned changes using his "
        "timetable; sudden changes are still hard. Group work is his next step."
    ),
    "agreed": "Outcomes on turn-taking in group games and on coping with sudden changes.",
    "actions": (
        "School: send the annual review paperwork to the council within two weeks. Home: "
        "use the now and next board at weekends."
    ),
    "support": "Speech and language programme twice a week and a weekly social group.",
}
ZOFIA_RECORD = {
    "days_ago": 10,
    "kind": MeetingKind.INITIAL,
    "discussed": (
        "Mrs Nowak and the school talked about Zofia's speech. She understands a lot but her "
        "sentences are short in English and Polish. An interpreter was offered; Mrs Nowak "
        "preferred to talk in English with her sister there to help."
    ),
    "agreed": "The school will put SEN support in place and write a plan with Mrs Nowak.",
    "actions": (
        "Priya Shah: draft a plan and share it. Mrs Nowak: share what works at home when "
        "Zofia tells stories in Polish."
    ),
    "support": "A small language group three times a week while the plan is written.",
}
TYLER_RECORD = {
    "days_ago": 125,
    "kind": MeetingKind.INITIAL,
    "discussed": (
        "Tyler talked about wanting to be a mechanic and to travel on his own. Mr Brooks "
        "would like him to be more independent before college."
    ),
    "agreed": (
        "Preparing for adulthood outcomes: travel on his own, work experience, reading for work."
    ),
    "actions": "Mr Hale: arrange travel training and a work experience week at a garage.",
    "support": "Weekly travel training and a reading for work group.",
}
