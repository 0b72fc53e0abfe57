"""The SEND participation portal."""

import gc
import logging

from flask import Flask, Request, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import SecurityError
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property

from portal import assets, audit, compression, kept, security, templating
from portal.config import from_environment, trusted_hosts
from portal.extensions import (
    babel,
    csrf,
    db,
    engine_options,
    htmx,
    login_manager,
    migrate,
    watch_connections,
)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, static_folder=None, instance_relative_config=True)
    app.config.from_mapping(from_environment() if config is None else _with_defaults(config))
    # Requests naming any other host are refused (400) before a view runs, so a forged Host or
    # X-Forwarded-Host can never reach a page; links in emails use PUBLIC_URL alone.
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        str(app.config.get("SQLALCHEMY_DATABASE_URI", "")),
        app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    )
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    # An id in an address is a 64-bit number at most, as in the database: a longer one is a
    # page that does not exist (404), not an integer the database cannot hold (500).
    app.url_map.converters["int"] = _DatabaseInteger
    _init_extensions(app)
    with app.app_context():
        watch_connections(db.engine)
    kept.init_app(app)
    # After the extensions: htmx's request class (HX-* headers) gains NUL-free fields.
    app.request_class = type("PortalRequest", (_WithoutNul, app.request_class), {})
    assets.init_app(app)
    security.init_app(app)
    compression.init_app(app)
    _register_packages(app)
    templating.init_app(app)
    audit.init_app(app)  # last: its after_request hook runs first
    _register_error_pages(app)

    from portal import cli

    cli.init_app(app)
    if not app.testing:
        collect_garbage_less()
    return app


# Objects made before Python looks for unreachable ones among the young (700 by default).
YOUNG_OBJECTS = 10_000


def collect_garbage_less() -> None:
    """Keep Python's garbage collector off what lives as long as the process.

    A page that loads many rows makes tens of thousands of objects, and each time enough of
    them outlive a young collection Python walks every object it tracks, the app's own
    included (modules, mappers, compiled statements, templates): the SENCO's register as CSV
    (200 pupils) spent 6.6 of its 25.5 ms collecting. Objects made while starting are frozen
    (never walked again), and young collections come after 10,000 new objects, not 700:
    25.5 -> 17.9 ms, with 0.09 ms collecting. Pages of ordinary size collected for 0.03 to
    0.05 ms and are unchanged. Frozen objects are never freed, which is what the app's own
    are for: they live as long as the worker. (benchmarks, tenth round)
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])


def _without_nul(values: ImmutableMultiDict) -> ImmutableMultiDict:
    if not any("\x00" in key or "\x00" in value for key, value in values.items(multi=True)):
        return values
    return ImmutableMultiDict(
        (key.replace("\x00", ""), value.replace("\x00", ""))
        for key, value in values.items(multi=True)
    )


class _WithoutNul(Request):
    """A request whose form fields and query words hold no NUL character: nobody types one,
    and PostgreSQL refuses it in text, even in a search (a 500 the fuzzer found)."""

    @cached_property
    def args(self) -> ImmutableMultiDict:
        return _without_nul(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])


class _DatabaseInteger(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)


def _with_defaults(config: dict) -> dict:
    """Test configurations override the environment's, on top of sane defaults."""
    import os

    os.environ.setdefault("PORTAL_DEMO", "1")
    base = from_environment()
    base.update(config)
    return base


def _init_extensions(app: Flask) -> None:
    from portal.auth import session_routes
    from portal.i18n import install_domain, select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir(app)))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_domain(app, babel)
    htmx.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the sign-in page explains itself
    login_manager.session_protection = "basic"
    # Sessions live in the database (auth/sessions.py): the cookie holds only a key to one.
    login_manager.user_loader(session_routes.load)
    login_manager.unauthorized_handler(session_routes.unauthorized)


def _migrations_dir(app: Flask):
    from pathlib import Path

    return Path(app.root_path).parent / "migrations"


def _register_packages(app: Flask) -> None:
    """Each package's init_app registers its blueprint, feed sources, links and menu items."""
    from portal import (
        admin,
        concerns,
        ehc,
        families,
        files,
        languages,
        local_offer,
        meetings,
        plans,
        pupil_views,
        pupils,
        records,
        reminders,
        safeguarding,
        school,
        senco,
        staff,
        worries,
    )
    from portal.auth import bp as auth_bp
    from portal.pages import bp as pages_bp

    app.register_blueprint(pages_bp)
    app.register_blueprint(auth_bp)
    # Role packages: home pages and dashboards.
    for package in (families, pupils, staff, senco, admin):
        package.init_app(app)
    # Domain packages: each owns its pages for every role.
    for package in (
        concerns,
        meetings,
        pupil_views,
        plans,
        local_offer,
        school,
        records,
        files,
        languages,
    ):
        package.init_app(app)
    ehc.init_app(app)  # EHC plans and their annual reviews
    reminders.init_app(app)  # reminders by email or text, and `flask send-reminders`
    safeguarding.init_app(app)  # the designated safeguarding lead's alerts
    worries.init_app(app)  # a pupil's worry, told to an adult they trust


def _register_error_pages(app: Flask) -> None:
    def render_error(status: int):
        if status >= 500:
            db.session.rollback()
        return render_template("errors/error.html", status=status), status

    for status in (400, 403, 404, 405, 410, 413, 429, 500):
        app.register_error_handler(status, lambda error, s=status: render_error(s))

    @app.errorhandler(SecurityError)
    def unknown_host(error):
        # A Host header naming a site this is not: no page can be built for it, and none
        # should be. Plain words, no links.
        return "This address is not served here.\n", 400, {"Content-Type": "text/plain"}

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        # Back to the form's own address when it is a page: never to the Referer, which
        # another site controls.
        from portal.auth.sessions import answers_get

        back = request.path if answers_get(request.path) else None
        return render_template("errors/csrf.html", back=back), 400
