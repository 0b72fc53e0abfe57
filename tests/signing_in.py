"""Signing in as the demo people: who plays each part, and a client signed in as them.

Kept apart from conftest.py so any test module can import it (tests/local_offer has a
conftest.py of its own, so `import conftest` is ambiguous).
"""

from flask.testing import FlaskClient

PASSWORD = "demo-pass-2026"
# README's demo second-step secret: the demo SENCOs and administrator use it, and so do the
# SENCOs and administrators the factories make.
SECOND_STEP_SECRET = "PORTALDEMOSTAFFSECONDFACTOR23456"

# Who plays each part in the demo school (README's accounts).
DEMO_ROLES = {
    "senco": "senco@oakfield.example",
    "teacher": "teacher@oakfield.example",
    "parent": "parent@oakfield.example",
    "polish_parent": "rodzic@oakfield.example",
    "urdu_parent": "ami@oakfield.example",
    "pupil": "tyler@riverside.example",
    "other_senco": "senco@riverside.example",
    "other_parent": "parent@riverside.example",
    "admin": "admin@portal.example",
}


def signed_in_client(app, email: str, password: str = PASSWORD) -> FlaskClient:
    """A client signed in through the sign-in form, as that person."""
    client = app.test_client()
    response = client.submit("/login", {"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    if response.headers["Location"] == "/login/code":
        pass_second_step(app, client, email)
    return client


def pass_second_step(app, client: FlaskClient, email: str) -> None:
    """Type the code a SENCO's or administrator's app would show (README gives the demo
    secret). Tests sign one person in many times a minute, while the portal takes each code
    once (test_second_factor.py checks that): so the last code taken is forgotten first."""
    import pyotp
    import sqlalchemy as sa

    from portal.extensions import db
    from portal.models import User

    with app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == email)).one()
        user.totp_last_step = None
        db.session.commit()
        code = pyotp.TOTP(user.totp_secret).now()
    response = client.submit("/login/code", {"code": code})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
