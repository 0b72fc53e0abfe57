"""Parents' and pupils' views before a meeting: drafts saved at every step, sending, reading.

A draft is a Views row with status DRAFT, one per request, whoever is typing. Sent views are
never changed: changing them starts a new draft that supersedes the sent one when it is sent.
"""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from portal import audit
from portal.extensions import db
from portal.models import (
    FormVersion,
    GatheringMethod,
    Pupil,
    Respondent,
    User,
    Views,
    ViewsRequest,
    ViewsStatus,
    utcnow,
)
from portal.pupil_views import questions as q

SENT = (ViewsStatus.SUBMITTED, ViewsStatus.READ)
MAX_ANSWER = 5000


def form_version(request: ViewsRequest) -> FormVersion:
    if request.respondent is Respondent.PARENT:
        return FormVersion.PARENT
    return request.form_version or FormVersion.for_year_group(request.pupil.year_group)


def draft(request: ViewsRequest) -> Views | None:
    return next((v for v in reversed(request.views) if v.status is ViewsStatus.DRAFT), None)


def latest_sent(request: ViewsRequest) -> Views | None:
    return next((v for v in reversed(request.views) if v.status in SENT), None)


def start(request: ViewsRequest, author: User, *, supported: bool, language: str) -> Views:
    """The draft for this request, made now if there is none; a change starts from what was
    sent last."""
    existing = draft(request)
    if existing is not None:
        return existing
    sent = latest_sent(request)
    views = Views(
        school_id=request.school_id,
        pupil_id=request.pupil_id,
        request=request,
        respondent=request.respondent,
        form_version=sent.form_version if sent else form_version(request),
        language=language,
        answers=dict(sent.answers) if sent else {},
        feelings=dict(sent.feelings) if sent else {},
        author_id=author.id,
        supported=supported,
        helped_by=sent.helped_by if sent else None,
        methods=list(sent.methods) if sent else [],
        supersedes_id=sent.id if sent else None,
    )
    db.session.add(views)
    db.session.flush()
    audit.record(author, "views.start", pupil=request.pupil, obj=views)
    db.session.commit()
    return views


def save_answer(
    views: Views,
    key: str,
    *,
    text: str | None = None,
    choice: str | None = None,
    by: User,
    language: str | None = None,
) -> None:
    """Keep one answer in the draft: typed words, or an opt-out choice (words win)."""
    _check_draft(views)
    question = q.question(views.form_version, key)
    if question is None:
        raise ValueError(key)
    answers = dict(views.answers or {})
    feelings = dict(views.feelings or {})
    if question.kind == q.FEELINGS:
        if choice in q.ALL_CHOICES:
            feelings[key] = choice
        else:
            feelings.pop(key, None)
    else:
        text = (text or "").strip()[:MAX_ANSWER]
        if text:
            answers[key] = {"text": text}
        elif choice in (q.NOT_SURE, q.RATHER_NOT_SAY):
            answers[key] = {"choice": choice}
        else:
            answers.pop(key, None)
    views.answers, views.feelings = answers, feelings
    views.step = key
    if language:
        views.language = language
    audit.record(by, "views.update", pupil=views.pupil, obj=views)
    db.session.commit()


def save_helpers(views: Views, *, helped_by: str | None, methods: list[str], by: User) -> None:
    _check_draft(views)
    valid = {m.value for m in GatheringMethod}
    views.helped_by = (helped_by or "").strip()[:200] or None
    views.methods = [m for m in methods if m in valid]
    views.step = "helped"
    audit.record(by, "views.update", pupil=views.pupil, obj=views)
    db.session.commit()


def save_step(views: Views, step: str) -> None:
    views.step = step
    db.session.commit()


def missing(views: Views) -> q.Question | None:
    return q.first_unanswered(views.form_version, views.answers or {}, views.feelings or {})


def submit(views: Views, by: User) -> Views:
    _check_draft(views)
    views.status = ViewsStatus.SUBMITTED
    views.submitted_at = utcnow()
    views.step = None
    if views.respondent is Respondent.PUPIL and not views.methods:
        views.methods = [GatheringMethod.OWN_WORDS.value]
    audit.record(by, "views.submit", pupil=views.pupil, obj=views)
    db.session.commit()
    return views


def mark_read(views: Views, by: User) -> None:
    """The SENCO opened it: the family sees the date it was read."""
    if views.status is ViewsStatus.SUBMITTED:
        views.status = ViewsStatus.READ
        views.read_at = utcnow()
        views.read_by_id = by.id
        audit.record(by, "views.read", pupil=views.pupil, obj=views)
        db.session.commit()


def _check_draft(views: Views) -> None:
    if views.status is not ViewsStatus.DRAFT:
        raise ValueError("Sent views are never changed; start a new draft")


def sent_views_of(pupil: Pupil, respondents: tuple[Respondent, ...]) -> list[Views]:
    """The views sent about a pupil, newest first, with their meetings, in one query."""
    return db.session.scalars(
        sa.select(Views)
        .where(
            Views.pupil_id == pupil.id,
            Views.status.in_(SENT),
            Views.respondent.in_(respondents),
        )
        .options(
            joinedload(Views.request).joinedload(ViewsRequest.meeting),
            joinedload(Views.author),
        )
        .order_by(Views.submitted_at.desc(), Views.id.desc())
    ).all()


def superseded_ids(views: list[Views]) -> set[int]:
    return {v.supersedes_id for v in views if v.supersedes_id}


def open_requests_for_pupil_account(user: User) -> list[ViewsRequest]:
    """The pupil's own requests for meetings still to come."""
    return _requests(
        sa.and_(
            ViewsRequest.respondent == Respondent.PUPIL,
            ViewsRequest.pupil_id.in_(sa.select(Pupil.id).where(Pupil.user_id == user.id)),
        )
    )


def _requests(where) -> list[ViewsRequest]:
    from portal.models import Meeting

    return db.session.scalars(
        sa.select(ViewsRequest)
        .join(ViewsRequest.meeting)
        .where(where, Meeting.cancelled_at.is_(None))
        .options(
            selectinload(ViewsRequest.meeting),
            selectinload(ViewsRequest.views),
            selectinload(ViewsRequest.pupil),
        )
        .order_by(Meeting.starts_at.desc())
    ).all()


def given_by_others(request: ViewsRequest, user: User) -> bool:
    """Whether anyone but this person has given views for the request (a parent helping at
    home may not open those: access.views_request_for_pupil_form)."""
    return any(v.author_id != user.id for v in request.views)


NOT_STARTED, STARTED, SENT_STATE, READ_STATE = "not_started", "draft", "sent", "read"


def state(request: ViewsRequest) -> tuple[str, Views | None]:
    """Where a request stands: not started, a draft, sent, or read by the school."""
    sent = latest_sent(request)
    if draft(request) is not None:
        return STARTED, draft(request)
    if sent is None:
        return NOT_STARTED, None
    return (READ_STATE if sent.status is ViewsStatus.READ else SENT_STATE), sent
