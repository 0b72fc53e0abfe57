"""Writes and queries for plans: the assess, plan, do, review cycle.

Every change checks the version the person started from (locking.py): if someone else
saved in between, EditConflict is raised and nothing is written. The rows of a draft are
rows.py; what needs the SENCO's attention is attention.py.
"""

from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from portal import audit, mail
from portal.extensions import db
from portal.models import (
    BroadArea,
    InviteeRole,
    Meeting,
    MeetingAttendee,
    MeetingKind,
    MeetingOutcome,
    NextStep,
    Outcome,
    OutcomeResult,
    ParentLink,
    Plan,
    PlanKind,
    PlanNeed,
    PlanQuestion,
    PlanStatus,
    ProgressNote,
    Provision,
    Pupil,
    Respondent,
    SenStatus,
    SpecialistAdvice,
    User,
    Views,
    ViewsRequest,
    utcnow,
)
from portal.plans.locking import EditConflict, check_version, touch, versioned
from portal.pupil_views.services import SENT
from portal.young_people import local_today

# The meetings that are a plan's review.
REVIEW_MEETINGS = (MeetingKind.SEN_SUPPORT_REVIEW, MeetingKind.EHC_ANNUAL_REVIEW)


def editor_options() -> tuple:
    """What the plan editor shows with a plan (for access.plan_for). The people named
    (authors, who shared it) are joined into the rows that name them: a selectin load of
    them would run or not as they happen to be loaded already, so the page's statements
    would vary with who wrote what."""
    return (
        selectinload(Plan.area_needs),
        selectinload(Plan.views).joinedload(Views.author),
        selectinload(Plan.views).joinedload(Views.request).joinedload(ViewsRequest.meeting),
        selectinload(Plan.outcomes).selectinload(Outcome.notes).joinedload(ProgressNote.author),
        selectinload(Plan.provisions),
        selectinload(Plan.advice),
        selectinload(Plan.questions).joinedload(PlanQuestion.asked_by),
        joinedload(Plan.updated_by),
        joinedload(Plan.shared_by),
        joinedload(Plan.family_agreed_by),
        joinedload(Plan.reviewed_by),
    )


def get_plan(plan_id: int, *, full: bool = False) -> Plan | None:
    """One plan by id: only for a plan reached through another already loaded by access
    (a shared plan's predecessor)."""
    query = sa.select(Plan).where(Plan.id == plan_id)
    if full:
        query = query.options(*editor_options())
    return db.session.scalar(query)


def plans_for_staff(pupil_id: int) -> list[Plan]:
    """Every plan of a pupil, newest first: the first is the current one."""
    return db.session.scalars(
        sa.select(Plan).where(Plan.pupil_id == pupil_id).order_by(Plan.id.desc())
    ).all()


def current_plan(pupil_id: int, *, full: bool = True) -> Plan | None:
    """The pupil's current plan for staff: the newest one not replaced by another."""
    query = (
        sa.select(Plan)
        .where(Plan.pupil_id == pupil_id, Plan.status != PlanStatus.SUPERSEDED)
        .order_by(Plan.id.desc())
        .limit(1)
    )
    if full:
        query = query.options(*editor_options())
    return db.session.scalar(query)


def family_options(*, joined_lists: bool = False) -> tuple:
    """What a family's page about a plan shows with it (for access.shared_plan_for): only
    the progress notes the teachers shared with the family.

    joined_lists: the plan's needs (one at most for each broad area) and its specialists'
    advice come joined into the plan's own statement, two statements fewer, for a caller
    that takes `.unique()` results (access's loaders take a single row)."""
    shared_notes = Outcome.notes.and_(ProgressNote.share_with_family.is_(True))
    small_list = joinedload if joined_lists else selectinload
    return (
        small_list(Plan.area_needs),
        selectinload(Plan.outcomes).selectinload(shared_notes),
        selectinload(Plan.provisions),
        small_list(Plan.advice),
        # Many-to-one: joined into their list's statement, not one statement more each.
        selectinload(Plan.questions).joinedload(PlanQuestion.replied_by),
        joinedload(Plan.family_agreed_by),
    )


