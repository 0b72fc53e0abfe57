"""Hostile values in every form, as every role (issue 9): never a server error, and nothing
written for input that is refused.

For each role (nobody, a parent, a pupil, a teacher, the SENCO, the installation's
administrator) the test takes every POST route from app.url_map, fills its ids from the
access matrix's world (an object this role may reach, where there is one), opens the form's
page where it can to learn its fields, and sends values Hypothesis draws for each field:
random text, oversized text, wrong types (several values for one field, a field left out),
Unicode edges, and the values an attacker tried first (markup, SQL, a path, -1, a 23-digit
number, NaN, 30 February, blanks, NUL and bidi characters).

Every answer must be below 500. An answer of 4xx (and a page showing an error summary, which
must then be 400) must have written nothing but bookkeeping: the audit trail of reads, the
session's last use, counted sign-in tries. A draft form keeps what was typed even when it is
not complete yet, by design: on those routes its own draft may change.

Each role first sends every form the attacker's table (TABLE: each form once a value, every
field holding it), then FUZZ_EXAMPLES examples that Hypothesis draws. `make test` runs the table and one fixed example (derandomised) a role;
`make fuzz` runs the table and FUZZ_EXAMPLES random ones (100 unless set; README "Security").
"""

import io
import os
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st
from test_access_matrix import MATRIX, world  # noqa: F401  (the fixture, with its world)

from portal.extensions import db

ROLES = ("anon", "parent", "pupil", "teacher", "senco", "admin")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1"))
RANDOM = os.environ.get("FUZZ_SEED", "") == "random"

# Written on refused requests too, on purpose: reads are audited, a session notes its last
# use, sign-in tries and their outcomes are counted.
BOOKKEEPING = {"audit_event", "user_session", "login_attempt", "sign_in_event"}
# Draft forms keep what was typed, valid or not, so nothing typed is lost.
KEEPS_DRAFTS = {
    "concerns.family_step": {"concern"},
    "pupil_views.question": {"views"},
    "pupil_views.parent_question": {"views"},
}
# Values for the words in addresses that are not ids (the matrix gives one of each; these
# add a few more, and one that is nothing).
WORDS = {
    "slug": ["oakfield", "riverside", "no-such-school"],
    "token": ["not-a-real-token", "x" * 300],
    "step": ["area", "noticed", "since", "at_home", "would_like", "contact", "language", "nothing"],
    "kind": ["outcomes", "provision", "advice", "nothing"],
}

HOSTILE = [
    "x" * 200_000,
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",
    "\u200f\u200e\u2066",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "'; DROP TABLE pupil; --",
    "../../../../etc/passwd",
    "-1",
    "0",
    "9" * 23,
    "-" + "9" * 23,
    "1e309",
    "NaN",
    "Infinity",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "25:61",
    "",
    " ",
    "\t\r\n",
    "\ufeff",
    "e\u0301\u0301\u0301",
    "𝕏𝕐ℤ",
    "\U0010fffd",
    "ﷺ",
    "Łukasiewicz",
    "null",
    "true",
    "[]",
    "{}",
    "%00",
    "%s%s%s",
    "{{7*7}}",
    "https://evil.example/",
    "javascript:alert(1)",
]


# The attacker's table (issue 9, finding 8): each form is sent once with every field holding
# the same hostile value, as the attacker did, so that no other field's error hides the one
# that breaks. A blank (WTForms' Optional() once let " " past a choice's check, on to
# FormVersion(" ")); a 23-digit number (SQLite's integers overflow); one that is a bad date
# with NUL, bidi, markup and SQL in it (PostgreSQL refuses NUL in text). Buttons keep the value
# the page offers, so that the form goes ahead; a file is a hostile one.
TABLE = [" ", "9" * 23, "2026-02-30\x00\u202e<script>' OR 1=1 --"]


def table_payload(fields: dict, token: str, value: str) -> dict:
    data = {}
    for name, spec in fields.items():
        offered = [v for v in spec.values if v is not None]
        if spec.kind in ("submit", "button"):
            data[name] = offered[0] if offered else ""
        elif spec.kind == "file":
            data[name] = (io.BytesIO(value.encode() + b"\x00" * 64), "../../etc/passwd.csv")
        else:
            data[name] = value
    data["csrf_token"] = token
    return data


