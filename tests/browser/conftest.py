"""Browser checks: the portal served for real, driven by Debian's Chromium through Playwright.

A live server runs in a background thread on its own database (a SQLite file, or its own
schema in TEST_DATABASE_URL's PostgreSQL database) with the demo school loaded. The crawl
and its results live in browsing.py. Missing tools fail the run with a clear message: a
browser check that quietly skipped would let the pages drift.
"""

from __future__ import annotations

import os
import shutil
import threading

import pytest
import sqlalchemy as sa
from browsing import (
    APPS,
    BROWSER_SCHEMA,
    HERE,
    SITE_KEY,
    VENDOR,
    WEIGHT_KEY,
    LiveServer,
    Site,
    launch_chromium,
    require_tools,
)
from crawler import gzip_size
from werkzeug.serving import WSGIRequestHandler, make_server

from portal import create_app
from portal.config import for_tests
from portal.extensions import db


@pytest.hookimpl(tryfirst=True)  # before -m chooses: `-m "not browser"` leaves these out
def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group(_worker_group(item)))


def _worker_group(item) -> str:
    """With pytest-xdist (`-n`, `--dist loadgroup`): the tests that read one role's crawl run
    in the same worker, so each role is crawled once and the roles are crawled side by side;
    other browser modules keep to one worker each, so their module fixtures start once."""
    role = getattr(getattr(item, "callspec", None), "params", {}).get("role")
    if role and item.get_closest_marker("parametrize") and "site" in item.fixturenames:
        return f"crawl-{role}"
    return f"browser-{item.path.stem}"


@pytest.fixture(autouse=True)
def _fresh_database():
    """The browser tests share one live database for the whole run: never reset it mid-crawl.

    (Overrides the fixture in tests/conftest.py that puts back the unit tests' database.)
    """
    yield


@pytest.fixture(scope="session")
def axe_source() -> str:
    require_tools()
    return (VENDOR / "axe.min.js").read_text()


# -- The live server ---------------------------------------------------------------------


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


def _database(tmp_path_factory):
    """A database URL and engine options for the live server, and how to drop it after."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        path = tmp_path_factory.mktemp("browser-db") / "portal.db"
        return f"sqlite:///{path}", {}, lambda: None
    # The unit tests empty TEST_DATABASE_URL's tables after each test: keep to a schema.
    admin = sa.create_engine(url)
    with admin.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {BROWSER_SCHEMA} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA {BROWSER_SCHEMA}"))

    def drop():
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {BROWSER_SCHEMA} CASCADE"))
        admin.dispose()

    return url, {"connect_args": {"options": f"-c search_path={BROWSER_SCHEMA}"}}, drop


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    from portal.demo import seed

    url, engine_options, drop = _database(tmp_path_factory)
    config = for_tests(url)
    # Production behaviour: errors render the error page rather than propagate. The portal
    # answers only its PUBLIC_URL's host: here, 127.0.0.1 (its port is known once it listens).
    config.update(
        TESTING=False, SQLALCHEMY_ENGINE_OPTIONS=engine_options, PUBLIC_URL="http://127.0.0.1"
    )
    app = create_app(config)
    with app.app_context():
        db.create_all()
        seed()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        live = LiveServer(app, f"http://127.0.0.1:{server.server_port}")
        app.config["PUBLIC_URL"] = live.origin
        APPS[live.origin] = app
        live.email_pages = live.email_links()
        yield live
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
        drop()


@pytest.fixture(scope="session")
def playwright():
    """One Playwright for the whole run: a second sync_playwright() in the same process
    refuses to start ("Sync API inside the asyncio loop"), so modules that need their own
    Chromium (other flags) launch it from this one."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright, axe_source):
    browser, home = launch_chromium(playwright, "portal")
    yield browser
    browser.close()
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def site(live_server, browser, axe_source, tmp_path_factory, request) -> Site:
    site = Site(live_server, browser, axe_source, tmp_path_factory.mktemp("html"))
    request.config.stash[SITE_KEY] = site
    return site


# -- What the run prints -----------------------------------------------------------------


def pytest_terminal_summary(terminalreporter, config):
    site = config.stash.get(SITE_KEY, None)
    lines = []
    if site is not None and site.reports:
        lines.append("Pages crawled per role (distinct routes; visits in each of browsing.PASSES):")
        for role, report in site.reports.items():
            routes = {page.route for page in report.pages}
            errors = sum(1 for v in report.visits if v.kind == "error state")
            lines.append(
                f"  {role:8} {len(report.html_pages):3} pages, {len(routes):3} routes, "
                f"{errors:3} error-state visits, {len(report.visits):4} axe runs, "
                f"{report.seconds:5.1f} s"
            )
        lines.append("Largest HTML per role, gzip-compressed (limit 12 KB):")
        for role, report in site.reports.items():
            if report.html_pages:
                biggest = max(report.html_pages, key=lambda p: gzip_size(p.body))
                lines.append(
                    f"  {role:8} {gzip_size(biggest.body) / 1024:5.1f} KB "
                    f"({len(biggest.body) / 1024:5.1f} KB raw)  {biggest.path}"
                )
    lines.extend(config.stash.get(WEIGHT_KEY, []))
    if lines:
        terminalreporter.section("browser checks")
        for line in lines:
            terminalreporter.write_line(line)