# A family's and a pupil's pages run these on every request: each statement is built once,
# with its values bound when it runs, so neither it nor its cache key is worked out again.
_FAMILY_SEES = (
    Plan.pupil_id == sa.bindparam("pupil_id"),
    Plan.shared_at.is_not(None),
    Plan.status != PlanStatus.DRAFT,
)
_NEWEST_FIRST = (Plan.shared_at.desc(), Plan.id.desc())
_FAMILY_PLAN = sa.select(Plan).where(*_FAMILY_SEES).options(*family_options(joined_lists=True))
_CURRENT_FAMILY_PLAN = _FAMILY_PLAN.order_by(*_NEWEST_FIRST).limit(1)
_FAMILY_PLAN_VERSION = _FAMILY_PLAN.where(Plan.id == sa.bindparam("plan_id"))
_PUPIL_PLAN = (
    sa.select(Plan)
    .where(*_FAMILY_SEES)
    .options(selectinload(Plan.outcomes), selectinload(Plan.provisions))
    .order_by(*_NEWEST_FIRST)
    .limit(1)
)
_PLAN_SUMMARY = (
    sa.select(Plan.id, Plan.status, Plan.family_agreed_at, Plan.review_date, Plan.reviewed_at)
    .where(*_FAMILY_SEES)
    .order_by(*_NEWEST_FIRST)
    .limit(1)
)
_PLAN_LIST = (
    sa.select(Plan.id, Plan.shared_at, Plan.reviewed_at)
    .where(*_FAMILY_SEES)
    .order_by(*_NEWEST_FIRST)
)
_WAITING_FOR_FAMILY = sa.select(Plan.pupil_id, Plan.id).where(
    Plan.pupil_id.in_(sa.bindparam("pupil_ids", expanding=True)),
    Plan.status == PlanStatus.SHARED,
    Plan.family_agreed_at.is_(None),
)
_HELP_RUNNING = (
    sa.select(Provision)
    .join(Provision.plan)
    .where(
        Plan.pupil_id == sa.bindparam("pupil_id"),
        Plan.status == PlanStatus.DRAFT,
        Provision.starts_on.is_not(None),
        Provision.starts_on <= sa.bindparam("on"),
        sa.or_(Provision.ends_on.is_(None), Provision.ends_on >= sa.bindparam("on")),
    )
    .order_by(Provision.starts_on, Provision.id)
)


def family_plan(pupil_id: int, plan_id: int | None = None) -> Plan | None:
    """A shared plan with everything a family page shows, or the current one if no id."""
    if plan_id is None:
        found = db.session.scalars(_CURRENT_FAMILY_PLAN, {"pupil_id": pupil_id})
    else:
        found = db.session.scalars(_FAMILY_PLAN_VERSION, {"pupil_id": pupil_id, "plan_id": plan_id})
    return found.unique().first()


def pupil_plan(pupil_id: int) -> Plan | None:
    """The current shared plan as the pupil's goals page shows it: its goals (outcomes)
    and help (provision), not its notes, advice or the family's questions."""
    return db.session.scalar(_PUPIL_PLAN, {"pupil_id": pupil_id})


def family_plan_summary(pupil_id: int) -> sa.Row | None:
    """The current shared plan as a child's page shows it (where it stands, its review
    date), in one statement of a few columns: the page links to the plan rather than
    showing it, so none of its rows (outcomes, provision, notes, questions) are read."""
    return db.session.execute(_PLAN_SUMMARY, {"pupil_id": pupil_id}).first()


def family_plan_list(pupil_id: int) -> list[sa.Row]:
    """The plans a family may see, newest first, as the list of them shows each (id, date
    shared, date reviewed), in the order family_plan takes the current one."""
    return db.session.execute(_PLAN_LIST, {"pupil_id": pupil_id}).all()


def waiting_for_family(pupil_ids: list[int]) -> dict[int, int]:
    """Which of these children have a shared plan the family has not yet said they agree
    with: each child's plan id, in one query."""
    if not pupil_ids:
        return {}
    return dict(db.session.execute(_WAITING_FOR_FAMILY, {"pupil_ids": pupil_ids}).all())


