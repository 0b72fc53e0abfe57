"""Reminders: what is due, to whom, sent once, by the way each person chose.

`run()` is what `flask --app portal send-reminders` does, safe to run every 15 minutes:

- views due in two days, to the parent or pupil asked (until they send them);
- a meeting tomorrow, to each person invited with an account, the interpreter noted;
- a review due in two weeks, to the SENCOs and the pupil's linked teachers;
- an EHC annual review step due within a week, to the SENCOs;
- a concern unanswered after five school days, to the SENCOs.

Each reminder has a key (kind, thing, person); a run claims its reminders by inserting
their keys, which are unique, so a reminder goes once even when two runs overlap. Nothing
is sent between 21:00 and 07:00 in the school's time zone: what falls due then goes at
seven. Messages are in the person's language and carry no personal details: what is due,
when, and a link to sign in. Everything due is found in a fixed number of queries, however
many pupils and meetings there are.
"""

import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal import mail, sms
from portal.extensions import db
from portal.models import (
    AnnualReview,
    Channel,
    Concern,
    ConcernStatus,
    Meeting,
    MeetingInvitee,
    Membership,
    Plan,
    PlanStatus,
    Pupil,
    ReminderPreference,
    Respondent,
    Role,
    School,
    SentReminder,
    TeacherLink,
    User,
    Views,
    ViewsRequest,
    utcnow,
)
from portal.pupil_views.services import SENT
from portal.school.calendar import Calendar, local_zone, utc_midnight

log = logging.getLogger("portal.reminders")

QUIET_FROM, QUIET_UNTIL = 21, 7  # no reminders from 21:00 until 07:00, local time
MAX_ATTEMPTS = 3  # a reminder that failed (SMTP or Notify down) is tried again, up to here
VIEWS_DAYS, REVIEW_DAYS, STEP_DAYS, CONCERN_SCHOOL_DAYS = 2, 14, 7, 5
CLAIM_CHUNK = 500

SUBJECTS = {
    "views_due": _l("A reminder: we would like your views"),
    "meeting_tomorrow": _l("A reminder: a meeting tomorrow"),
    "review_due": _l("A reminder: a review is due soon"),
    "ehc_step": _l("A reminder: an annual review step is due"),
    "concern_unanswered": _l("A reminder: a concern is waiting for a reply"),
}


@dataclass
class Due:
    key: str
    kind: str
    user_id: int
    school_id: int
    about: object  # what the link opens
    audience: str  # family, pupil or school
    context: dict = field(default_factory=dict)


@dataclass
class RunResult:
    quiet: bool = False
    due: int = 0
    already_sent: int = 0
    emails: int = 0
    texts: int = 0
    not_wanted: int = 0
    failed: int = 0

    @property
    def sent(self) -> int:
        return self.emails + self.texts


def is_quiet(now: datetime) -> bool:
    local = now.replace(tzinfo=ZoneInfo("UTC")).astimezone(local_zone())
    return local.hour >= QUIET_FROM or local.hour < QUIET_UNTIL


def _local_today(now: datetime) -> date:
    return now.replace(tzinfo=ZoneInfo("UTC")).astimezone(local_zone()).date()


# What is due --------------------------------------------------------------------------


def views_due(now: datetime, today: date) -> list[Due]:
    """Requests for views due within two days, not yet answered, for a meeting to come."""
    answered = sa.exists().where(Views.request_id == ViewsRequest.id, Views.status.in_(SENT))
    rows = db.session.execute(
        sa.select(ViewsRequest, Meeting)
        .join(Meeting, Meeting.id == ViewsRequest.meeting_id)
        .join(Pupil, Pupil.id == ViewsRequest.pupil_id)
        .where(
            ViewsRequest.user_id.is_not(None),
            ViewsRequest.due_on >= today,
            ViewsRequest.due_on <= today + timedelta(days=VIEWS_DAYS),
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at > now,
            Pupil.left_at.is_(None),
            ~answered,
        )
    ).all()
    return [
        Due(
            f"views_due:{request.id}:{request.user_id}",
            "views_due",
            request.user_id,
            request.school_id,
            meeting,
            "pupil" if request.respondent is Respondent.PUPIL else "family",
            {"due_on": request.due_on, "for_pupil": request.respondent is Respondent.PUPIL},
        )
        for request, meeting in rows
    ]


def meetings_tomorrow(now: datetime, today: date) -> list[Due]:
    """Everyone invited with an account, for each meeting tomorrow."""
    tomorrow = today + timedelta(days=1)
    rows = db.session.execute(
        sa.select(MeetingInvitee, Meeting)
        .join(Meeting, Meeting.id == MeetingInvitee.meeting_id)
        .join(Pupil, Pupil.id == Meeting.pupil_id)
        .where(
            MeetingInvitee.user_id.is_not(None),
            Meeting.cancelled_at.is_(None),
            Meeting.outcome.is_(None),
            Meeting.starts_at >= utc_midnight(tomorrow),
            Meeting.starts_at < utc_midnight(tomorrow + timedelta(days=1)),
            Pupil.left_at.is_(None),
        )
    ).all()
    audience = {"parent": "family", "pupil": "pupil"}
    return [
        Due(
            f"meeting_tomorrow:{meeting.id}:{invitee.user_id}",
            "meeting_tomorrow",
            invitee.user_id,
            meeting.school_id,
            meeting,
            audience.get(invitee.role.value, "school"),
            {
                "starts_at": meeting.starts_at,
                "interpreter": meeting.interpreter_language if meeting.interpreter_needed else None,
                "for_pupil": invitee.role.value == "pupil",
            },
        )
        for invitee, meeting in rows
    ]


