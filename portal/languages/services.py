"""The school's words in the family's language: translations the school types in, families
asking for them, and notes about the portal's own translation.

Views call these; nothing here reads the request or builds a page.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal import audit, mail
from portal.extensions import db
from portal.models import (
    Concern,
    ConcernMessage,
    Meeting,
    MeetingRecord,
    Membership,
    Outcome,
    Plan,
    PlanNeed,
    PlanQuestion,
    ProgressNote,
    Provision,
    Pupil,
    RecordAction,
    Role,
    School,
    SchoolTranslation,
    SenInformationReport,
    SpecialistAdvice,
    TranslatedKind,
    TranslationFeedback,
    TranslationRequest,
    User,
    utcnow,
)
from portal.models.local_offer import ReportSection

FEEDBACK_SUBJECT = _l("A note about the portal's translation")


# --- What can be translated ---------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """A kind of thing the school writes, the texts it has, and whose record it is."""

    kind: TranslatedKind
    model: type
    fields: tuple[str, ...]
    label: object  # a lazy string: what it is, for the SENCO
    pupil_id: Callable[[object], int | None]
    school_id: Callable[[object], int]
    # Whether the family sees it (so may ask for it in their language).
    shared: Callable[[object], bool]
    # For what one parent alone sees (their concern, their question): that parent's id.
    only_for: Callable[[object], int | None] = lambda subject: None


SUBJECTS: dict[TranslatedKind, Subject] = {
    s.kind: s
    for s in (
        Subject(
            TranslatedKind.OUTCOME,
            Outcome,
            # The outcome, how it is measured, the words the pupil reads it in (their goals
            # page), and what the review said of it.
            ("description", "measure", "pupil_words", "result_note"),
            _l("An outcome in the plan"),
            lambda o: o.plan.pupil_id,
            lambda o: o.plan.pupil.school_id,
            lambda o: o.plan.is_visible_to_family,
        ),
        Subject(
            TranslatedKind.PROVISION,
            Provision,
            ("description",),
            _l("Help in the plan (provision)"),
            lambda p: p.plan.pupil_id,
            lambda p: p.plan.pupil.school_id,
            lambda p: p.plan.is_visible_to_family,
        ),
        Subject(
            TranslatedKind.ADVICE,
            SpecialistAdvice,
            ("summary",),
            _l("Advice from a specialist"),
            lambda a: a.plan.pupil_id,
            lambda a: a.plan.pupil.school_id,
            lambda a: a.plan.is_visible_to_family,
        ),
        Subject(
            TranslatedKind.PLAN,
            Plan,
            ("strengths", "at_school", "at_home", "by_pupil"),
            _l("The plan"),
            lambda p: p.pupil_id,
            lambda p: p.pupil.school_id,
            lambda p: p.is_visible_to_family,
        ),
        Subject(
            TranslatedKind.MEETING_RECORD,
            MeetingRecord,
            ("attended", "discussed", "agreed", "actions", "support"),
            _l("The record of a meeting"),
            lambda r: r.pupil_id,
            lambda r: r.pupil.school_id,
            lambda r: r.is_shared,
        ),
        Subject(
            TranslatedKind.MEETING_ACTION,
            RecordAction,
            # What will be done; who does it is a name or a role, shown as written (as a
            # provision's "who gives it" is).
            ("what",),
            _l("Something agreed at a meeting"),
            lambda a: a.record.pupil_id,
            lambda a: a.record.pupil.school_id,
            lambda a: a.record.is_shared,
        ),
        Subject(
            TranslatedKind.CONCERN_MESSAGE,
            ConcernMessage,
            ("body",),
            _l("A reply to a concern"),
            lambda m: m.concern.pupil_id,
            lambda m: m.concern.pupil.school_id,
            lambda m: m.from_school,
            lambda m: m.concern.raised_by_id,
        ),
        Subject(
            TranslatedKind.PLAN_QUESTION,
            PlanQuestion,
            ("reply",),
            _l("A reply to a question about the plan"),
            lambda q: q.pupil_id,
            lambda q: q.pupil.school_id,
            lambda q: q.reply is not None,
            lambda q: q.asked_by_id,
        ),
        Subject(
            TranslatedKind.PLAN_NEED,
            PlanNeed,
            ("summary",),
            _l("What the pupil finds hard, in the plan"),
            lambda n: n.plan.pupil_id,
            lambda n: n.plan.pupil.school_id,
            lambda n: n.plan.is_visible_to_family,
        ),
        Subject(
            TranslatedKind.PLAN_VIEWS,
            Plan,
            ("pupil_views", "parent_views"),
            _l("The views written in the plan"),
            lambda p: p.pupil_id,
            lambda p: p.pupil.school_id,
            lambda p: p.is_visible_to_family,
        ),
        Subject(
            TranslatedKind.PLAN_REVIEW,
            Plan,
            ("review_note",),
            _l("What the school wrote at the plan's review"),
            lambda p: p.pupil_id,
            lambda p: p.pupil.school_id,
            lambda p: p.is_visible_to_family and p.reviewed_at is not None,
        ),
        Subject(
            TranslatedKind.PROGRESS_NOTE,
            ProgressNote,
            ("note",),
            _l("A note on how an outcome is going"),
            lambda n: n.pupil_id,
            lambda n: n.outcome.plan.pupil.school_id,
            lambda n: n.share_with_family and n.outcome.plan.is_visible_to_family,
        ),
        Subject(
            TranslatedKind.CONCERN,
            Concern,
            ("closing_summary",),
            _l("What the school said as it closed a concern"),
            lambda c: c.pupil_id,
            lambda c: c.school_id,
            lambda c: bool(c.closing_summary),
            lambda c: c.raised_by_id,
        ),
        Subject(
            TranslatedKind.MEETING,
            Meeting,
            ("purpose",),
            _l("What a meeting is for"),
            lambda m: m.pupil_id,
            lambda m: m.school_id,
            lambda m: m.cancelled_at is None,
        ),
        Subject(
            TranslatedKind.SEN_REPORT,
            SenInformationReport,
            tuple(section.value for section in ReportSection),
            _l("The SEN information report"),
            lambda r: None,
            lambda r: r.school_id,
            lambda r: True,
        ),
    )
}


def load_subject(kind: TranslatedKind, subject_id: int):
    return db.session.get(SUBJECTS[kind].model, subject_id)


def texts_of(kind: TranslatedKind, subject) -> dict[str, str]:
    """The subject's texts that have words in them, by field."""
    found = {}
    for name in SUBJECTS[kind].fields:
        value = getattr(subject, name, None)
        if isinstance(value, str) and value.strip():
            found[name] = value
    return found