def help_running(pupil_id: int, on: date) -> list[Provision]:
    """Help already running while the plan is still a draft: the draft's provision with a
    start date on or before `on` (and not ended). The family sees it before the plan is
    shared, since it is happening to their child now."""
    return db.session.scalars(_HELP_RUNNING, {"pupil_id": pupil_id, "on": on}).all()


def next_review(
    plan: Plan | sa.Row | None, upcoming: list[Meeting]
) -> tuple[date | None, Meeting | None]:
    """One date for the next review: the booked review meeting's when there is one (the
    family was invited to it), else the date the plan gives."""
    meeting = next((m for m in upcoming if m.kind in REVIEW_MEETINGS and m.is_upcoming), None)
    if meeting is not None:
        return meeting.starts_at, meeting
    if plan is not None and plan.review_date and not plan.reviewed_at:
        return plan.review_date, None
    return None, None


def next_review_date(pupil_id: int, plan: Plan | None) -> date | None:
    """next_review's date alone, without the meetings' invitees and views: the soonest
    review meeting still to come, else the plan's review date."""
    from portal.meetings.services import next_meeting_start

    starts_at = next_meeting_start(pupil_id, REVIEW_MEETINGS)
    if starts_at is not None:
        return starts_at
    if plan is not None and plan.review_date and not plan.reviewed_at:
        return plan.review_date
    return None


def next_check(pupil: Pupil, plan: Plan | None):
    """When the pupil's goals are next talked about, never a day already past: the next
    meeting booked about them, or else the plan's review date if it is still to come."""
    from portal.meetings.services import next_meeting_start

    starts_at = next_meeting_start(pupil.id)
    if starts_at is not None:
        return starts_at
    if plan is not None and plan.review_date and plan.review_date >= local_today():
        return plan.review_date
    return None


# Starting, editing and sharing --------------------------------------------------------


def can_start_plan(pupil_id: int) -> bool:
    """A new plan may start when there is none, or when the current one has been reviewed."""
    current = current_plan(pupil_id, full=False)
    return current is None or current.status is PlanStatus.REVIEWED


def start_plan(pupil: Pupil, by: User) -> Plan:
    """A new draft plan: empty, or carried on from the reviewed plan before it."""
    previous = current_plan(pupil.id)
    if previous is not None and previous.status is not PlanStatus.REVIEWED:
        raise EditConflict(previous, reason="exists")
    plan = Plan(
        pupil=pupil,
        kind=PlanKind.EHC if pupil.sen_status is SenStatus.EHC_PLAN else PlanKind.SEN_SUPPORT,
        created_by_id=by.id,
        updated_by_id=by.id,
    )
    if previous is not None:
        _carry_on(previous, plan)
    db.session.add(plan)
    db.session.flush()
    audit.record(by, "plan.create", pupil=pupil, obj=plan)
    db.session.commit()
    return plan


def _carry_on(previous: Plan, plan: Plan) -> None:
    """Copy the reviewed plan into the new one. Achieved outcomes stay behind, unless the
    next step was to continue as before; help for outcomes left behind goes with them."""
    plan.predecessor = previous
    for field in ("strengths", "pupil_views", "parent_views", "at_school", "at_home", "by_pupil"):
        setattr(plan, field, getattr(previous, field))
    plan.area_needs = [PlanNeed(area=n.area, summary=n.summary) for n in previous.area_needs]
    plan.views = list(previous.views)
    plan.advice = [
        SpecialistAdvice(adviser=a.adviser, given_on=a.given_on, summary=a.summary)
        for a in previous.advice
    ]
    keep_all = previous.next_step is NextStep.CONTINUE
    copied: dict[int, Outcome] = {}
    for position, old in enumerate(previous.outcomes):
        if not keep_all and old.result is OutcomeResult.ACHIEVED:
            continue
        new = Outcome(
            position=position,
            area=old.area,
            description=old.description,
            pupil_words=old.pupil_words,
            preparing_for_adulthood=old.preparing_for_adulthood,
            measure=old.measure,
            carried_from_id=old.id,
        )
        plan.outcomes.append(new)
        copied[old.id] = new
    for old in previous.provisions:
        if old.outcome_id is not None and old.outcome_id not in copied:
            continue
        plan.provisions.append(
            Provision(
                outcome=copied.get(old.outcome_id) if old.outcome_id else None,
                description=old.description,
                group_size=old.group_size,
                sessions_per_week=old.sessions_per_week,
                minutes_per_session=old.minutes_per_session,
                delivered_by=old.delivered_by,
            )
        )