def _sencos_by_school(school_ids: set[int]) -> dict[int, list[int]]:
    if not school_ids:
        return {}
    found = defaultdict(list)
    for school_id, user_id in db.session.execute(
        sa.select(Membership.school_id, Membership.user_id).where(
            Membership.school_id.in_(school_ids),
            Membership.role == Role.SENCO,
            Membership.active.is_(True),
        )
    ):
        found[school_id].append(user_id)
    return found


def reviews_due(now: datetime, today: date) -> list[Due]:
    """Shared plans whose review falls in the next two weeks: the SENCOs and the pupil's
    linked teachers."""
    plans = db.session.execute(
        sa.select(Plan, Pupil.school_id)
        .join(Pupil, Pupil.id == Plan.pupil_id)
        .where(
            Plan.status == PlanStatus.SHARED,
            Plan.review_date >= today,
            Plan.review_date <= today + timedelta(days=REVIEW_DAYS),
            Pupil.left_at.is_(None),
        )
    ).all()
    if not plans:
        return []
    teachers = defaultdict(list)
    for pupil_id, user_id in db.session.execute(
        sa.select(TeacherLink.pupil_id, TeacherLink.user_id).where(
            TeacherLink.pupil_id.in_({plan.pupil_id for plan, _ in plans})
        )
    ):
        teachers[pupil_id].append(user_id)
    sencos = _sencos_by_school({school_id for _, school_id in plans})
    found = []
    for plan, school_id in plans:
        for user_id in dict.fromkeys(sencos.get(school_id, []) + teachers[plan.pupil_id]):
            found.append(
                Due(
                    f"review_due:{plan.id}:{plan.review_date.isoformat()}:{user_id}",
                    "review_due",
                    user_id,
                    school_id,
                    plan,
                    "school",
                    {"due_on": plan.review_date},
                )
            )
    return found


def ehc_steps(now: datetime, today: date) -> list[Due]:
    """Annual review steps falling due within a week (or overdue), to the SENCOs. Only
    reviews due within 100 days or with a meeting in the next month are looked at."""
    from portal.ehc.services import steps

    reviews = db.session.execute(
        sa.select(AnnualReview, Pupil.school_id)
        .join(Pupil, Pupil.id == AnnualReview.pupil_id)
        .outerjoin(Meeting, Meeting.id == AnnualReview.meeting_id)
        .where(
            AnnualReview.completed_at.is_(None),
            Pupil.left_at.is_(None),
            sa.or_(
                AnnualReview.due_on <= today + timedelta(days=100),
                Meeting.starts_at <= utc_midnight(today + timedelta(days=31)),
            ),
        )
        .options(selectinload(AnnualReview.meeting))
    ).all()
    sencos = _sencos_by_school({school_id for _, school_id in reviews})
    found = []
    for review, school_id in reviews:
        for step in steps(review):
            if step.done or step.due > today + timedelta(days=STEP_DAYS):
                continue
            for user_id in sencos.get(school_id, []):
                found.append(
                    Due(
                        f"ehc_step:{review.id}:{step.key}:{step.due.isoformat()}:{user_id}",
                        "ehc_step",
                        user_id,
                        school_id,
                        review,
                        "school",
                        {"step": step.key, "due_on": step.due},
                    )
                )
    return found


def concerns_unanswered(now: datetime, today: date) -> list[Due]:
    """Concerns with no reply from the school five school days after they were sent (school
    days in each school's own term dates)."""
    schools = db.session.scalars(sa.select(School.id)).all()
    found = []
    sencos = _sencos_by_school(set(schools))
    for school_id in schools:
        cutoff = Calendar(school_id).school_days_back(today, CONCERN_SCHOOL_DAYS)
        concerns = db.session.scalars(
            sa.select(Concern)
            .join(Pupil, Pupil.id == Concern.pupil_id)
            .where(
                Concern.school_id == school_id,
                Concern.status.in_([ConcernStatus.RECEIVED, ConcernStatus.READ]),
                Concern.submitted_at < utc_midnight(cutoff + timedelta(days=1)),
                Pupil.left_at.is_(None),
            )
        ).all()
        for concern in concerns:
            for user_id in sencos.get(school_id, []):
                found.append(
                    Due(
                        f"concern_unanswered:{concern.id}:{user_id}",
                        "concern_unanswered",
                        user_id,
                        school_id,
                        concern,
                        "school",
                        {"sent_on": concern.submitted_at},
                    )
                )
    return found


KINDS = (views_due, meetings_tomorrow, reviews_due, ehc_steps, concerns_unanswered)