# --- Translations the school typed in ------------------------------------------------------


Key = tuple[TranslatedKind, int, str]


def translations_for(
    subjects: Iterable[tuple[TranslatedKind, int]], language: str
) -> dict[Key, SchoolTranslation]:
    """Every translation into `language` of these subjects, in one query, by (kind, id, field)."""
    by_kind: dict[TranslatedKind, set[int]] = defaultdict(set)
    for kind, subject_id in subjects:
        by_kind[kind].add(subject_id)
    if not by_kind:
        return {}
    rows = db.session.scalars(
        sa.select(SchoolTranslation).where(
            SchoolTranslation.language == language,
            sa.or_(
                *(
                    sa.and_(SchoolTranslation.kind == kind, SchoolTranslation.subject_id.in_(ids))
                    for kind, ids in by_kind.items()
                )
            ),
        )
    )
    return {(row.kind, row.subject_id, row.field): row for row in rows}


def current_translation(
    found: dict[Key, SchoolTranslation], kind: TranslatedKind, subject, field: str
) -> SchoolTranslation | None:
    """The translation of this text, if there is one and its original still reads the same."""
    row = found.get((kind, subject.id, field))
    if row is not None and row.matches(getattr(subject, field, None)):
        return row
    return None


def save_translations(
    kind: TranslatedKind,
    subject,
    language: str,
    texts: dict[str, str],
    *,
    by: User,
    translator_name: str | None = None,
) -> list[SchoolTranslation]:
    """Keep the school's translation of each text given (replacing an older one), and close
    the family's requests it answers."""
    spec = SUBJECTS[kind]
    originals = texts_of(kind, subject)
    existing = translations_for([(kind, subject.id)], language)
    saved = []
    now = utcnow()
    for name, text in texts.items():
        text = (text or "").strip()
        if name not in originals or not text:
            continue
        row = existing.get((kind, subject.id, name))
        if row is None:
            row = SchoolTranslation(
                school_id=spec.school_id(subject),
                pupil_id=spec.pupil_id(subject),
                kind=kind,
                subject_id=subject.id,
                field=name,
                language=language,
                created_by_id=by.id,
                created_at=now,
            )
            db.session.add(row)
        row.original = originals[name]
        row.text = text
        row.translator_name = (translator_name or "").strip() or None
        row.updated_at = now
        row.updated_by_id = by.id
        existing[(kind, subject.id, name)] = row
        saved.append(row)
    pupil_id = spec.pupil_id(subject)
    pupil = db.session.get(Pupil, pupil_id) if pupil_id else None
    audit.record(
        by, "translation.save", pupil=pupil, school_id=spec.school_id(subject), obj=subject
    )
    if all(current_translation(existing, kind, subject, name) for name in originals):
        for request in db.session.scalars(
            sa.select(TranslationRequest).where(
                TranslationRequest.kind == kind,
                TranslationRequest.subject_id == subject.id,
                TranslationRequest.language == language,
                TranslationRequest.done_at.is_(None),
            )
        ):
            request.done_at = now
            request.done_by_id = by.id
    db.session.commit()
    return saved


