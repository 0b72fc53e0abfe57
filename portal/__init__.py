"""The SEND participation portal."""

import logging

import sqlalchemy as sa
from flask import Flask, g, render_template, request
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from portal import assets, audit, compression, database, security
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
    database.init_app(app)
    assets.init_app(app)
    security.init_app(app)
    compression.init_app(app)
    audit.init_app(app)  # last: its after_request hook runs first
    _register_blueprints(app)
    _register_template_helpers(app)
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


def _register_blueprints(app: Flask) -> None:
    from portal.admin import bp as admin_bp
    from portal.auth import bp as auth_bp
    from portal.families import bp as families_bp
    from portal.local_offer import bp as local_offer_bp
    from portal.pages import bp as pages_bp
    from portal.plans import bp as plans_bp
    from portal.pupils import bp as pupils_bp
    from portal.pupils import form_bp as pupil_views_bp
    from portal.senco import bp as senco_bp
    from portal.staff import bp as staff_bp

    app.register_blueprint(pages_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(families_bp, url_prefix="/families")
    app.register_blueprint(pupils_bp, url_prefix="/me")
    app.register_blueprint(pupil_views_bp, url_prefix="/views")
    app.register_blueprint(staff_bp, url_prefix="/staff")
    app.register_blueprint(senco_bp, url_prefix="/senco")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(local_offer_bp)
    app.register_blueprint(plans_bp)


def _register_template_helpers(app: Flask) -> None:
    from portal import access, navigation
    from portal.forms_common import relationship_label
    from portal.i18n import LANGUAGES, language_name, text_direction

    @app.context_processor
    def layout_context():
        locale = get_locale()
        membership = access.current_membership() if current_user.is_authenticated else None
        # A school's public pages speak for that school, even to someone signed in elsewhere.
        school = g.get("school") or (membership.school if membership is not None else None)
        return {
            "locale": locale,
            "lang": str(locale).replace("_", "-") if locale else "en",
            "dir": text_direction(locale),
            "languages": LANGUAGES,
            "membership": membership,
            "school": school,
            "nav_items": navigation.items_for(membership.role if membership else None),
            "other_memberships": [
                m for m in access.active_memberships(current_user) if m is not membership
            ]
            if current_user.is_authenticated
            else [],
        }

    app.jinja_env.filters["date"] = lambda value, fmt="long": (
        format_date(value, fmt) if value else ""
    )
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else ""
    )
    app.jinja_env.globals["language_name"] = language_name
    app.jinja_env.globals["relationship_label"] = relationship_label
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


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