def all_due(now: datetime) -> list[Due]:
    today = _local_today(now)
    return [due for kind in KINDS for due in kind(now, today)]


# Sending --------------------------------------------------------------------------------


def _claim(dues: list[Due], run_id: str) -> tuple[list[Due], int]:
    """Insert a row for each reminder not sent before, and take back those that failed
    before (fewer than three attempts); the rows this run inserted or took are its own.
    Returns them and how many had been sent (or were not wanted) already."""
    dues = list({d.key: d for d in dues}.values())
    keys = [d.key for d in dues]
    have = set()
    for start in range(0, len(keys), CLAIM_CHUNK):
        chunk = keys[start : start + CLAIM_CHUNK]
        have |= set(
            db.session.scalars(sa.select(SentReminder.key).where(SentReminder.key.in_(chunk)))
        )
        # Clearing the error in the same statement means two runs never take the same row.
        db.session.execute(
            sa.update(SentReminder)
            .where(
                SentReminder.key.in_(chunk),
                SentReminder.sent_at.is_(None),
                SentReminder.error.is_not(None),
                SentReminder.attempts < MAX_ATTEMPTS,
            )
            .values(run_id=run_id, error=None, attempts=SentReminder.attempts + 1)
        )
    fresh = [d for d in dues if d.key not in have]
    if fresh:
        insert = _insert_ignoring_duplicates()
        now = utcnow()
        for start in range(0, len(fresh), CLAIM_CHUNK):
            db.session.execute(
                insert,
                [
                    {
                        "key": d.key,
                        "kind": d.kind,
                        "school_id": d.school_id,
                        "user_id": d.user_id,
                        "run_id": run_id,
                        "claimed_at": now,
                        "attempts": 1,
                    }
                    for d in fresh[start : start + CLAIM_CHUNK]
                ],
            )
    db.session.commit()
    mine = set()
    for start in range(0, len(keys), CLAIM_CHUNK):
        chunk = keys[start : start + CLAIM_CHUNK]
        mine |= set(
            db.session.scalars(
                sa.select(SentReminder.key).where(
                    SentReminder.key.in_(chunk), SentReminder.run_id == run_id
                )
            )
        )
    return [d for d in dues if d.key in mine], len(dues) - len(mine)


def _insert_ignoring_duplicates():
    """INSERT ... ON CONFLICT (key) DO NOTHING, on SQLite and PostgreSQL alike."""
    name = db.engine.dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(SentReminder).on_conflict_do_nothing(index_elements=["key"])


def run(now: datetime | None = None) -> RunResult:
    """Send every reminder due now that has not been sent yet."""
    now = now or utcnow()
    result = RunResult()
    if is_quiet(now):
        result.quiet = True
        return result
    dues = all_due(now)
    result.due = len(dues)
    mine, result.already_sent = _claim(dues, uuid.uuid4().hex)
    if not mine:
        return result
    users = {
        u.id: u
        for u in db.session.scalars(sa.select(User).where(User.id.in_({d.user_id for d in mine})))
    }
    preferences = {
        p.user_id: p
        for p in db.session.scalars(
            sa.select(ReminderPreference).where(ReminderPreference.user_id.in_(users))
        )
    }
    schools = {s.id: s for s in db.session.scalars(sa.select(School))}
    sent_rows = {
        r.key: r
        for r in db.session.scalars(
            sa.select(SentReminder).where(SentReminder.key.in_([d.key for d in mine]))
        )
    }
    notify = sms.client() if sms.enabled() else None
    for due in mine:
        row = sent_rows[due.key]
        user = users.get(due.user_id)
        preference = preferences.get(due.user_id)
        channel = preference.channel if preference else Channel.EMAIL
        if user is None or not user.active or channel is Channel.NONE:
            row.channel = Channel.NONE
            result.not_wanted += 1
            continue
        school = schools.get(due.school_id)
        if channel is Channel.TEXT and notify is not None and sms.is_uk_mobile(preference.mobile):
            try:
                sms.send(
                    notify,
                    to=preference.mobile,
                    template="reminders/text.txt",
                    user=user,
                    school=school,
                    link_to=(due.about, due.audience),
                    reference=f"reminder-{row.id}",
                    **_words(due),
                )
            except sms.TextNotSent as error:
                row.error = str(error)[:80]
                result.failed += 1
                continue
            row.channel, row.sent_at = Channel.TEXT, utcnow()
            result.texts += 1
            continue
        message = mail.send(
            to=user.email,
            kind=f"reminder_{due.kind}",
            subject=SUBJECTS[due.kind],
            template="email/reminder.txt",
            user=user,
            school=school,
            link_to=(due.about, due.audience),
            **_words(due),
        )
        if message.error:
            row.error = message.error[:80]
            result.failed += 1
        else:
            row.channel, row.sent_at = Channel.EMAIL, utcnow()
            result.emails += 1
    db.session.commit()
    return result


def _words(due: Due) -> dict:
    """What the message says about the thing due: dates and times, never names. The
    template formats them, in the person's language."""
    return {"reminder": due.kind, **due.context}
