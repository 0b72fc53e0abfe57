"""The SEND participation portal."""

import logging

import sqlalchemy as sa
from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

from portal import assets, compression, security, templating
from portal.config import from_environment
from portal.extensions import babel, csrf, db, htmx, login_manager, migrate


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, static_folder=None, instance_relative_config=True)
    app.config.from_mapping(from_environment() if config is None else _with_defaults(config))
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    _init_extensions(app)
    assets.init_app(app)
    security.init_app(app)
    compression.init_app(app)
    _register_packages(app)
    templating.init_app(app)
    _register_error_pages(app)

    from portal import cli

    cli.init_app(app)
    return app


def _with_defaults(config: dict) -> dict:
    """Test configurations override the environment's, on top of sane defaults."""
    import os

    os.environ.setdefault("PORTAL_DEMO", "1")
    base = from_environment()
    base.update(config)
    return base


def _init_extensions(app: Flask) -> None:
    from portal.i18n import select_locale
    from portal.models import User

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir(app)))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    htmx.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the sign-in page explains itself
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str):
        return db.session.scalar(
            sa.select(User).where(User.session_token == token, User.active.is_(True))
        )


def _migrations_dir(app: Flask):
    from pathlib import Path

    return Path(app.root_path).parent / "migrations"


def _register_packages(app: Flask) -> None:
    """Each package's init_app registers its blueprint, feed sources, links and menu items."""
    from portal import (
        admin,
        concerns,
        families,
        files,
        local_offer,
        meetings,
        plans,
        pupil_views,
        pupils,
        records,
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
    for package in (concerns, meetings, pupil_views, plans, local_offer, school, records, files):
        package.init_app(app)
    safeguarding.init_app(app)  # the designated safeguarding lead's alerts
    worries.init_app(app)  # a pupil's worry, told to an adult they trust


def _register_error_pages(app: Flask) -> None:
    def render_error(status: int):
        if status >= 500:
            db.session.rollback()
        return render_template("errors/error.html", status=status), status

    for status in (400, 403, 404, 405, 410, 413, 429, 500):
        app.register_error_handler(status, lambda error, s=status: render_error(s))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/csrf.html", back=request.referrer), 400
