"""Words for searching the directory: the same on SQLite and PostgreSQL.

Text is folded to lower case without accents, split into words, and each word reduced by a
light English stemmer that folds plurals ("therapies" and "therapy" are one word). The
folded words are stored with each service; a query is folded the same way, candidates are
found with LIKE on whole-word prefixes, and ranked here in Python. A school's directory is
hundreds of entries, so ranking the candidates in Python is quick (see
benchmarks/local_offer_search.py) and behaves identically on both databases.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+")

# Words that carry no meaning in a search for help.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "for",
        "from",
        "has",
        "have",
        "help",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "we",
        "what",
        "who",
        "with",
        "you",
        "your",
    ]
)

IRREGULAR = {
    "children": "child",
    "childrens": "child",
    "people": "person",
    "women": "woman",
    "men": "man",
    "feet": "foot",
    "teeth": "tooth",
}

# Different words families and services use for the same thing.
SYNONYMS = {
    "autistic": "autism",
    "asd": "autism",
    "asc": "autism",
    "dyslexic": "dyslexia",
    "behavior": "behaviour",
    "behavioral": "behavioural",
    "center": "centre",
    "counseling": "counselling",
    "counsellor": "counselling",
    "counselor": "counselling",
    "therapist": "therapy",
    "deafness": "deaf",
    "wheelchairs": "wheelchair",
    "carers": "carer",
    "kid": "child",
    "kids": "child",
    "teen": "teenager",
    "teens": "teenager",
}


def fold(text: str) -> str:
    """Lower case, accents removed: "Café" and "cafe" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(word: str) -> str:
    """Fold English plurals to the singular, lightly: enough for "services" and "therapies"."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word in SYNONYMS:
        return SYNONYMS[word]
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return SYNONYMS.get(word, word)


def words(text: str | None) -> list[str]:
    """The folded, stemmed words of a text, in order, without stopwords."""
    if not text:
        return []
    return [
        stem(word)
        for word in _WORD.findall(fold(text))
        if (len(word) > 1 or word.isdigit()) and word not in STOPWORDS
    ]


def index(*texts: str | None) -> str:
    """Stored form: the distinct words, space padded, so LIKE '% word%' finds a prefix."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            seen.setdefault(word, None)
    return " " + " ".join(seen) + " " if seen else ""


def query_words(text: str | None, limit: int = 8) -> list[str]:
    found: list[str] = []
    for word in words(text):
        if word not in found:
            found.append(word)
    return found[:limit]


@dataclass(frozen=True)
class Candidate:
    """What ranking needs to know about one service."""

    id: int
    name: str
    search_name: str
    search_tags: str
    search_body: str
    fit: int = 0  # how closely the service matches a child's needs: 2 code, 1 area, 0 any


def _field_score(word: str, padded: str, exact: int, prefix: int) -> int:
    """Stored words are space padded: " word " is the word, " word" starts one."""
    if f" {word} " in padded:
        return exact
    if len(word) >= 3 and f" {word}" in padded:
        return prefix
    return 0


@dataclass(frozen=True)
class Term:
    """One word of the query, and other ways of saying the help it names (each a list of
    words that must all be found): "logopeda" may also be met by "speech therapy". A term
    with no word stands for several words of the query that together name one kind of
    help ("terapia mowy"): it is met only by its other ways of saying it."""

    word: str | None
    alternatives: tuple[tuple[str, ...], ...] = ()

    @property
    def words(self) -> list[str]:
        found = [self.word] if self.word else []
        for alternative in self.alternatives:
            found += [w for w in alternative if w not in found]
        return found


def _word_score(word: str, candidate: Candidate) -> tuple[int, bool]:
    """How well one word matches a service, and whether it is a whole word of the name."""
    named = _field_score(word, candidate.search_name, 10, 6)
    best = named or max(
        _field_score(word, candidate.search_tags, 5, 3),
        _field_score(word, candidate.search_body, 2, 1),
    )
    return best, named == 10


def _term_score(term: Term, scores) -> tuple[int, bool]:
    """The word itself, or the best of its other ways of saying it (all of whose words must
    be found; it scores as its weakest word). `scores(word)` is the service's score for one
    word, worked out once per service however many terms and alternatives share it."""
    best, in_name = scores(term.word) if term.word else (0, False)
    for alternative in term.alternatives:
        score, named = 10, True
        for word in alternative:
            word_score, word_named = scores(word)
            if word_score < score:
                score = word_score
            named = named and word_named
            if not score:
                break
        if score > best:
            best, in_name = score, named
    return best, in_name


def rank(query: list[Term | str], candidates: Iterable[Candidate]) -> list[Candidate]:
    """Services matching more of the words first; a word in the name counts most."""
    terms = [t if isinstance(t, Term) else Term(t) for t in query]
    typed = [t.word for t in terms if t.word]
    phrase = " " + " ".join(typed) + " "
    scored = []
    for candidate in candidates:
        matched = in_name = score = 0
        known: dict[str, tuple[int, bool]] = {}

        def scores(word: str, candidate=candidate, known=known) -> tuple[int, bool]:
            if word not in known:
                known[word] = _word_score(word, candidate)
            return known[word]

        for term in terms:
            best, named = _term_score(term, scores)
            if best:
                matched += 1
                score += best
                in_name += named and term.word is not None
        if not matched:
            continue
        # The words together, in order, in the name: "youth club" beats "club for youth".
        if len(typed) > 1 and in_name == len(typed) and phrase in _ordered(candidate.name):
            score += 8
        scored.append((-matched, -score, -candidate.fit, candidate.name.casefold(), candidate))
    scored.sort(key=lambda row: row[:4])
    return [row[4] for row in scored]


def _ordered(name: str) -> str:
    return " " + " ".join(words(name)) + " "