@versioned
def save_details(plan: Plan, data: dict, *, version: int | None, by: User) -> Plan:
    """Save the plan's own fields: the assess part, who does what, and the review date."""
    check_version(plan, version, plan)
    for field in ("strengths", "pupil_views", "parent_views", "at_school", "at_home", "by_pupil"):
        setattr(plan, field, (data.get(field) or "").strip())
    plan.review_date = data.get("review_date")
    if "views" in data:
        plan.views = _sent_views(plan.pupil_id, data.get("views") or [])
    by_area = {need.area: need for need in plan.area_needs}
    for area in BroadArea:
        text = (data.get(f"need_{area.value}") or "").strip()
        if area in by_area:
            by_area[area].summary = text
        elif text:
            plan.area_needs.append(PlanNeed(area=area, summary=text))
    touch(plan, by)
    audit.record(by, "plan.update", pupil=plan.pupil, obj=plan)
    db.session.commit()
    return plan


def _sent_views(pupil_id: int, ids: list[int]) -> list[Views]:
    """Only this pupil's sent views can be linked, whatever ids a form sends."""
    if not ids:
        return []
    return db.session.scalars(
        sa.select(Views).where(
            Views.id.in_(ids), Views.pupil_id == pupil_id, Views.status.in_(SENT)
        )
    ).all()


def views_to_bring_in(plan: Plan, sent: list[Views]) -> dict[Respondent, Views]:
    """The newest views the pupil and the parents sent that this draft does not draw on yet:
    what the editor offers to bring into "What the pupil said" and "What the parents said"."""
    if not plan.is_draft:
        return {}
    replaced = {v.supersedes_id for v in sent if v.supersedes_id}
    linked = {v.id for v in plan.views}
    newest: dict[Respondent, Views] = {}
    for views in sent:  # newest first
        if views.id in replaced or views.respondent in newest:
            continue
        newest[views.respondent] = views
    return {who: v for who, v in newest.items() if v.id not in linked}


def missing_before_sharing(plan: Plan) -> list:
    """What a plan still needs before the family can see it, in the SENCO's words."""
    missing = []
    if not plan.outcomes:
        missing.append(_l("Add at least one outcome."))
    if any(o.target_date is None or not o.measure.strip() for o in plan.outcomes):
        missing.append(_l("Give every outcome a target date and say how success will be measured."))
    if not plan.provisions:
        missing.append(_l("Add the help that will be in place (provision)."))
    if plan.review_date is None:
        missing.append(_l("Set the review date."))
    return missing


@versioned
def share(plan: Plan, *, version: int | None, by: User) -> list:
    """Share a finished draft with the family: it becomes the plan they see, the plan it
    replaces is kept as history, and every linked parent is emailed."""
    check_version(plan, version, plan)
    missing = missing_before_sharing(plan)
    if missing:
        return missing
    now = utcnow()
    plan.status = PlanStatus.SHARED
    plan.shared_at, plan.shared_by_id = now, by.id
    touch(plan, by)
    if plan.predecessor is not None and plan.predecessor.status is PlanStatus.REVIEWED:
        plan.predecessor.status = PlanStatus.SUPERSEDED
    audit.record(by, "plan.share", pupil=plan.pupil, obj=plan)
    email_parents(
        plan.pupil,
        kind="plan_shared",
        template="email/plan_shared.txt",
        about=plan,
    )
    db.session.commit()
    return []


