"""The school's words on a family's page, in the family's language where the school has them.

A page (or PDF) that shows what the school wrote makes one `SchoolWords` for the language
it is in, naming the things it shows; then, for each text, `words.shown(kind, obj, field)`
says what to print:

- a phrase from the bank, in the family's language (the English kept beside it);
- else the school's own words, marked with the school's language (`lang`, `dir`), and a
  translation the school typed in, if there is one for this language and its original
  still reads the same;
- and, per thing (`words.ask_state(kind, obj)`), whether the family may ask for it in their
  language, or has asked already.

Two queries a page, however many things it shows: the translations, and the open requests.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from portal.extensions import db
from portal.i18n import DEFAULT_LOCALE
from portal.languages import services
from portal.languages.phrases import Words, bank, row_text
from portal.models import TranslatedKind, TranslationRequest

# The fields of a row that a bank phrase can stand for.
BANK_FIELDS = {
    TranslatedKind.OUTCOME: "description",
    TranslatedKind.PROVISION: "description",
    TranslatedKind.MEETING_ACTION: "what",
}


def _code(language: str | None) -> str:
    return str(language or DEFAULT_LOCALE).replace("-", "_").split("_")[0]


@dataclass(frozen=True)
class Shown:
    """One text as a family reads it."""

    main: Words  # what to print first
    english: Words | None = None  # a bank phrase's English, when `main` is its translation
    translation: Words | None = None  # the school's typed translation, beside `main`
    translator: str | None = None

    @property
    def in_family_language(self) -> bool:
        return self.main.translated or self.translation is not None


@dataclass(frozen=True)
class AskState:
    """Whether a family may ask for a thing in their language: `can` (show the button),
    `asked` (the open request, if they have asked)."""

    can: bool
    asked: TranslationRequest | None = None


class SchoolWords:
    def __init__(
        self,
        language: str | None,
        school_language: str | None,
        things: Iterable[tuple[TranslatedKind, object]] = (),
        *,
        pupil_id: int | None = None,
        asking: bool = False,
    ):
        self.language = _code(language)
        self.school_language = _code(school_language)
        self.asking = asking and self.needed
        things = [(kind, obj) for kind, obj in things if obj is not None]
        self._found: dict = {}
        self._asked: dict = {}
        if self.needed and things:
            self._found = services.translations_for(
                [(kind, obj.id) for kind, obj in things], self.language
            )
        if self.asking and things and pupil_id is not None:
            self._asked = _open_requests(pupil_id, self.language, things)

    @property
    def needed(self) -> bool:
        """Whether the family reads another language than the school writes in."""
        return self.language != self.school_language

    def shown(self, kind: TranslatedKind, obj, field: str) -> Shown:
        own = getattr(obj, field, None) or ""
        written = Words(own, self.school_language, False)
        if not self.needed:
            return Shown(written)
        if BANK_FIELDS.get(kind) == field:
            phrase = bank().get(getattr(obj, "phrase_key", None))
            if phrase is not None and _same(row_text(obj), phrase.text):
                words = phrase.in_language(self.language)
                if words:
                    return Shown(Words(words, self.language, True), english=written)
        row = services.current_translation(self._found, kind, obj, field)
        if row is not None:
            return Shown(
                written,
                translation=Words(row.text, self.language, True),
                translator=row.translator_name,
            )
        return Shown(written)

    def ask_state(self, kind: TranslatedKind, obj) -> AskState:
        """The family may ask while some text of the thing is not in their language."""
        if not self.asking or obj is None:
            return AskState(False)
        asked = self._asked.get((kind, obj.id))
        if asked is not None:
            return AskState(False, asked)
        texts = services.texts_of(kind, obj)
        missing = [f for f in texts if not self.shown(kind, obj, f).in_family_language]
        return AskState(bool(missing))


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _open_requests(pupil_id: int, language: str, things) -> dict:
    ids_by_kind: dict = {}
    for kind, obj in things:
        ids_by_kind.setdefault(kind, set()).add(obj.id)
    rows = db.session.scalars(
        sa.select(TranslationRequest).where(
            TranslationRequest.pupil_id == pupil_id,
            TranslationRequest.language == language,
            TranslationRequest.done_at.is_(None),
            sa.or_(
                *(
                    sa.and_(TranslationRequest.kind == kind, TranslationRequest.subject_id.in_(ids))
                    for kind, ids in ids_by_kind.items()
                )
            ),
        )
    )
    return {(row.kind, row.subject_id): row for row in rows}


def plan_things(plan) -> list[tuple[TranslatedKind, object]]:
    """What a family's plan page shows that the school wrote."""
    if plan is None:
        return []
    things: list[tuple[TranslatedKind, object]] = [(TranslatedKind.PLAN, plan)]
    things += [(TranslatedKind.OUTCOME, o) for o in plan.outcomes]
    things += [(TranslatedKind.PROVISION, p) for p in plan.provisions]
    things += [(TranslatedKind.ADVICE, a) for a in plan.advice]
    things += [(TranslatedKind.PLAN_QUESTION, q) for q in plan.questions if q.reply]
    things += [(TranslatedKind.PLAN_NEED, n) for n in plan.area_needs if n.summary.strip()]
    things.append((TranslatedKind.PLAN_VIEWS, plan))
    if plan.reviewed_at is not None:
        things.append((TranslatedKind.PLAN_REVIEW, plan))
    things += [
        (TranslatedKind.PROGRESS_NOTE, note)
        for outcome in plan.outcomes
        for note in outcome.notes
        if note.share_with_family
    ]
    return things


def goal_things(plan) -> list[tuple[TranslatedKind, object]]:
    """What the pupil's goals page shows that the school wrote: the plan's own texts, its
    outcomes and its provision (plan_things' for them, none of the rest)."""
    if plan is None:
        return []
    things: list[tuple[TranslatedKind, object]] = [(TranslatedKind.PLAN, plan)]
    things += [(TranslatedKind.OUTCOME, o) for o in plan.outcomes]
    things += [(TranslatedKind.PROVISION, p) for p in plan.provisions]
    return things


def record_things(record, actions) -> list[tuple[TranslatedKind, object]]:
    """What a meeting record shows that the school wrote: its texts and its actions."""
    return [(TranslatedKind.MEETING_RECORD, record)] + [
        (TranslatedKind.MEETING_ACTION, a) for a in actions
    ]
