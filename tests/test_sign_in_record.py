"""The sign-in record: what is written, who may read it, and that it is kept for a year."""

from datetime import timedelta

import pyotp
import sqlalchemy as sa

from portal.extensions import db
from portal.models import SignInEvent, User, UserSession, utcnow

PASSWORD = "demo-pass-2026"
SENCO = "senco@oakfield.example"
TEACHER = "teacher@oakfield.example"


def _from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _events(app) -> list[tuple[str | None, str, str | None]]:
    with app.app_context():
        return [
            (e.user.email if e.user else None, e.action, e.ip_address)
            for e in db.session.scalars(sa.select(SignInEvent).order_by(SignInEvent.id))
        ]


def test_sign_ins_and_changes_are_recorded_with_time_and_address(app, demo, mailbox):
    tom = _from(app, "203.0.113.61")
    tom.submit("/login", {"email": TEACHER, "password": "not-it-at-all"}, page="/login")
    tom.submit("/login", {"email": "nobody@oakfield.example", "password": "x" * 12}, page="/login")
    tom.submit("/login", {"email": TEACHER, "password": PASSWORD}, page="/login")
    tom.submit(
        "/account/password",
        {
            "pw-current_password": PASSWORD,
            "pw-password": "chalk board window",
            "pw-confirm": "chalk board window",
        },
        page="/account",
    )
    tom.submit("/logout", page="/account")
    tom.submit("/password/forgotten", {"email": TEACHER})
    link = mailbox.link(mailbox.to(TEACHER)[-1], "/password/reset/")
    tom.submit(link, {"password": "green kettle river", "confirm": "green kettle river"})
    assert _events(app) == [
        (TEACHER, "sign_in_failed", "203.0.113.61"),
        (None, "sign_in_failed", "203.0.113.61"),
        (TEACHER, "signed_in", "203.0.113.61"),
        (TEACHER, "password_changed", "203.0.113.61"),
        (TEACHER, "signed_out", "203.0.113.61"),
        (TEACHER, "password_reset_asked", "203.0.113.61"),
        (TEACHER, "password_reset", "203.0.113.61"),
        (TEACHER, "signed_in", "203.0.113.61"),
    ]
    with app.app_context():
        assert all(
            e.at > utcnow() - timedelta(minutes=5)
            for e in db.session.scalars(sa.select(SignInEvent))
        )


def test_a_role_switch_is_recorded(app, login, demo, mailbox):
    from portal.models import Membership, Role

    with app.app_context():
        tom = db.session.scalars(sa.select(User).where(User.email == TEACHER)).one()
        tyler = db.session.scalars(
            sa.select(User).where(User.email == "tyler@riverside.example")
        ).one()
        parent = Membership(user=tom, school_id=tyler.memberships[0].school_id, role=Role.PARENT)
        db.session.add(parent)
        db.session.commit()
        parent_id = parent.id
    client = login(TEACHER)
    client.submit("/account/role", {"membership_id": parent_id}, page="/account")
    assert [a for _, a, _ in _events(app)][-1] == "role_switched"


def test_a_senco_reads_the_sign_ins_of_their_own_schools_staff(app, login, demo):
    _from(app, "203.0.113.62").submit(
        "/login", {"email": TEACHER, "password": "wrong-for-tom"}, page="/login"
    )
    login("parent@oakfield.example")
    login("senco@riverside.example")
    page = login(SENCO).get("/security/sign-ins").text
    assert "Tom Evans" in page and "Wrong password" in page and "203.0.113.62" in page
    assert "Priya Shah" in page  # herself, a member of staff
    assert "Sarah Clarke" not in page  # families are not staff
    assert "David Okafor" not in page  # another school's staff
    assert 'href="/security/sign-ins"' in login(SENCO).get("/senco/").text  # in the menu


def test_the_installation_admin_reads_every_sign_in(app, login, demo):
    login("parent@oakfield.example")
    login("senco@riverside.example")
    admin = login("admin@portal.example")
    assert 'href="/security/sign-ins"' in admin.get("/admin/schools").text
    page = admin.get("/security/sign-ins").text
    for name in ("Sarah Clarke", "David Okafor", "Portal Administrator"):
        assert name in page


def test_nobody_else_reads_it(login):
    for email in (TEACHER, "parent@oakfield.example", "tyler@riverside.example"):
        assert login(email).get("/security/sign-ins").status_code == 403


def test_a_huge_page_number_is_not_an_error(login):
    assert login(SENCO).get("/security/sign-ins?page=" + "9" * 30).status_code == 200


def test_the_record_is_kept_a_year_then_purged(app, demo):
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == TEACHER))
        now = utcnow()
        db.session.add_all(
            [
                SignInEvent(user_id=user_id, action="signed_in", at=now - timedelta(days=366)),
                SignInEvent(user_id=user_id, action="signed_in", at=now - timedelta(days=364)),
                UserSession(
                    user_id=user_id,
                    key_hash="a" * 64,
                    idle_minutes=30,
                    created_at=now - timedelta(days=3),
                    last_seen_at=now - timedelta(days=3),
                    expires_at=now - timedelta(days=2),
                ),
            ]
        )
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["security", "purge"])
    assert result.exit_code == 0, result.output
    assert "1 sign-in events deleted" in result.output and "1 sessions deleted" in result.output
    with app.app_context():
        ages = [(utcnow() - e.at).days for e in db.session.scalars(sa.select(SignInEvent))]
        assert ages == [363] or ages == [364]
        assert db.session.scalar(sa.select(sa.func.count(UserSession.id))) == 0


def test_an_administrator_without_a_phone_is_let_back_in_from_the_command_line(app, demo, mailbox):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["security", "reset-second-factor", "admin@portal.example"])
    assert result.exit_code == 0, result.output
    assert "admin@portal.example" not in result.output  # the account by number only
    with app.app_context():
        admin = db.session.scalars(
            sa.select(User).where(User.email == "admin@portal.example")
        ).one()
        assert not admin.has_second_factor
    assert mailbox.to("admin@portal.example")
    again = runner.invoke(args=["security", "reset-second-factor", "admin@portal.example"])
    assert again.exit_code != 0


def test_the_demo_staff_sign_in_with_the_published_secret(app, demo):
    client = app.test_client()
    client.submit("/login", {"email": SENCO, "password": PASSWORD}, page="/login")
    code = pyotp.TOTP("PORTALDEMOSTAFFSECONDFACTOR23456").now()
    assert client.submit("/login/code", {"code": code}).status_code == 302
    with app.app_context():
        enrolled = db.session.scalars(
            sa.select(User.email).where(User.totp_secret.is_not(None)).order_by(User.email)
        ).all()
    assert enrolled == ["admin@portal.example", "senco@oakfield.example", "senco@riverside.example"]