def email_parents(pupil: Pupil, *, kind: str, template: str, about: object) -> None:
    """Tell every parent linked to the pupil, in their language, with a link to what it is
    `about` (a plan, a meeting record) and no detail."""
    links = db.session.scalars(
        sa.select(ParentLink)
        .where(ParentLink.pupil_id == pupil.id)
        .options(selectinload(ParentLink.user))
    ).all()
    subjects = {
        "plan_shared": _l("A plan has been shared with you"),
        "record_shared": _l("A meeting record has been shared with you"),
        "review_done": _l("The review of your child's plan"),
    }
    for parent_link in links:
        user = parent_link.user
        if not user.active:
            continue
        mail.send(
            to=user.email,
            kind=kind,
            subject=subjects[kind],
            template=template,
            user=user,
            school=pupil.school,
            name=user.full_name,
            link_to=(about, "family"),
        )


# The family's answer ------------------------------------------------------------------


def agree(plan: Plan, parent: User) -> None:
    if plan.family_agreed_at is None and plan.status is PlanStatus.SHARED:
        plan.family_agreed_at, plan.family_agreed_by_id = utcnow(), parent.id
        audit.record(parent, "plan.agree", pupil=plan.pupil, obj=plan)
    db.session.commit()


def ask(plan: Plan, parent: User, question: str, language: str | None) -> PlanQuestion:
    """A parent's question about a plan; it waits in the SENCO's inbox for a reply."""
    item = PlanQuestion(
        plan=plan,
        pupil_id=plan.pupil_id,
        asked_by_id=parent.id,
        question=question.strip(),
        language=language,
    )
    db.session.add(item)
    db.session.flush()
    audit.record(parent, "plan.question.create", pupil=plan.pupil, obj=item)
    db.session.commit()
    return item


def questions_asked_by(plan: Plan, parent: User) -> list[PlanQuestion]:
    """This parent's own questions about the plan (loaded with it), oldest first."""
    return [item for item in plan.questions if item.asked_by_id == parent.id]


def mark_question_read(item: PlanQuestion, by: User) -> None:
    if item.read_at is None:
        item.read_at, item.read_by_id = utcnow(), by.id
        audit.record(by, "plan.question.read", pupil=item.pupil, obj=item)
        db.session.commit()


def reply(item: PlanQuestion, text: str, by: User) -> None:
    """Answer a parent's question; they are emailed and see the answer under the plan."""
    now = utcnow()
    if item.read_at is None:
        item.read_at, item.read_by_id = now, by.id
    item.reply, item.replied_at, item.replied_by_id = text.strip(), now, by.id
    audit.record(by, "plan.question.reply", pupil=item.pupil, obj=item)
    if item.asked_by is not None and item.asked_by.active:
        mail.send(
            to=item.asked_by.email,
            kind="plan_reply",
            subject=_l("The school has answered your question"),
            template="email/plan_reply.txt",
            user=item.asked_by,
            school=item.pupil.school,
            name=item.asked_by.full_name,
            link_to=(item, "family"),
        )
    db.session.commit()


# Do: progress notes ------------------------------------------------------------------


def add_note(
    outcome: Outcome, *, noted_on: date, note: str, by: User, share_with_family: bool = False
) -> ProgressNote:
    plan = outcome.plan
    item = ProgressNote(
        outcome=outcome,
        plan_id=plan.id,
        pupil_id=plan.pupil_id,
        author_id=by.id,
        noted_on=noted_on,
        note=note.strip(),
        share_with_family=share_with_family,
    )
    db.session.add(item)
    db.session.flush()
    audit.record(by, "plan.progress_note.create", pupil=plan.pupil, obj=item)
    db.session.commit()
    return item


# Review -------------------------------------------------------------------------------


def meetings_held_with_family(plan: Plan) -> list[Meeting]:
    """Meetings about the pupil held with a parent or carer there, since the plan was
    shared (or in the year before its review date), newest first: what a review is held at."""
    since = plan.shared_at or utcnow() - timedelta(days=365)
    parent_came = sa.exists().where(
        MeetingAttendee.meeting_id == Meeting.id, MeetingAttendee.role == InviteeRole.PARENT
    )
    return db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.pupil_id == plan.pupil_id,
            Meeting.outcome == MeetingOutcome.HELD,
            Meeting.starts_at >= since - timedelta(days=31),
            parent_came,
        )
        .order_by(Meeting.starts_at.desc())
    ).all()


