"""The migrations build exactly the schema the models describe, plans included."""

import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from portal import create_app
from portal.config import for_tests
from portal.extensions import db


# Flask-Migrate's stock env.py still calls Flask-SQLAlchemy's deprecated get_engine().
@pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")
@pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="runs on a throwaway SQLite file; the PostgreSQL run uses create_all",
)
def test_migrations_match_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    app = create_app(for_tests(url))
    with app.app_context():
        upgrade()
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
            assert {
                "plan",
                "plan_outcome",
                "plan_provision",
                "progress_note",
                "meeting_record",
                "plan_views",
            } <= tables
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            assert compare_metadata(context, db.metadata) == []
        engine.dispose()
        db.engine.dispose()
