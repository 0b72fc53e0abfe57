"""Parents' and pupils' views before a meeting: drafts saved at every step, sending, reading.

A draft is a Views row with status DRAFT, one per request, whoever is typing. Sent views are
never changed: changing them starts a new draft that supersedes the sent one when it is sent.
"""

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from portal import audit, symbol_banks
from portal.extensions import db
from portal.files import services as files
from portal.models import (
    FormVersion,
    GatheringMethod,
    Pupil,
    Respondent,
    StoredFile,
    User,
    Views,
    ViewsRequest,
    ViewsStatus,
    utcnow,
)
from portal.paging import paged, run_paged
from portal.pupil_views import questions as q
from portal.pupil_views.answers import MAX_TEXT as MAX_ANSWER
from portal.pupil_views.answers import file_ids as answer_files

SENT = (ViewsStatus.SUBMITTED, ViewsStatus.READ)


def form_version(request: ViewsRequest) -> FormVersion:
    if request.respondent is Respondent.PARENT:
        return FormVersion.PARENT
    return request.form_version or FormVersion.for_year_group(request.pupil.year_group)


def draft(request: ViewsRequest) -> Views | None:
    return next((v for v in reversed(request.views) if v.status is ViewsStatus.DRAFT), None)


def latest_sent(request: ViewsRequest) -> Views | None:
    return next((v for v in reversed(request.views) if v.status in SENT), None)


def start(
    request: ViewsRequest,
    author: User,
    *,
    supported: bool,
    language: str,
    pupil_language: str | None = None,
) -> Views:
    """The draft for this request, made now if there is none; a change starts from what was
    sent last. `pupil_language`: in supported mode, the language the pupil's questions are
    shown in (the adult's pages stay in theirs)."""
    existing = draft(request)
    if existing is not None:
        if supported and pupil_language and existing.pupil_language != pupil_language:
            existing.pupil_language = pupil_language
            db.session.commit()
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
        pupil_language=(pupil_language or (sent.pupil_language if sent else None))
        if supported
        else None,
        spoken_language=sent.spoken_language if sent else None,
        interpreter=sent.interpreter if sent else None,
        participation_note=sent.participation_note if sent else None,
    )
    db.session.add(views)
    db.session.flush()
    audit.record(author, "views.start", pupil=request.pupil, obj=views)
    db.session.commit()
    return views


def _answers_of(views: Views) -> dict:
    _check_draft(views)
    return {k: dict(v) if isinstance(v, dict) else v for k, v in (views.answers or {}).items()}


def _keep(views: Views, key: str, answers: dict, by: User, language: str | None) -> None:
    views.answers = answers
    _saved_at(views, key, by, language)


def _saved_at(views: Views, key: str, by: User, language: str | None) -> None:
    """The draft was saved at this question (in this language, if given). Commits."""
    views.step = key
    if language:
        views.language = language
    audit.record(by, "views.update", pupil=views.pupil, obj=views)
    db.session.commit()


def save_open(
    views: Views,
    key: str,
    *,
    text: str | None,
    cards: list[str],
    choice: str | None = None,
    recording: StoredFile | None = None,
    picture: StoredFile | None = None,
    remove: tuple[str, ...] = (),
    by: User,
    language: str | None = None,
    text_language: str | None = None,
) -> None:
    """Keep one open answer: cards, words, a recording, a picture, or an opt-out.

    `text_language`: the language of the page the words were typed on, kept with the words
    (`lang`) when they change, so they are marked as written even on a page in another
    language later.

    A new recording or picture replaces the one before (`remove` drops one without a new
    one); the file left behind is deleted unless a sent version still shows it. An opt-out
    pressed with nothing else given is kept as the answer; words, cards and files win."""
    answers = _answers_of(views)
    answer = dict(answers.get(key) or {})
    answer.pop("choice", None)
    text = (text or "").strip()[:MAX_ANSWER]
    _text_with_language(answer, text, text_language or language, views.language)
    cards_chosen = symbol_banks.valid_keys(key, cards)
    if cards_chosen:
        answer["cards"] = cards_chosen
    else:
        answer.pop("cards", None)
    for part, stored in (("recording", recording), ("picture", picture)):
        old = answer.get(part)
        if stored is not None:
            answer[part] = stored.id
        elif part in remove:
            answer.pop(part, None)
        if old and answer.get(part) != old:
            _drop_file(views, old, by)
    if not answer and choice in (q.NOT_SURE, q.RATHER_NOT_SAY):
        answer = {"choice": choice}
    if answer:
        answers[key] = answer
    else:
        answers.pop(key, None)
    _keep(views, key, answers, by, language)


