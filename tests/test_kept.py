"""Results kept between requests (portal.kept): kept while nothing changes, never shown
after a change, whichever instance made it; reading pages does not make them stale."""

import re

import sqlalchemy as sa

from portal import kept
from portal.config import for_tests
from portal.extensions import db
from portal.models import (
    AuditEvent,
    Concern,
    Membership,
    Role,
    School,
    SenInformationReport,
    User,
)
from tests.querycount import count_queries
from tests.test_demo_and_migrations import empty_database_url  # noqa: F401 (a fixture)

SENCO = "senco@oakfield.example"


def test_a_change_through_another_instance_is_never_hidden(empty_database_url):  # noqa: F811
    from portal import create_app

    one, two = create_app(for_tests(empty_database_url)), create_app(for_tests(empty_database_url))
    with one.app_context():
        db.create_all()

    def ask(app, answer):
        with app.app_context():
            value = kept.result(("the answer",), lambda: answer)
            db.session.remove()
            return value

    assert ask(one, "first") == "first"
    assert ask(one, "second") == "first"  # kept: nothing has changed
    assert ask(two, "two's own") == "two's own"  # each instance works it out once

    with two.app_context():  # a read written to the audit log is not a change
        db.session.add(AuditEvent(action="pupil.view"))
        db.session.commit()
    assert ask(one, "second") == "first"

    with two.app_context():  # a school added through the other instance is
        db.session.add(School(slug="new", name="New School"))
        db.session.commit()
    assert ask(one, "third") == "third"

    with one.app_context():  # and in a transaction that has changed data, nothing is kept
        db.session.add(School(slug="newer", name="Newer School"))
        db.session.flush()
        assert kept.result(("the answer",), lambda: "uncommitted") == "uncommitted"
        db.session.rollback()
    assert ask(one, "fourth") == "third"  # rolled back: no change after all

    with two.app_context(), db.engine.begin() as connection:  # plain SQL changes it too
        connection.execute(sa.text("UPDATE school SET name = 'Renamed' WHERE slug = 'new'"))
    assert ask(one, "fifth") == "fifth"
    for app in (one, two):
        with app.app_context():
            db.engine.dispose()


def test_the_senco_home_keeps_its_lists_until_something_changes(app, login, demo):
    senco = login(SENCO)
    ayaan = demo.pupil("Ayaan", "Begum")
    first = senco.get("/senco/").text
    assert "Ayaan Begum" in _section(first, "no-plan")
    assert '<span class="nav__count">1<span' in first  # the Inbox tab: one not read
    with app.app_context(), count_queries(db.engine) as worked_out:
        senco.get("/senco/")
    with app.app_context(), count_queries(db.engine, kept=True) as kept_since:
        assert senco.get("/senco/").text.count("Ayaan Begum") == first.count("Ayaan Begum")
    # Sixteen lists and the Inbox tab's number, each one statement, were kept; the page
    # still asks for the data's version (once for the lists, once for the number).
    assert len(worked_out) - len(kept_since) >= 15, (len(worked_out), len(kept_since))

    # The SENCO starts Ayaan's plan: he leaves the list of pupils with no plan at once.
    senco.submit(f"/senco/pupils/{ayaan.id}/plans", page=f"/senco/pupils/{ayaan.id}/plan")
    assert "Ayaan Begum" not in _section(senco.get("/senco/").text, "no-plan")

    # Opening the concern (a page read) marks it read: the Inbox tab's number goes.
    with app.app_context():
        concern = db.session.scalar(sa.select(Concern.id).where(Concern.reference == "CN-A7K-3PQ"))
    senco.get(f"/senco/concerns/{concern}")
    assert "nav__count" not in senco.get("/senco/").text


def _section(page: str, key: str) -> str:
    if f'<h3 id="{key}">' not in page:
        return ""
    return page.split(f'<h3 id="{key}">', 1)[1].split("</ul>", 1)[0]


def test_who_is_signed_in_is_read_in_one_statement_whatever_roles_they_hold(login, app, demo):
    """The session row comes with the person, their roles and the roles' schools (all that
    the menu, the role switcher and the footer show): none is loaded on its own later."""
    tom = login("teacher@oakfield.example")
    with app.app_context():
        teacher = db.session.scalar(sa.select(User).where(User.email == "teacher@oakfield.example"))
        riverside = demo.school("riverside").id
        db.session.add(Membership(user_id=teacher.id, school_id=riverside, role=Role.PARENT))
        db.session.commit()
    tom.get("/privacy")  # the menu's numbers are kept (counted in their own tests)
    with app.app_context(), count_queries(db.engine, kept=True) as statements:
        page = tom.get("/privacy")
    assert page.status_code == 200
    assert "Signed in as" in page.text and "Riverside" in tom.get("/account").text
    assert statements[0].startswith("SELECT user_session.")
    loaded_later = ("SELECT membership.", "SELECT school.", "SELECT user_account.")
    assert [s for s in statements if s.startswith(loaded_later)] == []


