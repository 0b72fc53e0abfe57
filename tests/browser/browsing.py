"""What the browser tests share: the people, the live server's handle, and the crawl.

`Site.report(role)` signs in as that role's demo person, finds every page by following links
from their home (crawler.py), then visits each page at 1280 px and 375 px wide, in English
and in Urdu, running axe-core on each and sending every validating form empty to see its
error state. It runs once per role and keeps what it saw for all the tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from crawler import TEXT_INPUT_TYPES, Crawler, Form, Page

from portal.extensions import db

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "vendor"
SCREENSHOTS = HERE / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "demo-pass-2026"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
# Each page is checked in these (language, width) passes: every language at phone width
# (how families use the portal), English also at desktop width (how staff mostly do).
# Forms are sent empty at phone width in every language.
# BROWSER_PASSES="en:375" narrows a run (.ci/run does so for its second database, where
# what matters is that every page answers, not how it draws).
PASSES = tuple(
    (lang, int(width))
    for lang, width in (
        item.split(":")
        for item in os.environ.get("BROWSER_PASSES", "en:1280,en:375,ur:375,ar:375").split(",")
    )
)
LANGUAGES = tuple(dict.fromkeys(lang for lang, _ in PASSES))
# The HTML of each page is kept (for the Nu checker) once per language.
SAVED_PASSES = {next(p for p in PASSES if p[0] == lang) for lang in LANGUAGES}
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
BROWSER_SCHEMA = "browser_tests"


@dataclass(frozen=True)
class Person:
    role: str
    email: str | None
    school: str | None  # the school's slug: another school's pages are not crawled


# One demo account per role, and nobody signed in. (The demo has no school administrator:
# the installation's administrator reaches the same school pages.)
PEOPLE = [
    Person("nobody", None, None),
    Person("parent", "parent@oakfield.example", "oakfield"),
    Person("pupil", "tyler@riverside.example", "riverside"),
    Person("teacher", "teacher@oakfield.example", "oakfield"),
    Person("senco", "senco@oakfield.example", "oakfield"),
    Person("admin", "admin@portal.example", None),
]
ROLES = [person.role for person in PEOPLE]


def require_tools() -> None:
    problems = []
    if not os.access(CHROMIUM, os.X_OK):
        problems.append(
            f"Chromium is not at {CHROMIUM}: apt-get install -y --no-install-recommends "
            "chromium (or set CHROMIUM_PATH). Never `playwright install`."
        )
    if shutil.which("java") is None:
        problems.append("Java is missing: apt-get install -y default-jre-headless")
    for name in ("axe.min.js", "vnu.jar"):
        if not (VENDOR / name).is_file():
            problems.append(f"{VENDOR / name} is missing: run tests/browser/fetch-tools.sh")
    if problems:
        pytest.fail("The browser tests cannot run:\n  " + "\n  ".join(problems), pytrace=False)


@dataclass
class LiveServer:
    app: object
    origin: str
    # Pages that emails link to, made once at the start so every crawl sees the same data.
    email_pages: list[tuple[str, int]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.origin + path

    def email_links(self) -> list[tuple[str, int]]:
        """Pages people reach from an email rather than a link, with the status each answers.

        An invitation for someone new, one for someone who already has an account, a
        password reset, and a link that no longer works.
        """
        from datetime import timedelta

        from portal.auth.tokens import new_token
        from portal.models import Invitation, PasswordReset, Pupil, Role, School, User
        from portal.models.base import utcnow

        links = []
        with self.app.app_context():
            school = db.session.scalars(sa.select(School).where(School.slug == "oakfield")).one()
            senco = db.session.scalars(
                sa.select(User).where(User.email == "senco@oakfield.example")
            ).one()
            pupil = db.session.scalars(sa.select(Pupil).where(Pupil.given_name == "Maya")).one()
            week = utcnow() + timedelta(days=7)
            for email, name in (
                ("new.parent@browser.example", "Asha Patel"),
                ("parent@oakfield.example", "Sarah Clarke"),
            ):
                token, hashed = new_token()
                db.session.add(
                    Invitation(
                        school_id=school.id,
                        email=email,
                        full_name=name,
                        role=Role.PARENT,
                        pupil_id=pupil.id,
                        relationship_to_pupil="mother",
                        token_hash=hashed,
                        invited_by_id=senco.id,
                        expires_at=week,
                    )
                )
                links.append((f"/invitations/{token}", 200))
            token, hashed = new_token()
            db.session.add(PasswordReset(user=senco, token_hash=hashed, expires_at=week))
            links.append((f"/password/reset/{token}", 200))
            db.session.commit()
            db.session.remove()
        links.append(("/invitations/no-longer-works", 410))
        return links

    def set_locale(self, email: str, locale: str) -> None:
        """Put a demo person's saved language back, so a test starts where it expects."""
        from portal.models import User

        with self.app.app_context():
            db.session.execute(sa.update(User).where(User.email == email).values(locale=locale))
            db.session.commit()
            db.session.remove()


