"""Signing in as the demo people: who plays each part, and a client signed in as them.

Kept apart from conftest.py so any test module can import it (tests/local_offer has a
conftest.py of its own, so `import conftest` is ambiguous).
"""

from flask.testing import FlaskClient

PASSWORD = "demo-pass-2026"

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
    return client