@dataclass
class Field:
    kind: str
    values: list = field(default_factory=list)


@dataclass
class FormPage:
    fields: dict


class _Forms(HTMLParser):
    """The POST forms on a page: each action with its fields, their kinds and offered values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict]] = []
        self._current: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._current = {}
            self.forms.append((a.get("action") or "", self._current))
        if self._current is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            entry = self._current.setdefault(name, Field(kind))
            if a.get("value") is not None:
                entry.values.append(a["value"])
        elif tag in ("textarea", "button") and name:
            entry = self._current.setdefault(name, Field(tag))
            if a.get("value") is not None:
                entry.values.append(a["value"])
        elif tag == "select" and name:
            self._select = name
            self._current.setdefault(name, Field("select"))
        elif tag == "option" and self._select:
            self._current[self._select].values.append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None


def forms_on(html: str) -> list[tuple[str, dict]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


# -- What to send ------------------------------------------------------------------------

unicode_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=80
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
hostile_value = st.one_of(st.sampled_from(HOSTILE), unicode_text, numbers)


def _value_for(spec: Field):
    offered = [v for v in spec.values if v is not None]
    if spec.kind == "file":
        upload = st.binary(max_size=4096).map(lambda b: (io.BytesIO(b), "upload.csv"))
        return st.one_of(upload, hostile_value)
    choices = [hostile_value, st.lists(hostile_value, min_size=2, max_size=3)]
    if offered:
        choices.insert(0, st.sampled_from(offered))
        choices.append(st.lists(st.sampled_from(offered), min_size=1, max_size=len(offered)))
    return st.one_of(*choices)


MISSING = object()


def payload(fields: dict, token: str):
    """A form's data: each field a value drawn for it, left out, or several values."""

    @st.composite
    def build(draw):
        data = {}
        for name, spec in fields.items():
            if name == "csrf_token":
                continue
            value = draw(st.one_of(st.just(MISSING), _value_for(spec)))
            if value is not MISSING:
                data[name] = value
        if draw(st.integers(0, 9)) == 0:
            data[draw(st.sampled_from(["id", "user_id", "school_id", "role", "status"]))] = draw(
                hostile_value
            )
        # Now and then no token, or a wrong one: the CSRF check refuses those.
        data["csrf_token"] = draw(st.sampled_from([token] * 8 + ["", "forged"]))
        return data

    return build()


# -- Where to send it --------------------------------------------------------------------


def _post_rules(app):
    return sorted(
        (r for r in app.url_map.iter_rules() if "POST" in r.methods), key=lambda r: r.rule
    )


def _reaches(rule, role: str) -> bool:
    """Whether this role reaches an object through the rule (routes without ids: maybe)."""
    row = MATRIX.get(rule.rule)
    return row is None or any(role in allowed for _values, allowed in row.cases)


def _values_for(rule, role: str, ids: dict) -> list[dict]:
    """Address values for this rule: an object this role reaches, if the matrix has one."""
    row = MATRIX.get(rule.rule)
    if row is None:
        base = {}
    else:
        reached = [values for values, allowed in row.cases if role in allowed]
        base = dict((reached or [row.cases[0][0]])[0])
    base = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in base.items()}
    options = []
    for name in rule.arguments:
        if name in base and name not in WORDS:
            continue
        words = WORDS.get(name, ["nothing"])
        options.append((name, ([base[name]] if name in base else []) + words))
    combos = [base]
    for name, words in options:
        combos = [{**combo, name: word} for combo in combos for word in words]
    return combos


def _url(app, rule, values: dict) -> str:
    with app.test_request_context():
        return rule.build(values, append_unknown=False)[1]


@dataclass
class Sender:
    """Sends as one person, from a fresh client holding their session, and keeps count of what
    each request writes."""

    app: object
    cookie: str | None
    token: str
    writes: list
    pages: dict = field(default_factory=dict)
    forms: dict = field(default_factory=dict)

    def client(self):
        client = self.app.test_client()
        if self.cookie:
            client.set_cookie(self.app.config["SESSION_COOKIE_NAME"], self.cookie)
        return client

    def page(self, path: str) -> str | None:
        if path not in self.pages:
            response = self.client().get(path)
            self.pages[path] = (
                response.get_data(as_text=True) if response.status_code == 200 else None
            )
        return self.pages[path]

    def fields(self, url: str) -> dict:
        """The fields of the form posting to `url`: from its own page or a page above it."""
        if url in self.forms:
            return self.forms[url]
        path = urlsplit(url).path
        candidates, parts = [], path.rstrip("/").split("/")
        while len(parts) > 1:
            candidates.append("/".join(parts) or "/")
            parts = parts[:-1]
        found = {}
        for page in [*candidates, "/account", "/"]:
            html = self.page(page)
            for action, fields in forms_on(html or ""):
                if (urlsplit(action).path if action else page) == path:
                    found = {**found, **fields}
            if found:
                break
        self.forms[url] = found
        return found