# --- Families asking for something in their language ----------------------------------------


def ask_for_translation(
    kind: TranslatedKind, subject_id: int, pupil: Pupil, language: str, by: User
) -> TranslationRequest | None:
    """A family asks for something about their child in their language.

    None when the subject is not this pupil's or not shared with the family (the caller
    answers 404). Asking again while a request is open returns that request.
    """
    spec = SUBJECTS.get(kind)
    if spec is None or kind is TranslatedKind.SEN_REPORT:
        return None
    subject = load_subject(kind, subject_id)
    if subject is None or spec.pupil_id(subject) != pupil.id or not spec.shared(subject):
        return None
    if spec.only_for(subject) not in (None, by.id):
        return None  # another parent's concern or question: theirs alone
    open_request = db.session.scalar(
        sa.select(TranslationRequest).where(
            TranslationRequest.kind == kind,
            TranslationRequest.subject_id == subject_id,
            TranslationRequest.language == language,
            TranslationRequest.done_at.is_(None),
        )
    )
    if open_request is not None:
        return open_request
    request = TranslationRequest(
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        kind=kind,
        subject_id=subject_id,
        language=language,
        requested_by_id=by.id,
    )
    db.session.add(request)
    db.session.flush()
    audit.record(by, "translation.ask", pupil=pupil, obj=request)
    db.session.commit()
    return request


def requests_query(school_id: int) -> sa.Select:
    """A school's requests (open and done), with each pupil joined for the inbox's filters."""
    return (
        sa.select(TranslationRequest)
        .join(TranslationRequest.pupil)
        .where(TranslationRequest.school_id == school_id, Pupil.school_id == school_id)
        .options(selectinload(TranslationRequest.requested_by))
    )


def mark_read(request: TranslationRequest, user: User) -> None:
    if request.read_at is None:
        request.read_at = utcnow()
        request.read_by_id = user.id
        db.session.commit()


# --- Notes about the portal's own translation -------------------------------------------------


def feedback_flooded(school_id: int | None, limit: int) -> bool:
    """Whether `limit` or more notes reached this school (or nobody's school) in an hour."""
    school_clause = (
        TranslationFeedback.school_id.is_(None)
        if school_id is None
        else TranslationFeedback.school_id == school_id
    )
    recent = db.session.scalar(
        sa.select(sa.func.count(TranslationFeedback.id)).where(
            school_clause, TranslationFeedback.created_at > utcnow() - timedelta(hours=1)
        )
    )
    return recent >= limit


