"""The questions of the views forms, in code so they are translated and tested.

Pupils' forms follow WORDS.md: one question per page, short sentences, a symbol beside
every question and answer, strengths first and hopes last. The same keys run through all
three pupil versions, so answers from a Year 2 pupil and a Year 10 pupil line up; only
the layout (symbols first or words first) and the preparing-for-adulthood questions from
Year 9 (Code 8.x) differ. Parents answer their own set.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.models import FormVersion

PUPIL_VERSIONS = frozenset({FormVersion.PRIMARY, FormVersion.SECONDARY, FormVersion.YOUNG_PERSON})
YOUNG_PERSON = frozenset({FormVersion.YOUNG_PERSON})
PARENT = frozenset({FormVersion.PARENT})

TEXT = "text"  # an open question: cards, words, a recording, a picture
FEELINGS = "feelings"  # five faces
BOARD = "board"  # the talking-mat board: topic cards sorted into good, not sure, not good
GOAL = "goal"  # one goal of the pupil's shared plan: how it is going, and does the help help

NOT_SURE = "not_sure"
RATHER_NOT_SAY = "rather_not_say"


@dataclass(frozen=True)
class Choice:
    value: str
    label: object  # lazy string
    symbol: str


@dataclass(frozen=True)
class Question:
    key: str
    text: object  # lazy string; parent questions may hold %(name)s
    symbol: str
    kind: str  # TEXT or FEELINGS
    versions: frozenset
    hint: object | None = None
    required: bool = True
    # No longer asked, kept so that views sent with it stay readable.
    retired: bool = False
    # A goal question: the plan's outcome, and the goal in the pupil's words when asked.
    outcome_id: int | None = None
    goal: str | None = None

    def text_for(self, **names) -> str:
        return str(self.text) % names if names else str(self.text)

    def hint_for(self, **names) -> str:
        if self.hint is None:
            return ""
        return str(self.hint) % names if names else str(self.hint)


# The five faces, happiest first, each with its word (WORDS.md).
FEELING_CHOICES = [
    Choice("very_happy", _l("Very happy"), "face-very-happy"),
    Choice("happy", _l("Happy"), "face-happy"),
    Choice("ok", _l("OK"), "face-ok"),
    Choice("sad", _l("Sad"), "face-sad"),
    Choice("very_sad", _l("Very sad"), "face-very-sad"),
]

# Offered on every pupil question, so nobody is forced to answer.
OPT_OUT_CHOICES = [
    Choice(NOT_SURE, _l("I'm not sure"), "not-sure"),
    Choice(RATHER_NOT_SAY, _l("I'd rather not say"), "rather-not-say"),
]

ALL_CHOICES = {c.value: c for c in FEELING_CHOICES + OPT_OUT_CHOICES}
FEELING_VALUES = [c.value for c in FEELING_CHOICES]

PUPIL_QUESTIONS = [
    Question(
        "good_at",
        _l("What are you good at?"),
        "star",
        TEXT,
        PUPIL_VERSIONS,
        _l("It can be at school or at home."),
    ),
    Question(
        "liked",
        _l("What do people like about you?"),
        "heart",
        TEXT,
        PUPIL_VERSIONS,
        _l("Think about your family and friends."),
    ),
    Question(
        "important",
        _l("What is important to you?"),
        "gem",
        TEXT,
        PUPIL_VERSIONS,
        _l("It can be people, things or places."),
    ),
    # Until December 2026 school, learning and friends were a face each; the board asks
    # about them (and the rest of the school day) on one page now.
    Question(
        "school",
        _l("How do you feel about school?"),
        "school",
        FEELINGS,
        PUPIL_VERSIONS,
        _l("Pick the face that shows how you feel."),
        retired=True,
    ),
    Question(
        "learning",
        _l("How do you feel about learning?"),
        "book",
        FEELINGS,
        PUPIL_VERSIONS,
        _l("Pick the face that shows how you feel."),
        retired=True,
    ),
    Question(
        "friends",
        _l("How do you feel about your friends?"),
        "friends",
        FEELINGS,
        PUPIL_VERSIONS,
        _l("Pick the face that shows how you feel."),
        retired=True,
    ),
    Question(
        "feel",
        _l("How do you feel about these?"),
        "board",
        BOARD,
        PUPIL_VERSIONS,
        _l("Put each card under Good, Not sure or Not good."),
    ),
    Question(
        "safe",
        _l("How safe do you feel at school?"),
        "safe",
        FEELINGS,
        PUPIL_VERSIONS,
        _l("Pick a face. Very happy means very safe."),
    ),
    Question(
        "helps",
        _l("What helps you at school?"),
        "helper",
        TEXT,
        PUPIL_VERSIONS,
        _l("It can be a person or a thing."),
    ),
    Question(
        "hard",
        _l("What is hard at school?"),
        "hard",
        TEXT,
        PUPIL_VERSIONS,
        _l("It is OK to say what is hard."),
    ),
    Question(
        "better",
        _l("What would you like to get better at?"),
        "better",
        TEXT,
        PUPIL_VERSIONS,
    ),
    # Preparing for adulthood, from Year 9: work, living on your own, health, community.
    Question(
        "job",
        _l("What job or course would you like?"),
        "job",
        TEXT,
        YOUNG_PERSON,
        _l("Think about after school or college."),
    ),
    Question(
        "own",
        _l("What would you like to do on your own?"),
        "key",
        TEXT,
        YOUNG_PERSON,
        _l("For example cooking, travel or money."),
    ),
    Question(
        "health",
        _l("How do you look after your health?"),
        "health",
        TEXT,
        YOUNG_PERSON,
        _l("For example food, sleep, sport or doctors."),
    ),
    Question(
        "community",
        _l("What do you like doing with friends or near home?"),
        "community",
        TEXT,
        YOUNG_PERSON,
    ),
    Question(
        "happen",
        _l("What would you like to happen?"),
        "wish",
        TEXT,
        PUPIL_VERSIONS,
        _l("Think about school and your meeting."),
    ),
]

PARENT_QUESTIONS = [
    Question(
        "going_well",
        _l("What is %(name)s good at, and what is going well?"),
        "star",
        TEXT,
        PARENT,
        _l("Think about home, school and outside school. Small things count."),
    ),
    Question(
        "hard",
        _l("What does %(name)s find hard at the moment?"),
        "hard",
        TEXT,
        PARENT,
        _l("At school, at home, or both."),
    ),
    Question(
        "home_changes",
        _l("Has anything changed at home or for your family?"),
        "home",
        TEXT,
        PARENT,
        _l(
            "For example a move, a new baby, an illness, or help from another service. "
            "Tell us only what you are happy to share. You can leave this empty."
        ),
        required=False,
    ),
    Question(
        "hopes",
        _l("What do you hope for %(name)s, this year and in the future?"),
        "wish",
        TEXT,
        PARENT,
    ),
    Question(
        "discuss",
        _l("Is there anything you would like to talk about at the meeting?"),
        "talk",
        TEXT,
        PARENT,
        _l("You can leave this empty."),
        required=False,
    ),
]

_ALL_BY_VERSION = {
    version: [q for q in PUPIL_QUESTIONS + PARENT_QUESTIONS if version in q.versions]
    for version in FormVersion
}
_BY_VERSION = {
    version: [q for q in questions if not q.retired]
    for version, questions in _ALL_BY_VERSION.items()
}
# A pupil's goals come after what they would like to get better at, before the questions
# about growing up and their hopes.
GOALS_AFTER = "better"
GOAL_PREFIX = "goal-"

# How a goal is going: the five faces. Whether the help helps: three answers and "not sure".
HELP_CHOICES = [
    Choice("yes", _l("Yes, it helps"), "face-happy"),
    Choice("a_bit", _l("It helps a bit"), "face-ok"),
    Choice("no", _l("No, it does not help"), "face-sad"),
    Choice(NOT_SURE, _l("I'm not sure"), "not-sure"),
]
HELP_VALUES = {c.value: c for c in HELP_CHOICES}


def questions_for(version: FormVersion) -> list[Question]:
    """The questions asked now in this version, goals aside."""
    return _BY_VERSION[version]


def question(version: FormVersion, key: str) -> Question | None:
    return next((q for q in _ALL_BY_VERSION[version] if q.key == key), None)


def goal_question(outcome_id: int, goal: str, symbol: str) -> Question:
    """One goal of the pupil's shared plan, asked in the form: how is it going?"""
    return Question(
        f"{GOAL_PREFIX}{outcome_id}",
        _l("How is this goal going?"),
        symbol,
        GOAL,
        PUPIL_VERSIONS,
        _l("Pick a face. Then say if your help helps."),
        outcome_id=outcome_id,
        goal=goal,
    )