# Each live portal's app, by its origin, so a sign-in can type the second step's code.
APPS: dict[str, object] = {}


def second_step_code(app, email: str) -> str:
    """The code a demo SENCO's or administrator's app shows now (README's demo secret).

    The browser tests sign one person in many times a minute, while the portal takes each code
    once: the last code taken is forgotten first, as in tests/conftest.py.
    """
    import pyotp

    from portal.models import User

    with app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == email)).one()
        user.totp_last_step = None
        db.session.commit()
        code = pyotp.TOTP(user.totp_secret).now()
        db.session.remove()
    return code


def sign_in_at(page, origin: str, email: str) -> None:
    """Sign in through the forms, as a person would: password, then the code if asked."""
    page.goto(origin + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if "/login/code" in page.url:
        page.fill("input[name=code]", second_step_code(APPS[origin], email))
        with page.expect_navigation():
            page.click("main form button[type=submit]")
    assert "/login" not in page.url, f"{email} could not sign in"


def sign_in(page, live_server: LiveServer, email: str) -> None:
    sign_in_at(page, live_server.origin, email)


def choose_language(page, code: str) -> None:
    """Use the language switcher in the header, as a person would."""
    if page_language(page) == code:
        return
    with page.expect_navigation():
        page.click("a.language")  # the header's link to the list of languages
    with page.expect_navigation():
        page.click(f".language-list__choice[value={code}]")
    assert page_language(page) == code


def page_language(page) -> str:
    """The language of the page, without its region (English pages are en-GB)."""
    return page.evaluate("() => document.documentElement.lang").split("-")[0]


# -- The crawl ---------------------------------------------------------------------------

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html,
                              summary: n.failureSummary}))}));
}"""

OPEN_DETAILS = """form => {
  for (let d = form.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
    d.open = true;
  }
}"""
CLEAR_TEXT = """(form, types) => {
  for (const el of form.querySelectorAll("input, textarea")) {
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (el.tagName === "TEXTAREA" || types.includes(type)) { el.value = ""; }
  }
}"""

# Nastaliq's letters rise and fall far: Urdu lines closer than 1.8 times the text's size
# collide (issue 16 saw two-line question headings overlap the caption above). Every element
# holding text of its own, with the line height it was given.
CRAMPED_URDU = """() => [...document.querySelectorAll('body *')].filter(el => {
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) return false;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') return false;
    if (style.lineHeight === 'normal' || !el.matches(':lang(ur)')) return false;
    return parseFloat(style.lineHeight) < 1.8 * parseFloat(style.fontSize);
  }).map(el => {
    const style = getComputedStyle(el);
    const name = el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join('');
    return `${name} (${style.lineHeight} for ${style.fontSize}): ${el.textContent.trim().slice(0, 40)}`;
  })"""

SUBMIT = "button:not([type]), button[type=submit], input[type=submit], input[type=image]"


@dataclass
class Visit:
    """One page as seen at one width in one language."""

    role: str
    lang: str
    width: int
    url: str
    kind: str  # "page", or "error state" after a form was sent empty
    status: int
    violations: list[dict]
    overflow: int  # how many px wider than the window the page is
    cramped: list[str] = field(default_factory=list)  # Urdu text set with too little room
    form: Form | None = None
    summary_shown: bool | None = None
    summary_focused: bool | None = None
    html_file: Path | None = None
    expected_status: int = 200  # what the page answered when it was crawled

    def where(self) -> str:
        page = _path(self.url)
        if self.form:
            action = _path(self.form.action)
            sent = "it" if action == page else action
            return f"{page} after sending {sent} empty ({self.lang}, {self.width} px)"
        return f"{page} ({self.lang}, {self.width} px)"


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class RoleReport:
    person: Person
    pages: list[Page]
    broken: list[tuple[str, str, int]]
    visits: list[Visit] = field(default_factory=list)
    # Every response the browser received for a sub-resource: url -> (status, headers)
    resources: dict[str, tuple[int, dict]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def html_pages(self) -> list[Page]:
        return [page for page in self.pages if page.is_html]


class Site:
    """Crawls each role once, on first use, and keeps what was seen for every test."""

    def __init__(self, live_server: LiveServer, browser, axe_source: str, html_dir: Path):
        self.live_server = live_server
        self.browser = browser
        self.axe_source = axe_source
        self.html_dir = html_dir
        self.reports: dict[str, RoleReport] = {}
        self.saved = 0
        self.adapter = live_server.app.url_map.bind("127.0.0.1")

    def report(self, role: str) -> RoleReport:
        if role not in self.reports:
            person = next(p for p in PEOPLE if p.role == role)
            self.reports[role] = self._crawl(person)
        return self.reports[role]

    def all_reports(self) -> list[RoleReport]:
        return [self.report(role) for role in ROLES]

    def _crawl(self, person: Person) -> RoleReport:
        started = time.monotonic()
        if person.email:
            self.live_server.set_locale(person.email, "en")
        context = self.browser.new_context(locale="en-GB", viewport=DESKTOP)
        try:
            page = context.new_page()
            if person.email:
                sign_in(page, self.live_server, person.email)
            else:
                page.goto(self.live_server.url("/"))
            choose_language(page, "en")

            def fetch(url):
                response = context.request.get(url)
                return (
                    response.url,
                    response.status,
                    response.headers.get("content-type", ""),
                    response.body(),
                )

            crawler = Crawler(self.live_server.origin, self.adapter, fetch, person.school)
            # Besides the links: a page that does not exist, and for nobody signed in, the
            # pages that emails link to.
            also = [("/no-such-page", 404)]
            if person.email is None:
                also += self.live_server.email_pages
            crawler.crawl("/", also=also)
            report = RoleReport(person, crawler.pages, crawler.broken)

            def remember(response):
                if response.request.resource_type != "document":
                    report.resources[response.url] = (response.status, response.headers)

            page.on("response", remember)
            for lang, width in PASSES:
                choose_language(page, lang)
                page.set_viewport_size(PHONE if width == 375 else DESKTOP)
                for crawled in report.html_pages:
                    self._visit(page, report, crawled, lang, width)
                if width != 375:
                    continue
                for crawled in report.html_pages:
                    for form in crawled.forms:
                        if form.submitted_empty:
                            self._send_empty(page, report, crawled, form, lang, width)
            if person.email:
                choose_language(page, "en")
        finally:
            context.close()
        report.seconds = time.monotonic() - started
        return report

    def _check(self, page, report, url, lang, width, kind, status, form=None) -> Visit:
        page.evaluate(self.axe_source)
        visit = Visit(
            role=report.person.role,
            lang=lang,
            width=width,
            url=url,
            kind=kind,
            status=status,
            violations=page.evaluate(AXE_RUN, AXE_TAGS),
            overflow=page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            ),
            form=form,
        )
        if lang == "ur":
            visit.cramped = page.evaluate(CRAMPED_URDU)
        report.visits.append(visit)
        return visit

    def _save_html(self, visit: Visit, body: str) -> None:
        if visit.kind == "page" and (visit.lang, visit.width) not in SAVED_PASSES:
            return  # the HTML is the same at every width
        self.saved += 1
        path = self.html_dir / f"{visit.role}-{visit.lang}-{self.saved:04d}.html"
        path.write_text(body)
        visit.html_file = path

    def _visit(self, page, report: RoleReport, crawled: Page, lang: str, width: int) -> None:
        response = page.goto(crawled.url)
        visit = self._check(page, report, crawled.url, lang, width, "page", response.status)
        visit.expected_status = crawled.status
        self._save_html(visit, response.text())
        if width == 375 and crawled is report.html_pages[0]:
            SCREENSHOTS.mkdir(exist_ok=True)
            name = f"{report.person.role}-{lang}"
            page.screenshot(path=SCREENSHOTS / f"{name}.png")
            page.screenshot(path=SCREENSHOTS / f"{name}-full.png", full_page=True)

    def _send_empty(self, page, report, crawled: Page, form: Form, lang: str, width: int):
        page.goto(crawled.url)
        element = page.locator("form").nth(form.index)
        # A form folded away ("Change what happened") is opened first, as a person would.
        element.evaluate(OPEN_DETAILS)
        element.evaluate(CLEAR_TEXT, sorted(TEXT_INPUT_TYPES))
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            element.locator(SUBMIT).first.click()
        response = answer.value
        page.wait_for_load_state()
        visit = self._check(
            page, report, crawled.url, lang, width, "error state", response.status, form
        )
        visit.summary_shown = page.locator(".error-summary").count() > 0
        visit.summary_focused = page.evaluate(
            "() => !!document.activeElement && document.activeElement.matches('.error-summary')"
        )
        if response.request.is_navigation_request() and not 300 <= response.status < 400:
            body = response.text()
        else:  # swapped in by htmx, or redirected: check the page as it now stands
            body = page.content()  # the serialised DOM, doctype included
        self._save_html(visit, body)


def run_vnu(files: list[Path]) -> list[dict]:
    """The W3C Nu HTML checker over all files in one Java run: its error messages."""
    require_tools()
    result = subprocess.run(
        ["java", "-jar", str(VENDOR / "vnu.jar"), "--errors-only", "--format", "json", "--stdout"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu did not run: {result.stdout[:2000]} {result.stderr[:2000]}")


# Where the tests leave what the run prints at the end (see conftest.py).
SITE_KEY = pytest.StashKey[Site]()
WEIGHT_KEY = pytest.StashKey[list]()


def launch_chromium(playwright, name: str, extra_args: tuple[str, ...] = ()):
    """Debian's Chromium with a throwaway profile under $HOME (Chromium keeps it there)."""
    home = Path(os.environ.get("TMPDIR", "/tmp")) / f"{name}-chromium-{os.getpid()}"
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, *extra_args],
        env={**os.environ, "HOME": str(home)},
    )
    return browser, home