def views_for_review(plan: Plan) -> list[Views]:
    """The pupil's and the parents' views sent for meetings since the plan was shared."""
    since = plan.shared_at or utcnow() - timedelta(days=365)
    return db.session.scalars(
        sa.select(Views)
        .join(ViewsRequest, ViewsRequest.id == Views.request_id)
        .where(
            Views.pupil_id == plan.pupil_id,
            Views.status.in_(SENT),
            Views.submitted_at >= since - timedelta(days=31),
        )
        .options(selectinload(Views.author), selectinload(Views.request))
        .order_by(Views.submitted_at.desc())
    ).all()


class ReviewNotHeld(ValueError):
    """A review needs a meeting held with the family, or a reason why there was none."""


@versioned
def review(plan: Plan, data: dict, *, version: int | None, by: User) -> Plan:
    """Record the review: a result for each outcome, the meeting held with the family (or
    why none was), the views it drew on, and the next step. The family is told the outcome,
    in their language, and can reply or say they disagree."""
    if plan.status is not PlanStatus.SHARED:
        raise EditConflict(plan, reason="not_shared")
    if version is None or plan.version != version:
        raise EditConflict(plan)
    held = {m.id: m for m in meetings_held_with_family(plan)}
    chosen = data.get("review_meeting") or ""
    reason = (data.get("no_meeting_reason") or "").strip()
    if chosen.isdigit() and int(chosen) in held:
        plan.review_meeting_id, plan.review_no_meeting_reason = int(chosen), None
    elif reason:
        plan.review_meeting_id, plan.review_no_meeting_reason = None, reason
    else:
        raise ReviewNotHeld()
    gathered = {v.id: v for v in views_for_review(plan)}
    plan.review_views = [
        gathered[int(v)] for v in data.get("views") or [] if v.isdigit() and int(v) in gathered
    ]
    for outcome in plan.outcomes:
        outcome.result = OutcomeResult(data[f"result_{outcome.id}"])
        outcome.result_note = (data.get(f"note_{outcome.id}") or "").strip() or None
    plan.review_pupil_views = (data.get("pupil_views") or "").strip()
    plan.review_parent_views = (data.get("parent_views") or "").strip()
    plan.review_note = (data.get("review_note") or "").strip()
    plan.next_step = NextStep(data["next_step"])
    plan.status = PlanStatus.REVIEWED
    plan.reviewed_at, plan.reviewed_by_id = utcnow(), by.id
    touch(plan, by)
    audit.record(by, "plan.review", pupil=plan.pupil, obj=plan)
    email_parents(plan.pupil, kind="review_done", template="email/review_done.txt", about=plan)
    db.session.commit()
    return plan


def draft_review(plan: Plan, data: dict, by: User) -> None:
    """The class teacher's draft of each outcome's review, for the SENCO to confirm."""
    if plan.status is not PlanStatus.SHARED:
        raise EditConflict(plan, reason="not_shared")
    now = utcnow()
    for outcome in plan.outcomes:
        value = data.get(f"result_{outcome.id}")
        outcome.draft_result = OutcomeResult(value) if value else None
        outcome.draft_note = (data.get(f"note_{outcome.id}") or "").strip() or None
        outcome.drafted_at, outcome.drafted_by_id = now, by.id
    audit.record(by, "plan.review_draft", pupil=plan.pupil, obj=plan)
    db.session.commit()


def reply_to_review(plan: Plan, parent: User, text: str, disagrees: bool, language: str | None):
    """The family's answer to the review: it reaches the SENCO's inbox like a question."""
    item = PlanQuestion(
        plan=plan,
        pupil_id=plan.pupil_id,
        asked_by_id=parent.id,
        question=text.strip(),
        language=language,
        about_review=True,
        disagrees=disagrees,
    )
    db.session.add(item)
    db.session.flush()
    audit.record(parent, "plan.review_reply", pupil=plan.pupil, obj=item)
    db.session.commit()
    return item