def with_goals(questions: list[Question], goals: list[Question]) -> list[Question]:
    if not goals:
        return list(questions)
    keys = [q.key for q in questions]
    at = keys.index(GOALS_AFTER) + 1 if GOALS_AFTER in keys else len(questions) - 1
    return [*questions[:at], *goals, *questions[at:]]


def form_questions(version: FormVersion, goals: list[Question] = ()) -> list[Question]:
    """The pages of the form, in order: this version's questions and the pupil's goals."""
    return with_goals(_BY_VERSION[version], list(goals))


def find(questions: list[Question], key: str) -> Question | None:
    return next((q for q in questions if q.key == key), None)


def shown_questions(version: FormVersion, answers: dict, feelings: dict) -> list[Question]:
    """What a sent (or draft) views record shows: the questions asked now, the goals it
    answered, and any question no longer asked that it has an answer to."""
    shown = [
        q for q in _ALL_BY_VERSION[version] if not q.retired or is_answered(q, answers, feelings)
    ]
    goals = [
        goal_question(int(a["outcome"]), a.get("goal") or "", a.get("symbol") or "goal")
        for key, a in (answers or {}).items()
        if key.startswith(GOAL_PREFIX)
        and isinstance(a, dict)
        and str(a.get("outcome", "")).isdigit()
    ]
    goals.sort(key=lambda g: (answers[g.key].get("position", 0), g.outcome_id))
    return with_goals(shown, goals)


def neighbours(questions: list[Question], key: str) -> tuple[Question | None, Question | None]:
    """The questions before and after this one."""
    keys = [q.key for q in questions]
    i = keys.index(key)
    before = questions[i - 1] if i > 0 else None
    after = questions[i + 1] if i + 1 < len(questions) else None
    return before, after


def is_answered(q: Question, answers: dict, feelings: dict) -> bool:
    if q.kind == FEELINGS:
        return feelings.get(q.key) in ALL_CHOICES
    answer = (answers or {}).get(q.key) or {}
    if answer.get("choice") in ALL_CHOICES:
        return True
    if q.kind == BOARD:
        return bool(answer.get("board"))
    if q.kind == GOAL:
        return answer.get("feeling") in ALL_CHOICES
    return bool(
        (answer.get("text") or "").strip()
        or answer.get("cards")
        or answer.get("recording")
        or answer.get("picture")
    )


def first_unanswered(questions: list[Question], answers: dict, feelings: dict) -> Question | None:
    for q in questions:
        if q.required and not is_answered(q, answers, feelings):
            return q
    return None