def save_answer(
    views: Views,
    key: str,
    *,
    text: str | None,
    by: User,
    language=None,
    text_language: str | None = None,
) -> None:
    """A parent's answer: their words (and the language they were typed in)."""
    answers = _answers_of(views)
    answer = dict(answers.get(key) or {})
    text = (text or "").strip()[:MAX_ANSWER]
    _text_with_language(answer, text, text_language or language, views.language)
    if answer:
        answers[key] = {part: answer[part] for part in ("text", "lang") if part in answer}
    else:
        answers.pop(key, None)
    _keep(views, key, answers, by, language)


def save_text(
    views: Views, key: str, text: str | None, by: User, text_language: str | None = None
) -> None:
    """While typing: keep the words of an open answer, and everything else in it."""
    answers = _answers_of(views)
    answer = dict(answers.get(key) or {})
    text = (text or "").strip()[:MAX_ANSWER]
    _text_with_language(answer, text, text_language, views.language)
    if text:
        answer.pop("choice", None)
    if answer:
        answers[key] = answer
    else:
        answers.pop(key, None)
    _keep(views, key, answers, by, None)


def _text_with_language(answer: dict, text: str, language: str | None, earlier: str) -> None:
    """Put the words in the answer; new or changed words take the language they were typed
    in, unchanged ones keep theirs (words kept before languages were: the language the
    answers were in until now, `earlier`)."""
    if not text:
        answer.pop("text", None)
        answer.pop("lang", None)
        return
    if text != answer.get("text"):
        if language:
            answer["lang"] = language
    else:
        answer.setdefault("lang", earlier)
    answer["text"] = text


def save_feeling(
    views: Views, key: str, choice: str | None, *, by: User, language: str | None = None
) -> None:
    _check_draft(views)
    feelings = dict(views.feelings or {})
    if choice in q.ALL_CHOICES:
        feelings[key] = choice
    else:
        feelings.pop(key, None)
    views.feelings = feelings
    _saved_at(views, key, by, language)


def save_board(
    views: Views,
    key: str,
    values: dict[str, str],
    *,
    choice: str | None = None,
    by: User,
    language: str | None = None,
) -> None:
    """Keep the sorted board ({topic: column}); an opt-out only when nothing is sorted."""
    answers = _answers_of(views)
    if values:
        answers[key] = {"board": dict(values)}
    elif choice in (q.NOT_SURE, q.RATHER_NOT_SAY):
        answers[key] = {"choice": choice}
    else:
        answers.pop(key, None)
    _keep(views, key, answers, by, language)


def save_goal(
    views: Views,
    goal: q.Question,
    *,
    feeling: str | None,
    helps: str | None,
    position: int,
    by: User,
    language: str | None = None,
) -> None:
    """How a goal is going (a face or an opt-out) and whether the help helps, kept with the
    goal's words so the answer reads the same after the plan changes."""
    answers = _answers_of(views)
    answer = {
        "outcome": goal.outcome_id,
        "goal": goal.goal,
        "symbol": goal.symbol,
        "position": position,
    }
    if feeling in q.ALL_CHOICES:
        answer["feeling"] = feeling
    if helps in q.HELP_VALUES:
        answer["help"] = helps
    if "feeling" in answer or "help" in answer:
        answers[goal.key] = answer
    else:
        answers.pop(goal.key, None)
    _keep(views, goal.key, answers, by, language)


def _drop_file(views: Views, file_id: int, by: User) -> None:
    """Delete a recording or picture a draft no longer uses, unless a sent version of the
    same request (what staff read) still shows it."""
    others = db.session.scalars(
        sa.select(Views).where(Views.request_id == views.request_id, Views.id != views.id)
    ).all()
    if any(file_id in answer_files(v.answers) for v in others):
        return
    stored = db.session.get(StoredFile, file_id)
    if stored is not None and stored.pupil_id == views.pupil_id:
        files.delete_file(stored, by)


