"""The graduated approach in the demo, on the same people (issue 12).

- Every past meeting says what happened and who came; the records' actions have their own
  rows (what, who, by when).
- Tom Evans, Amelia's class teacher, booked a catch-up with Sarah Clarke three weeks ago,
  recorded that it was held, wrote and shared its record, added a progress note shared
  with the family, and drafted the review of Amelia's outcomes for Priya to confirm.
- Yusuf's check-in with Nadia Rahman nine days ago has no outcome yet (it is on Priya's
  attention list).
- Jayden's EHC plan: issued by Northshire County Council, case officer Joanne Reid, last
  reviewed 355 days ago, so the annual review is due in 10 days; its meeting is booked for
  day 21 (after it is due: the meeting page warns). Advice and views were asked for.
- Harvey Mills (Riverside) stopped receiving SEN support three weeks ago and his family
  was given the letter (Code 6.43); Katarzyna Nowak was told at a meeting when Zofia's SEN
  support started.
- Northshire SENDIASS and the council's page for asking for an EHC needs assessment;
  both schools' SEN information reports link their SEN policy and accessibility plan.
- Katarzyna Nowak prefers reminders by text (sent as emails until Notify is set up).

Found by fixed keys, so running it again changes nothing.
"""

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.demo.context import Demo
from portal.demo.voices import _local_to_utc
from portal.extensions import db
from portal.models import (
    AnnualReview,
    ChangeSource,
    Channel,
    Contact,
    EhcPlan,
    FamilyTold,
    InviteeRole,
    LocalSupport,
    Meeting,
    MeetingAttendee,
    MeetingInvitee,
    MeetingKind,
    MeetingOutcome,
    MeetingRecord,
    OutcomeResult,
    Plan,
    PlanStatus,
    ProgressNote,
    RecordAction,
    ReminderPreference,
    SenChange,
    SenField,
    SenInformationReport,
    today,
    utcnow,
)

SUPPORT = {
    "sendiass_name": "Northshire SENDIASS",
    "sendiass_phone": "01632 960 400",
    "sendiass_email": "sendiass@northshire.example",
    "sendiass_url": "https://sendiass.northshire.example/",
    "ehc_request_url": "https://localoffer.northshire.example/ehc-needs-assessment",
    "ehc_request_email": "send.team@northshire.example",
}
POLICIES = {
    "oakfield": "https://oakfield.example/policies/",
    "riverside": "https://riverside.example/policies/",
}

# Actions agreed at each demo record's meeting: (what, who, days after the meeting).
ACTIONS = {
    ("Amelia", "Clarke"): [
        ("Daily 1:1 reading with Amelia", "Mrs Khan, teaching assistant", 7),
        ("Read the school book to someone four times a week", "Sarah Clarke", 14),
        ("Share the new plan with the family", "Priya Shah, SENCO", 7),
    ],
    ("Yusuf", "Rahman"): [
        ("Run the lunchtime games club twice a week, with a buddy", "Ms Ahmed", 7),
        ("Invite a classmate to the park", "Nadia Rahman", 28),
    ],
    ("Jayden", "Clarke"): [
        ("Send the annual review report to the council", "Priya Shah, SENCO", 14),
        ("Use the now and next board at weekends", "Sarah Clarke", 7),
    ],
    ("Zofia", "Nowak"): [
        ("Draft a plan and share it with the family", "Priya Shah, SENCO", 14),
        ("Tell the school what works when Zofia tells stories in Polish", "Katarzyna Nowak", 14),
    ],
    ("Tyler", "Brooks"): [
        ("Arrange travel training and a week of work experience at a garage", "Mr Hale", 28),
    ],
}

TOM_MEETING_DAYS_AGO = 21
TOM_RECORD = {
    "discussed": (
        "How Amelia's reading at home is going. Sarah said Amelia now asks to read her book "
        "at bedtime. In class she reads her word card on her own; long sentences are still hard."
    ),
    "agreed": (
        "Keep the daily reading. Try a reading ruler in class for longer sentences. Check how "
        "it went at the review."
    ),
    "support": "Daily 1:1 reading (15 minutes), a sentence checklist, and a reading ruler.",
}
TOM_ACTIONS = [
    ("Try a reading ruler in class for longer sentences", "Tom Evans, class teacher", 7),
    ("Keep a note of the books Amelia reads at home", "Sarah Clarke", 21),
]
TOM_NOTE = (
    "Amelia read a whole page of her book to the class teacher with only two mistakes, and "
    "was proud of it."
)


