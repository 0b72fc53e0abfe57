"""The demo school is a contract, and the migrations build exactly the models' schema."""

import os
import uuid

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Membership, ParentLink, Pupil, Role, School, TeacherLink, User


def _counts():
    return {
        model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (School, User, Membership, Pupil, ParentLink, TeacherLink)
    }


def test_seed_demo_is_idempotent(app):
    from portal.demo import seed

    with app.app_context():
        seed()
        first = _counts()
        seed()
        assert _counts() == first


def test_seed_demo_puts_the_demo_people_back(app):
    from portal.demo import seed

    with app.app_context():
        seed()
        sarah = db.session.scalars(
            sa.select(User).where(User.email == "parent@oakfield.example")
        ).one()
        sarah.locale = "ur"
        sarah.password_hash = None
        db.session.commit()
        seed()
        db.session.refresh(sarah)
        assert sarah.locale == "en" and sarah.password_hash


def test_demo_people_are_as_the_readme_says(app, demo):
    def pupil_of(email):
        with app.app_context():
            return sorted(
                (
                    p.given_name,
                    p.family_name,
                    p.year_group,
                    p.sen_status.value,
                    [n.code.value for n in p.needs],
                )
                for p in db.session.scalars(
                    sa.select(Pupil).join(ParentLink).join(User).where(User.email == email)
                )
            )

    assert pupil_of("parent@oakfield.example") == [
        ("Amelia", "Clarke", 3, "K", ["SPLD"]),
        ("Jayden", "Clarke", 5, "E", ["ASD"]),
    ]
    assert pupil_of("rodzic@oakfield.example") == [("Zofia", "Nowak", 2, "K", ["SLCN"])]
    assert pupil_of("ami@oakfield.example") == [("Yusuf", "Rahman", 4, "K", ["SEMH"])]
    assert pupil_of("parent@riverside.example") == [("Tyler", "Brooks", 10, "K", ["MLD"])]
    with app.app_context():
        names = {u.email: (u.full_name, u.locale) for u in db.session.scalars(sa.select(User))}
        tyler = db.session.scalars(sa.select(Pupil).where(Pupil.given_name == "Tyler")).one()
        assert tyler.user.email == "tyler@riverside.example"
        taught = sorted(
            p.given_name
            for p in db.session.scalars(
                sa.select(Pupil)
                .join(TeacherLink)
                .join(User)
                .where(User.email == "teacher@oakfield.example")
            )
        )
        assert taught == ["Amelia", "Zofia"]
        sencos = {
            (u.email, m.school.slug)
            for m in db.session.scalars(sa.select(Membership).where(Membership.role == Role.SENCO))
            for u in [m.user]
        }
    assert sencos == {
        ("senco@oakfield.example", "oakfield"),
        ("senco@riverside.example", "riverside"),
    }
    assert names["senco@oakfield.example"] == ("Priya Shah", "en")
    assert names["teacher@oakfield.example"] == ("Tom Evans", "en")
    assert names["rodzic@oakfield.example"] == ("Katarzyna Nowak", "pl")
    assert names["ami@oakfield.example"] == ("Nadia Rahman", "ur")
    assert names["senco@riverside.example"] == ("David Okafor", "en")
    assert names["parent@riverside.example"][0] == "Lee Brooks"


@pytest.fixture
def empty_database_url():
    """A brand-new empty database of the same kind the suite runs on."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base or base.startswith("sqlite"):
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/migrations.db"
        return
    url = sa.engine.make_url(base)
    name = f"migrations_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_migrations_from_empty_build_exactly_the_models(empty_database_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import upgrade

    from portal import create_app
    from portal.config import for_tests

    app = create_app(for_tests(empty_database_url))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        # And the demo school loads on the migrated schema.
        from portal.demo import seed

        seed()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Pupil)) > 0
        db.session.remove()
        db.engine.dispose()