def save_helpers(
    views: Views,
    *,
    helped_by: str | None,
    methods: list[str],
    by: User,
    spoken_language: str | None = None,
    interpreter: str | None = None,
    participation_note: str | None = None,
) -> None:
    """Who helped and how; in supported mode also the adult's record of the session: the
    language used with the pupil, who interpreted, how the pupil took part."""
    _check_draft(views)
    valid = {m.value for m in GatheringMethod}
    views.helped_by = (helped_by or "").strip()[:200] or None
    views.methods = [m for m in methods if m in valid]
    if views.supported:
        views.spoken_language = spoken_language or None
        views.interpreter = (interpreter or "").strip()[:200] or None
        views.participation_note = (participation_note or "").strip()[:MAX_ANSWER] or None
    views.step = "helped"
    audit.record(by, "views.update", pupil=views.pupil, obj=views)
    db.session.commit()


def save_step(views: Views, step: str) -> None:
    views.step = step
    db.session.commit()


def missing(views: Views, questions: list[q.Question]) -> q.Question | None:
    """The first question of the form still to answer."""
    return q.first_unanswered(questions, views.answers or {}, views.feelings or {})


def progress(views: Views) -> tuple[int, int]:
    """How far a draft has got: questions answered, and questions in the form."""
    from portal.pupil_views.goals import goal_questions

    questions = q.form_questions(views.form_version, goal_questions(views.pupil_id))
    answers, feelings = views.answers or {}, views.feelings or {}
    return sum(1 for x in questions if q.is_answered(x, answers, feelings)), len(questions)


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


def newer_version(views: Views) -> Views | None:
    """The sent views that replaced these, if any."""
    return db.session.scalar(
        sa.select(Views)
        .where(Views.supersedes_id == views.id, Views.status.in_(SENT))
        .order_by(Views.id.desc())
        .limit(1)
    )


@functools.cache
def _sent_views_statement(respondents: tuple[Respondent, ...]) -> sa.Select:
    from portal.models import Meeting

    newer = sa.orm.aliased(Views)
    # Sent means not a draft, and the respondents compared one by one: lists of constants
    # (IN) are expanded afresh on every run.
    replaced = sa.exists().where(
        newer.supersedes_id == Views.id,
        newer.status != ViewsStatus.DRAFT,
        sa.or_(*(newer.respondent == r for r in respondents)),
    )
    return paged(
        sa.select(
            Views.id,
            Views.respondent,
            Views.status,
            Views.submitted_at,
            User.full_name.label("author_name"),
            Meeting.starts_at.label("meeting_starts_at"),
            replaced.label("replaced"),
        )
        .join(Views.author)
        .join(Views.request)
        .join(ViewsRequest.meeting)
        .where(
            Views.pupil_id == sa.bindparam("pupil_id"),
            Views.status != ViewsStatus.DRAFT,
            sa.or_(*(Views.respondent == r for r in respondents)),
        )
        .order_by(Views.submitted_at.desc(), Views.id.desc())
    )


def sent_views_page(
    pupil_id: int, respondents: tuple[Respondent, ...], limit: int, offset: int = 0
) -> tuple[int, list[sa.Row]]:
    """One page of the views sent about a pupil (newest first, as `sent_views_of`) and how
    many there are, in one query, as rows of what a list of them shows: id, respondent,
    status, submitted_at, author_name, meeting_starts_at, and `replaced` (a newer version
    of them has been sent)."""
    return run_paged(_sent_views_statement(respondents), {"pupil_id": pupil_id}, limit, offset)


@dataclass
class UpcomingRequest:
    """The pupil's own request for views before a meeting still to come, and where it stands."""

    request_id: int
    meeting_starts_at: datetime
    sent: bool  # views have been sent for it (a change may be in hand: `draft`)
    draft: Views | None  # views started and not sent yet
    author_name: str | None  # who started the draft