def _weekday_on_or_before(day: date) -> date:
    """The demo's past meetings fall on a weekday, whatever day the demo is loaded."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _at(day: date, hour: int) -> datetime:
    return _local_to_utc((day - today()).days, time(hour, 0))


def seed(demo: Demo) -> None:
    oakfield, riverside = demo.school("oakfield"), demo.school("riverside")
    _local_support(oakfield.id, riverside.id)
    _policies(demo)
    _past_meetings(demo)
    _tom_for_amelia(demo)
    _yusuf_check_in(demo)
    _jayden_ehc(demo)
    _harvey_told(demo)
    _zofia_told(demo)
    _preferences(demo)


def _local_support(*school_ids: int) -> None:
    for school_id in school_ids:
        support = db.session.scalar(
            sa.select(LocalSupport).where(LocalSupport.school_id == school_id)
        )
        if support is None:
            db.session.add(LocalSupport(school_id=school_id, **SUPPORT))


def _policies(demo: Demo) -> None:
    for slug, url in POLICIES.items():
        school = demo.school(slug)
        report = db.session.scalar(
            sa.select(SenInformationReport).where(SenInformationReport.school_id == school.id)
        )
        if report is not None and not report.sen_policy_url:
            report.sen_policy_url = url + "sen-policy"
            report.accessibility_plan_url = url + "accessibility-plan"


def _attend(meeting: Meeting) -> None:
    """Who came: the invited parents (as the pupil's contacts), staff and others."""
    contacts = {
        c.user_id: c
        for c in db.session.scalars(sa.select(Contact).where(Contact.pupil_id == meeting.pupil_id))
        if c.user_id
    }
    for invitee in meeting.invitees:
        if invitee.role is InviteeRole.PUPIL:
            continue
        contact = contacts.get(invitee.user_id) if invitee.role is InviteeRole.PARENT else None
        meeting.attendees.append(
            MeetingAttendee(
                role=invitee.role,
                name=contact.full_name if contact else invitee.name,
                contact_id=contact.id if contact else None,
                user_id=invitee.user_id,
            )
        )


def _past_meetings(demo: Demo) -> None:
    """Every demo meeting with a record was held; its actions get their own rows."""
    records = db.session.scalars(
        sa.select(MeetingRecord).options(selectinload(MeetingRecord.meeting))
    ).all()
    for record in records:
        meeting = record.meeting
        if meeting.outcome is None:
            meeting.outcome = MeetingOutcome.HELD
            meeting.outcome_recorded_at = record.created_at
            meeting.outcome_recorded_by_id = record.created_by_id
            _attend(meeting)
        if not record.action_items:
            pupil = record.pupil
            for position, (what, who, days) in enumerate(
                ACTIONS.get((pupil.given_name, pupil.family_name), [])
            ):
                record.action_items.append(
                    RecordAction(
                        position=position,
                        what=what,
                        who=who,
                        due_on=meeting.starts_at.date() + timedelta(days=days),
                    )
                )
            if record.action_items:
                record.actions = ""


def _tom_for_amelia(demo: Demo) -> None:
    tom = demo.user("teacher@oakfield.example")
    sarah = demo.user("parent@oakfield.example")
    amelia = demo.pupil("Amelia", "Clarke")
    meeting = db.session.scalar(
        sa.select(Meeting).where(Meeting.pupil_id == amelia.id, Meeting.booked_by_id == tom.id)
    )
    if meeting is None:
        held = _weekday_on_or_before(today() - timedelta(days=TOM_MEETING_DAYS_AGO))
        meeting = Meeting(
            school_id=amelia.school_id,
            pupil=amelia,
            kind=MeetingKind.OTHER,
            starts_at=_at(held, 15),
            duration_minutes=30,
            place="Year 3 classroom",
            purpose="A catch-up on Amelia's reading at home and at school.",
            booked_by=tom,
            created_at=_at(held - timedelta(days=10), 9),
            outcome=MeetingOutcome.HELD,
            outcome_recorded_at=_at(held, 17),
            outcome_recorded_by_id=tom.id,
        )
        meeting.invitees = [
            MeetingInvitee(user_id=sarah.id, role=InviteeRole.PARENT, name=sarah.full_name),
            MeetingInvitee(user_id=tom.id, role=InviteeRole.STAFF, name=tom.full_name),
        ]
        db.session.add(meeting)
        db.session.flush()
        _attend(meeting)
        plan = _current_plan(amelia.id)
        record = MeetingRecord(
            meeting=meeting,
            pupil_id=amelia.id,
            plan_id=plan.id if plan else None,
            attended=f"{sarah.full_name}, mother\n{tom.full_name}, class teacher",
            created_at=_at(held, 17),
            created_by_id=tom.id,
            updated_at=_at(held, 17),
            updated_by_id=tom.id,
            shared_at=_at(held + timedelta(days=1), 8),
            shared_by_id=tom.id,
            **TOM_RECORD,
        )
        record.action_items = [
            RecordAction(position=i, what=what, who=who, due_on=held + timedelta(days=days))
            for i, (what, who, days) in enumerate(TOM_ACTIONS)
        ]
        db.session.add(record)
    plan = _current_plan(amelia.id)
    if plan is None or plan.status is not PlanStatus.SHARED or not plan.outcomes:
        return
    shared = db.session.scalar(
        sa.select(ProgressNote.id).where(
            ProgressNote.plan_id == plan.id, ProgressNote.share_with_family.is_(True)
        )
    )
    if shared is None:
        db.session.add(
            ProgressNote(
                outcome=plan.outcomes[0],
                plan_id=plan.id,
                pupil_id=amelia.id,
                author_id=tom.id,
                noted_on=today() - timedelta(days=6),
                note=TOM_NOTE,
                share_with_family=True,
            )
        )
    if all(o.drafted_at is None for o in plan.outcomes):
        for outcome, result, note in zip(
            plan.outcomes,
            (OutcomeResult.PARTLY, OutcomeResult.NOT_YET),
            (
                "Reads most of a short book aloud; 85% accuracy last week.",
                "Writes one sentence on her own; two with the checklist.",
            ),
            strict=False,
        ):
            outcome.draft_result, outcome.draft_note = result, note
            outcome.drafted_at, outcome.drafted_by_id = utcnow() - timedelta(days=2), tom.id


def _current_plan(pupil_id: int) -> Plan | None:
    return db.session.scalar(
        sa.select(Plan)
        .where(Plan.pupil_id == pupil_id, Plan.status != PlanStatus.SUPERSEDED)
        .order_by(Plan.id.desc())
        .limit(1)
    )


def _yusuf_check_in(demo: Demo) -> None:
    """A meeting nine days ago that nobody has said the outcome of yet."""
    yusuf = demo.pupil("Yusuf", "Rahman")
    senco = demo.user("senco@oakfield.example")
    nadia = demo.user("ami@oakfield.example")
    if db.session.scalar(
        sa.select(Meeting.id).where(Meeting.pupil_id == yusuf.id, Meeting.kind == MeetingKind.OTHER)
    ):
        return
    day = _weekday_on_or_before(today() - timedelta(days=9))
    meeting = Meeting(
        school_id=yusuf.school_id,
        pupil=yusuf,
        kind=MeetingKind.OTHER,
        starts_at=_at(day, 15),
        duration_minutes=20,
        place="Oakfield Primary School, the meeting room",
        purpose="A short check-in on lunchtimes.",
        interpreter_needed=True,
        interpreter_language="ur",
        booked_by=senco,
        created_at=_at(day - timedelta(days=7), 9),
    )
    meeting.invitees = [
        MeetingInvitee(user_id=nadia.id, role=InviteeRole.PARENT, name=nadia.full_name),
        MeetingInvitee(user_id=senco.id, role=InviteeRole.STAFF, name=senco.full_name),
    ]
    db.session.add(meeting)


def _jayden_ehc(demo: Demo) -> None:
    jayden = demo.pupil("Jayden", "Clarke")
    senco = demo.user("senco@oakfield.example")
    plan = db.session.scalar(sa.select(EhcPlan).where(EhcPlan.pupil_id == jayden.id))
    last_review = db.session.scalar(
        sa.select(Meeting.starts_at)
        .join(MeetingRecord, MeetingRecord.meeting_id == Meeting.id)
        .where(Meeting.pupil_id == jayden.id, Meeting.kind == MeetingKind.EHC_ANNUAL_REVIEW)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )
    if plan is None:
        plan = EhcPlan(
            pupil_id=jayden.id,
            issued_on=date(2024, 9, 2),
            local_authority="Northshire County Council",
            case_officer_name="Joanne Reid",
            case_officer_email="joanne.reid@northshire.example",
            case_officer_phone="01632 960 418",
            last_reviewed_on=last_review.date() if last_review else None,
            updated_by_id=senco.id,
        )
        db.session.add(plan)
        db.session.flush()
    from portal.ehc.services import due_after

    review = db.session.scalar(
        sa.select(AnnualReview).where(
            AnnualReview.pupil_id == jayden.id, AnnualReview.completed_at.is_(None)
        )
    )
    upcoming = db.session.scalar(
        sa.select(Meeting.id).where(
            Meeting.pupil_id == jayden.id,
            Meeting.kind == MeetingKind.EHC_ANNUAL_REVIEW,
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at > utcnow(),
        )
    )
    if review is None:
        review = AnnualReview(
            pupil_id=jayden.id,
            ehc_plan_id=plan.id,
            due_on=due_after(plan),
            meeting_id=upcoming,
            advice_requested_on=today() - timedelta(days=3),
            updated_by_id=senco.id,
        )
        db.session.add(review)
    elif review.meeting_id is None:
        review.meeting_id = upcoming


def _harvey_told(demo: Demo) -> None:
    """Harvey had SEN support from Year 8; it ended three weeks ago and his family was given
    the letter."""
    harvey = demo.pupil("Harvey", "Mills")
    senco = demo.user("senco@riverside.example")
    rows = db.session.scalars(sa.select(SenChange).where(SenChange.pupil_id == harvey.id)).all()
    if any(r.family_notice_needed for r in rows):
        return
    for row in rows:
        db.session.delete(row)
    db.session.flush()
    ended = today() - timedelta(days=21)
    db.session.add_all(
        [
            SenChange(
                pupil_id=harvey.id,
                field=SenField.PROVISION,
                to_value="K",
                effective_date=date(2022, 9, 5),
                source=ChangeSource.EARLIER,
            ),
            SenChange(
                pupil_id=harvey.id,
                field=SenField.PROVISION,
                from_value="K",
                to_value="N",
                effective_date=ended,
                recorded_at=utcnow() - timedelta(days=21),
                recorded_by_id=senco.id,
                source=ChangeSource.FORM,
                reason="Reading and maths are now in line with his year group.",
                family_notice_needed=True,
                family_told_on=ended + timedelta(days=1),
                family_told_how=FamilyTold.LETTER_GIVEN,
                family_told_by_id=senco.id,
            ),
        ]
    )


def _zofia_told(demo: Demo) -> None:
    """Zofia's SEN support started when she joined in Year R: Priya told Katarzyna at a
    meeting, with an interpreter, three days later (the SEN history keeps how)."""
    zofia = demo.pupil("Zofia", "Nowak")
    senco = demo.user("senco@oakfield.example")
    start = db.session.scalar(
        sa.select(SenChange).where(
            SenChange.pupil_id == zofia.id,
            SenChange.field == SenField.PROVISION,
            SenChange.to_value == "K",
        )
    )
    if start is None or start.family_notice_needed:
        return
    start.family_notice_needed = True
    start.family_told_on = start.effective_date + timedelta(days=3)
    start.family_told_how = FamilyTold.MEETING
    start.family_told_by_id = senco.id


def _preferences(demo: Demo) -> None:
    kasia = demo.user("rodzic@oakfield.example")
    if (
        db.session.scalar(
            sa.select(ReminderPreference.id).where(ReminderPreference.user_id == kasia.id)
        )
        is None
    ):
        db.session.add(
            ReminderPreference(user_id=kasia.id, channel=Channel.TEXT, mobile="07700 900103")
        )
