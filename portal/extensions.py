"""Extensions created unbound; create_app binds them to an app."""

import sqlite3

import sqlalchemy as sa
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx

from portal.models.base import Base

# Objects stay loaded after a commit: a read audited (and committed) mid-request must not
# make the page reload every row it already has.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = Htmx()


@sa.event.listens_for(sa.engine.Engine, "connect")
def sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite with several gunicorn workers writing at once (benchmarks/concurrency.py).

    WAL lets pages be read while a form is saved; a writer waits its turn for up to 30 s
    instead of failing at once with "database is locked"; NORMAL sync is safe with WAL and
    keeps each commit short. (PostgreSQL needs none of this.)
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # a no-op for an in-memory database
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@sa.event.listens_for(sa.engine.Engine, "handle_error")
def without_the_values(context) -> None:
    """PostgreSQL repeats the values a statement was refused for in its DETAIL line ("Key
    (email)=(…) already exists"): keep only its first line, so a logged error carries no
    personal data. (The statement's parameters are hidden by hide_parameters.)"""
    original = context.original_exception
    primary = getattr(getattr(original, "diag", None), "message_primary", None)
    if not primary:
        return
    original.args = (primary,)
    wrapped = context.sqlalchemy_exception
    if wrapped is not None:
        kind = type(original)
        wrapped.args = (f"({kind.__module__}.{kind.__name__}) {primary}",)