def _school_staff(school_id: int) -> list[Membership]:
    """The SENCOs and administrators of a school."""
    return db.session.scalars(
        sa.select(Membership)
        .where(
            Membership.school_id == school_id,
            Membership.role.in_((Role.SENCO, Role.ADMIN)),
            Membership.active.is_(True),
        )
        .options(selectinload(Membership.user))
        .order_by(Membership.id)
    ).all()


def _platform_admins() -> list[User]:
    return db.session.scalars(
        sa.select(User)
        .where(User.is_platform_admin.is_(True), User.active.is_(True))
        .order_by(User.id)
    ).all()


def send_feedback(
    *,
    school: School | None,
    language: str,
    page: str,
    words: str,
    problem: str,
    suggestion: str = "",
    reply_email: str | None = None,
    page_url: str = "",
) -> TranslationFeedback:
    """Keep the note, and email it to the school's SENCOs and administrators (or, with no
    school, the installation's administrators) and to the translators' list."""
    note = TranslationFeedback(
        school_id=school.id if school else None,
        language=language,
        page=page[:300],
        words=words.strip(),
        problem=problem.strip(),
        suggestion=(suggestion or "").strip(),
        reply_email=(reply_email or "").strip() or None,
    )
    db.session.add(note)
    db.session.flush()
    context = {"note": note, "page_url": page_url or note.page}
    if school is not None:
        people = [(m.user, m.user.email) for m in _school_staff(school.id)]
    else:
        people = [(user, user.email) for user in _platform_admins()]
    seen = set()
    for user, address in people:
        if address in seen:
            continue
        seen.add(address)
        mail.send(
            to=address,
            kind="translation.feedback",
            subject=FEEDBACK_SUBJECT,
            template="email/translation_feedback.txt",
            user=user,
            school=school,
            for_school=True,
            **context,
        )
    note.staff_emailed = bool(seen)
    translators = current_app.config.get("TRANSLATORS_EMAIL")
    if translators:
        # The list is outside the school: no reply address, and in English.
        mail.send(
            to=translators,
            kind="translation.feedback.translators",
            subject=FEEDBACK_SUBJECT,
            template="email/translation_feedback.txt",
            school=school,
            locale="en",
            for_school=False,
            **context,
        )
        note.translators_emailed = True
    db.session.commit()
    return note


# --- Things agreed at a meeting, from the bank or written ----------------------------------


def record_actions(record_id: int) -> list[RecordAction]:
    return db.session.scalars(
        sa.select(RecordAction)
        .where(RecordAction.record_id == record_id)
        .order_by(RecordAction.position, RecordAction.id)
    ).all()


# --- The SEN information report in other languages -------------------------------------------


def report_translation_counts(report: SenInformationReport) -> dict[str, int]:
    """For each language, how many of the report's written sections have a translation
    whose original still reads the same."""
    rows = db.session.scalars(
        sa.select(SchoolTranslation).where(
            SchoolTranslation.kind == TranslatedKind.SEN_REPORT,
            SchoolTranslation.subject_id == report.id,
        )
    )
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.matches(getattr(report, row.field, None)):
            counts[row.language] += 1
    return dict(counts)


@dataclass(frozen=True)
class ReportInLanguage:
    """The report as a family reading `language` sees it: each section's translation where
    the school added one, and the sections that are in English only."""

    language: str
    translations: dict[str, SchoolTranslation]  # by section (field)
    english_only: list  # ReportSection, written but not translated

    @property
    def any(self) -> bool:
        return bool(self.translations)


def report_in(report: SenInformationReport | None, language: str, school_language: str):
    """None when the family reads the school's own language (or there is no report)."""
    if report is None or language == school_language:
        return None
    found = translations_for([(TranslatedKind.SEN_REPORT, report.id)], language)
    translations, english_only = {}, []
    for section in ReportSection:
        if not report.text(section).strip():
            continue
        row = current_translation(found, TranslatedKind.SEN_REPORT, report, section.value)
        if row is not None:
            translations[section.value] = row
        else:
            english_only.append(section)
    return ReportInLanguage(language, translations, english_only)