@functools.cache
def _upcoming_statement() -> sa.Select:
    from portal.models import Meeting

    sent_views = sa.orm.aliased(Views)
    sent = sa.exists().where(
        sent_views.request_id == ViewsRequest.id, sent_views.status != ViewsStatus.DRAFT
    )
    return (
        sa.select(
            ViewsRequest.id,
            Meeting.starts_at,
            Meeting.duration_minutes,
            sent.label("sent"),
            Views,
            User.full_name,
        )
        .join(ViewsRequest.meeting)
        .outerjoin(
            Views,
            sa.and_(Views.request_id == ViewsRequest.id, Views.status == ViewsStatus.DRAFT),
        )
        .outerjoin(User, User.id == Views.author_id)
        .where(
            ViewsRequest.pupil_id == sa.bindparam("pupil_id"),
            ViewsRequest.respondent == Respondent.PUPIL,
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= sa.bindparam("since"),
        )
        .order_by(Meeting.starts_at.desc(), ViewsRequest.id, Views.id)
    )


def upcoming_pupil_requests(pupil_id: int) -> list[UpcomingRequest]:
    """The pupil's own requests for meetings still to come (not cancelled), latest meeting
    first, each with its draft if one is started (the latest), in one query."""
    now = utcnow()
    found: dict[int, UpcomingRequest] = {}
    # A meeting still to come ends after now: no meeting lasts a day, so it started less
    # than a day ago (its own end is checked here).
    for request_id, starts_at, minutes, sent, started, author_name in db.session.execute(
        _upcoming_statement(), {"pupil_id": pupil_id, "since": now - timedelta(days=1)}
    ):
        if starts_at + timedelta(minutes=minutes) < now:
            continue
        request = found.setdefault(
            request_id, UpcomingRequest(request_id, starts_at, bool(sent), None, None)
        )
        if started is not None:
            request.draft, request.author_name = started, author_name
    return list(found.values())


def _own_requests_statement() -> sa.Select:
    from portal.models import Meeting

    return (
        sa.select(ViewsRequest)
        .join(ViewsRequest.meeting)
        .where(
            ViewsRequest.respondent == Respondent.PUPIL,
            ViewsRequest.pupil_id.in_(
                sa.select(Pupil.id).where(Pupil.user_id == sa.bindparam("user_id"))
            ),
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= sa.bindparam("today"),
        )
        .options(
            contains_eager(ViewsRequest.meeting),
            selectinload(ViewsRequest.views).load_only(
                Views.status,
                Views.author_id,
                Views.supersedes_id,
                Views.submitted_at,
                Views.read_at,
            ),
        )
        .order_by(Meeting.starts_at.desc())
    )


_OWN_REQUESTS = _own_requests_statement()  # built once: the pupil's pages ask every time


def open_requests_for_pupil_account(user: User) -> list[ViewsRequest]:
    """The pupil's own requests for meetings from today on, latest first, with where each
    stands (`state`, `changing`): the meetings of earlier years are not read. Callers keep
    those whose meeting `is_upcoming` (today's may be over)."""
    now = utcnow()
    today = datetime(now.year, now.month, now.day)
    return db.session.scalars(_OWN_REQUESTS, {"user_id": user.id, "today": today}).all()


def given_by_others(request: ViewsRequest, user: User) -> bool:
    """Whether anyone but this person has given views for the request (a parent helping at
    home may not open those: access.views_request_for_pupil_form)."""
    return any(v.author_id != user.id for v in request.views)


NOT_STARTED, STARTED, SENT_STATE, READ_STATE = "not_started", "draft", "sent", "read"


def state(request: ViewsRequest) -> tuple[str, Views | None]:
    """Where a request stands: not started, a draft, sent, or read by the school.

    Sent views count as sent while a change to them is being made: what was sent stays what
    the school reads, until the change is sent (`changing` finds the change)."""
    sent = latest_sent(request)
    if sent is not None:
        return (READ_STATE if sent.status is ViewsStatus.READ else SENT_STATE), sent
    started = draft(request)
    if started is not None:
        return STARTED, started
    return NOT_STARTED, None


def changing(request: ViewsRequest) -> Views | None:
    """A change to sent views, started and not sent yet."""
    started = draft(request)
    return started if started is not None and started.supersedes_id is not None else None