def _restore(app):
    app.extensions["test_snapshots"].restore("access_matrix")


_TABLE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@pytest.fixture
def write_log(app):
    """The tables each statement wrote to, while a request runs."""
    log: list[str] = []
    recording = {"on": False}

    def note(conn, cursor, statement, parameters, context, executemany):
        if recording["on"]:
            match = _TABLE.match(statement)
            if match:
                log.append(match.group(1))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", note)
    yield log, recording
    sa.event.remove(engine, "before_cursor_execute", note)


def _send(app, sender: Sender, endpoint: str, url: str, data: dict, log, recording) -> str | None:
    """One hostile request; what was wrong with the answer, or None."""
    log.clear()
    recording["on"] = True
    started = time.perf_counter()
    try:
        response = sender.client().post(url, data=data)
    finally:
        recording["on"] = False
    status = response.status_code
    written = set(log)
    if os.environ.get("FUZZ_DEBUG"):
        took = time.perf_counter() - started
        print("FUZZ", f"{took:.3f}", status, endpoint, url, sorted(data)[:8], sorted(written))
    shown = {
        k: (v[:40] + "…" if isinstance(v, str) and len(v) > 40 else v) for k, v in data.items()
    }
    if status >= 500:
        return f"POST {url} answered {status} for {shown!r}"
    body = response.get_data(as_text=True) if status == 200 else ""
    if status == 200 and 'class="error-summary"' in body:
        return f"POST {url} showed an error summary with status 200, not 400, for {shown!r}"
    if 400 <= status < 500:
        allowed = BOOKKEEPING | KEEPS_DRAFTS.get(endpoint, set())
        unexpected = written - allowed
        if unexpected:
            _restore(app)
            return f"POST {url} answered {status} but wrote to {sorted(unexpected)} for {shown!r}"
    elif written - BOOKKEEPING or "user_session" in written:
        # Accepted: put the world back, so the next request starts from the same place (and a
        # sign-out or a new password does not end this person's session for the rest).
        _restore(app)
    return None


@pytest.mark.parametrize("role", ROLES)
def test_hostile_values_in_every_form(app, world, write_log, role):  # noqa: F811
    log, recording = write_log
    _restore(app)
    sender = Sender(app, world.cookies[role], world.tokens[role], log)
    targets = []
    for rule in _post_rules(app):
        urls = [_url(app, rule, values) for values in _values_for(rule, role, world.ids)]
        targets.append((rule.endpoint, urls, _reaches(rule, role)))
    problems: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        # No shrinking: one example posts to every route, and the message already names the
        # request that failed; shrinking would replay them all for minutes.
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=True,
        # Our own message names the request (values cut short); Hypothesis' report of every
        # draw would print 200,000-character values.
        verbosity=Verbosity.quiet,
    )
    @given(st.data())
    def run(data):
        for endpoint, urls, reaches in targets:
            url = data.draw(st.sampled_from(urls), label=endpoint)
            # Someone refused the object is refused before the form is read: any fields do.
            fields = sender.fields(url) if reaches else {}
            form = data.draw(payload(fields, sender.token), label=url)
            problem = _send(app, sender, endpoint, url, form, log, recording)
            if problem:
                problems.append(problem)
                raise AssertionError(problem)

    try:
        for endpoint, urls, reaches in targets:
            for url in urls:  # every form: each step of a concern, each kind of plan row
                fields = sender.fields(url) if reaches else {}
                for value in TABLE if fields else TABLE[:1]:
                    data = table_payload(fields, sender.token, value)
                    problem = _send(app, sender, endpoint, url, data, log, recording)
                    assert problem is None, problem
        run()
    finally:
        _restore(app)
    assert not problems, "\n".join(problems[:5])