def test_threads_wanting_the_same_result_wait_for_one_to_work_it_out(empty_database_url):  # noqa: F811
    """After a change, every request for a busy page finds nothing kept; one works it out
    and the others wait for its answer instead of all working it out at once."""
    import threading

    from portal import create_app

    app = create_app(for_tests(empty_database_url))
    with app.app_context():
        db.create_all()
    started, go = threading.Event(), threading.Event()
    made, answers = [], []

    def slow():
        made.append(threading.current_thread().name)
        started.set()
        assert go.wait(10)
        return "worked out once"

    def ask():
        with app.app_context():
            answers.append(kept.result(("busy page",), slow))
            db.session.remove()

    first = threading.Thread(target=ask, name="first")
    first.start()
    assert started.wait(10)
    others = [threading.Thread(target=ask, name=f"other {n}") for n in range(3)]
    for thread in others:
        thread.start()
    working = app.extensions["kept"]._working
    for _ in range(10_000):  # until all four wait on the one key (a few ms)
        if sum(entry[1] for entry in list(working.values())) == 4:
            break
        threading.Event().wait(0.001)
    go.set()
    for thread in [first, *others]:
        thread.join(10)
    assert made == ["first"]
    assert answers == ["worked out once"] * 4
    assert working == {}  # nothing is left behind for keys no longer worked on
    with app.app_context():
        db.engine.dispose()


REPORT = "/schools/oakfield/sen-information-report"
TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')
FORM_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def test_a_public_page_is_kept_whole_with_each_visitors_own_form_token(app, demo):
    """The SEN information report is the same for every visitor not signed in: rendered
    once, it is then sent from memory. It has no form, so it carries no form token and
    sets no cookie; the sign-in page, kept too, has each visitor's own token in its form."""
    first, second = app.test_client(), app.test_client()
    page = first.get(REPORT)
    with app.app_context(), count_queries(db.engine, kept=True) as statements:
        again = first.get(REPORT)
    assert len(statements) == 1, statements  # the school's row, with the data's version
    assert not any("sen_information_report" in statement for statement in statements)
    assert again.text == page.text
    for answer in (page, again):
        assert "Set-Cookie" not in answer.headers  # somebody who only reads gets no cookie
        assert "csrf" not in answer.text.lower()
    assert first.get_cookie("portal_session") is None
    # The sign-in page is kept too, and the token in its form is each visitor's own.
    mine = first.get("/login").text
    first.get("/login")
    theirs = second.get("/login").text
    assert (
        FORM_TOKEN.search(theirs).group(1).split(".")[0]
        != (FORM_TOKEN.search(mine).group(1).split(".")[0])
    )
    # A form token carries the second it was signed in: the rest is the same.
    assert FORM_TOKEN.sub("", theirs) == FORM_TOKEN.sub("", mine)
    signed_in = second.post(
        "/login",
        data={
            "email": "parent@oakfield.example",
            "password": "demo-pass-2026",
            "csrf_token": FORM_TOKEN.search(second.get("/login").text).group(1),
        },
    )
    assert signed_in.status_code == 302
    # Signed in, pages carry the token for htmx's requests.
    assert TOKEN.search(second.get(REPORT).text)


def test_a_change_to_a_public_page_shows_at_once_and_signed_in_visitors_get_their_own(
    app, demo, login
):
    visitor = app.test_client()
    assert "Our new way of finding needs early" not in visitor.get(REPORT).text
    with app.app_context():
        report = db.session.scalar(
            sa.select(SenInformationReport).where(
                SenInformationReport.school_id == demo.school("oakfield").id
            )
        )
        report.identifying = "Our new way of finding needs early."
        db.session.commit()
    assert "Our new way of finding needs early" in visitor.get(REPORT).text
    parent = login("parent@oakfield.example").get(REPORT).text
    assert "Sign out" in parent and "Sign out" not in visitor.get(REPORT).text
    # A message flashed for this visitor is shown, not the page kept without it.
    assert "Sign in again" not in visitor.get("/login").text
    visitor.get("/login/code")  # nobody is half-way through signing in: back to the start
    assert "Sign in again: the page for the code was open too long" in visitor.get("/login").text


def test_the_senco_is_reminded_of_an_old_or_missing_report_as_soon_as_it_is(app, demo, login):
    from datetime import timedelta

    from portal.models import utcnow

    senco = login(SENCO)
    reminder = "Update your SEN information report"
    assert reminder not in senco.get("/senco/").text
    with app.app_context():
        report = db.session.scalar(
            sa.select(SenInformationReport).where(
                SenInformationReport.school_id == demo.school("oakfield").id
            )
        )
        report.updated_at = utcnow() - timedelta(days=400)
        db.session.commit()
    home = senco.get("/senco/").text
    assert reminder in home and "It was last updated on" in home
    with app.app_context():
        db.session.execute(sa.delete(SenInformationReport))
        db.session.commit()
    assert "has not published its SEN information report here yet" in senco.get("/senco/").text


def test_a_kept_filter_form_shows_what_each_address_asks_for(login):
    """Filter forms are rendered once per address and kept: each address gets its own."""
    senco = login(SENCO)
    for name in ("Ayaan", "Tyler", "Ayaan"):
        assert f'value="{name}"' in senco.get(f"/senco/?q={name}").text
    for year in ("7", "8"):
        register = senco.get(f"/senco/register?year={year}").text
        assert f'<option selected value="{year}">' in register
    assert "selected" not in senco.get("/senco/register").text.split('id="register-results"')[0]


def test_the_directory_search_form_shows_what_each_address_asks_for(login):
    parent = login("parent@oakfield.example")
    for words in ("swimming", "speech", "swimming"):
        page = parent.get(f"/schools/oakfield/local-offer?q={words}").text
        assert f'value="{words}"' in page
