"""The shape of a pupil's answers in `Views.answers`, and reading them back for people.

One entry per question key:

- an open question (questions.TEXT): ``{"text": str, "cards": [card keys],
  "recording": file id, "picture": file id, "choice": "not_sure" | "rather_not_say"}``,
  any part of it missing. Cards are keys of portal/symbol_banks.py's bank for the
  question; files are `StoredFile` ids of the same pupil. Answers written before cards,
  recordings and pictures (``{"text"}`` or ``{"choice"}``) are this shape already.
- the talking-mat board (questions.BOARD): ``{"board": {topic key: "good" | "not_sure" |
  "not_good"}}``, or ``{"choice": opt-out}``.
- a goal (questions.GOAL, key ``goal-<outcome id>``): ``{"outcome": id, "goal": the goal's
  words when asked, "symbol": its symbol, "position": its place in the plan, "feeling": a
  face or an opt-out, "help": "yes" | "a_bit" | "no" | "not_sure"}``. The words are kept, so
  the answer stays readable when the plan changes.

The faces (questions.FEELINGS) stay in `Views.feelings` as ``{key: face or opt-out}``, as
they always were; school, learning and friends were faces until the board took them over,
and views that answered them still show them (questions.shown_questions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from portal.extensions import db
from portal.models import StoredFile, Views
from portal.pupil_views import questions as q
from portal.symbol_banks import Card, chosen_cards
from portal.talking_mat import COLUMNS, FEELINGS_TOPICS, Column

MAX_TEXT = 5000


def file_ids(answers: dict) -> set[int]:
    """Every stored file an answer record points to."""
    found = set()
    for answer in (answers or {}).values():
        if isinstance(answer, dict):
            for part in ("recording", "picture"):
                if isinstance(answer.get(part), int):
                    found.add(answer[part])
    return found


def files_for(views: list[Views]) -> dict[int, StoredFile]:
    """The recordings and pictures of these views, in one query, keyed by id; a file of
    another pupil is never shown, whatever an answer says."""
    wanted = {(v.pupil_id, i) for v in views for i in file_ids(v.answers)}
    if not wanted:
        return {}
    rows = db.session.scalars(
        sa.select(StoredFile).where(StoredFile.id.in_({i for _, i in wanted}))
    ).all()
    return {f.id: f for f in rows if (f.pupil_id, f.id) in wanted}


@dataclass
class Shown:
    """One question and what the pupil said, ready for a page or a PDF."""

    question: q.Question
    text: str | None = None
    # The language the words were typed in (older answers: none; the views' language).
    lang: str | None = None
    cards: list[Card] = field(default_factory=list)
    recording: StoredFile | None = None
    picture: StoredFile | None = None
    choice: q.Choice | None = None  # a face, or an opt-out
    board: list[tuple[Column, list[Card]]] = field(default_factory=list)
    help: q.Choice | None = None

    @property
    def answered(self) -> bool:
        return bool(
            self.text
            or self.cards
            or self.recording
            or self.picture
            or self.choice
            or self.board
            or self.help
        )


def board_columns(values: dict) -> list[tuple[Column, list[Card]]]:
    """The sorted board: each column with its cards, in the topics' order; empty columns
    are left out."""
    values = values or {}
    return [
        (column, [t for t in FEELINGS_TOPICS if values.get(t.key) == column.value])
        for column in COLUMNS
        if any(values.get(t.key) == column.value for t in FEELINGS_TOPICS)
    ]


def shown(views: Views, files: dict[int, StoredFile] | None = None) -> list[Shown]:
    """Every question this views record shows, each with its answer."""
    answers, feelings = views.answers or {}, views.feelings or {}
    files = files if files is not None else files_for([views])
    return [
        read(question, answers, feelings, files)
        for question in q.shown_questions(views.form_version, answers, feelings)
    ]


def for_form(views: Views, questions: list[q.Question]) -> list[Shown]:
    """The check page: every page of the form (answered or not), and any other answer the
    record holds (a goal no longer in the plan, a question no longer asked)."""
    answers, feelings = views.answers or {}, views.feelings or {}
    merged = q.shown_questions(views.form_version, answers, feelings)
    keys = {x.key for x in merged}
    for i, question in enumerate(questions):
        if question.key in keys:
            continue
        previous = questions[i - 1].key if i else None
        at = next((j + 1 for j, x in enumerate(merged) if x.key == previous), 0)
        merged.insert(at, question)
        keys.add(question.key)
    files = files_for([views])
    return [read(question, answers, feelings, files) for question in merged]


def read(question: q.Question, answers: dict, feelings: dict, files: dict) -> Shown:
    if question.kind == q.FEELINGS:
        return Shown(question, choice=q.ALL_CHOICES.get(feelings.get(question.key) or ""))
    answer = answers.get(question.key) or {}
    choice = q.ALL_CHOICES.get(answer.get("choice") or "")
    if question.kind == q.BOARD:
        return Shown(question, board=board_columns(answer.get("board")), choice=choice)
    if question.kind == q.GOAL:
        return Shown(
            question,
            choice=q.ALL_CHOICES.get(answer.get("feeling") or "") or choice,
            help=q.HELP_VALUES.get(answer.get("help") or ""),
        )
    return Shown(
        question,
        text=(answer.get("text") or "").strip() or None,
        lang=answer.get("lang"),
        cards=chosen_cards(question.key, answer.get("cards")),
        recording=files.get(answer.get("recording")),
        picture=files.get(answer.get("picture")),
        choice=choice,
    )


def words_of(item: Shown) -> list[str]:
    """The answer as lines of words, for a PDF or an export: cards, words, faces, and a
    recording's transcript when staff have typed one."""
    lines = []
    if item.cards:
        lines.append(", ".join(str(c.words) for c in item.cards))
    if item.text:
        lines.append(item.text)
    for column, cards in item.board:
        lines.append(f"{column.label}: {', '.join(str(c.words) for c in cards)}")
    if item.choice:
        lines.append(str(item.choice.label))
    if item.help:
        lines.append(str(item.help.label))
    return lines


def as_text(views: Views, first_name: str) -> str:
    """Sent views as plain lines to edit into a plan: each answered question, then what was
    said (cards, words, faces, the board), in the page's language; a recording or picture
    is named, so the SENCO knows to open the views for it."""
    lines = []
    for item in shown(views, files={}):
        said = words_of(item)
        if item.question.kind == q.TEXT:
            answer = (views.answers or {}).get(item.question.key) or {}
            if answer.get("recording"):
                said.append(_("A recording"))
            if answer.get("picture"):
                said.append(_("A picture sent as the answer"))
        if said:
            lines.append(f"{item.question.text_for(name=first_name)} {' '.join(said)}")
    return "\n".join(lines)
