"""Sign-in limits that cannot be walked around (finding 5) or turned against a SENCO."""

from datetime import timedelta

import pyotp
import sqlalchemy as sa

from portal.extensions import db
from portal.models import LoginAttempt, User, utcnow

PASSWORD = "demo-pass-2026"
PARENT = "parent@oakfield.example"
SENCO = "senco@oakfield.example"
DEMO_SECRET = "PORTALDEMOSTAFFSECONDFACTOR23456"


def _from(app, address: str):
    """A browser at one network address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _try(client, email: str, password: str, **extra):
    return client.submit("/login", {"email": email, "password": password, **extra}, page="/login")


def _rewind(app, seconds: int) -> None:
    """As if every try so far had happened `seconds` earlier."""
    with app.app_context():
        for attempt in db.session.scalars(sa.select(LoginAttempt)):
            attempt.at -= timedelta(seconds=seconds)
        db.session.commit()


def _forget_codes(app, email: str) -> None:
    with app.app_context():
        db.session.execute(sa.update(User).where(User.email == email).values(totp_last_step=None))
        db.session.commit()


def test_signing_in_to_ones_own_account_does_not_buy_more_guesses(app, demo):
    """The attacker's walk-around: guess others' passwords, sign in as oneself to clear the
    count, guess again. Now the address's failures only age."""
    attacker = _from(app, "198.51.100.7")
    victims = ["ami@oakfield.example", "rodzic@oakfield.example", "teacher@oakfield.example"]
    victims += [f"someone.{n}@oakfield.example" for n in range(5)]  # unknown ones count too
    free = app.config["LOGIN_ADDRESS_FREE_FAILURES"]
    statuses = []
    for n in range(free + 5):
        statuses.append(_try(attacker, victims[n % 8], f"guess-number-{n}").status_code)
        if n % 4 == 3:
            own = _try(_from(app, "198.51.100.7"), PARENT, PASSWORD)
            statuses.append(("own", own.status_code))
    guesses = [s for s in statuses if not isinstance(s, tuple)]
    assert guesses[:free] == [400] * free
    assert set(guesses[free:]) == {429}
    # The address waits for everyone, the attacker's own account too, however right.
    assert _try(_from(app, "198.51.100.7"), PARENT, PASSWORD).status_code == 429
    # Elsewhere, the victims sign in as usual: their accounts were each tried only a few times.
    assert _try(_from(app, "203.0.113.20"), "ami@oakfield.example", PASSWORD).status_code == 302


def test_an_accounts_failures_count_from_every_address(app, demo):
    free = app.config["LOGIN_ACCOUNT_FREE_FAILURES"]
    for n in range(free):
        assert _try(_from(app, f"192.0.2.{n + 1}"), PARENT, "wrong-guess-1").status_code == 400
    response = _try(_from(app, "192.0.2.99"), PARENT, PASSWORD)
    assert response.status_code == 429
    assert "Wait 1 minute" in response.text


def test_each_try_past_the_limit_waits_twice_as_long(app, demo):
    client = _from(app, "192.0.2.50")
    free = app.config["LOGIN_ACCOUNT_FREE_FAILURES"]
    for _ in range(free):
        _try(client, PARENT, "wrong-guess-1")
    assert "Wait 1 minute" in _try(client, PARENT, "wrong-guess-1").text
    _rewind(app, 61)
    assert _try(client, PARENT, "wrong-guess-2").status_code == 400  # allowed, and wrong
    response = _try(client, PARENT, PASSWORD)
    assert response.status_code == 429 and "Wait 2 minutes" in response.text
    _rewind(app, 121)
    assert _try(client, PARENT, "wrong-guess-3").status_code == 400
    assert "Wait 4 minutes" in _try(client, PARENT, PASSWORD).text
    # The waits stop growing at the longest wait.
    with app.app_context():
        db.session.add_all(
            LoginAttempt(
                account_key=db.session.scalars(sa.select(LoginAttempt.account_key)).first(),
                ip_key="x",
                outcome="password",
                at=utcnow(),
            )
            for _ in range(30)
        )
        db.session.commit()
    longest = app.config["LOGIN_LONGEST_WAIT_MINUTES"]
    assert f"Wait {longest} minutes" in _try(client, PARENT, PASSWORD).text


def test_guesses_never_keep_out_a_senco_who_has_the_code(app, demo):
    attacker = _from(app, "198.51.100.8")
    for n in range(12):
        _rewind(app, 3600 * 2)  # however long the attack goes on
        _try(attacker, SENCO, f"guess-number-{n}")
    priya = _from(app, "203.0.113.5")
    blocked = _try(priya, SENCO, PASSWORD)
    assert blocked.status_code == 429
    assert 'name="code"' in blocked.text  # she is offered the way in
    assert "If you use an authentication app, you can sign in now" in blocked.text
    # A wrong code, or a wrong password with a right code, is no way in.
    _forget_codes(app, SENCO)
    assert _try(priya, SENCO, PASSWORD, code="000000").status_code == 429
    code = pyotp.TOTP(DEMO_SECRET).now()
    assert _try(attacker, SENCO, "guess-again", code=code).status_code == 429
    _forget_codes(app, SENCO)
    response = _try(priya, SENCO, PASSWORD, code=pyotp.TOTP(DEMO_SECRET).now())
    assert response.status_code == 302
    assert priya.get("/senco/").status_code == 200
    # Getting in cleared her account's count: her next sign-in needs only the usual two steps.
    assert _try(_from(app, "203.0.113.5"), SENCO, PASSWORD).headers["Location"] == "/login/code"


def test_a_code_is_no_way_past_the_limit_for_an_account_without_a_second_step(app, demo):
    for n in range(app.config["LOGIN_ACCOUNT_FREE_FAILURES"]):
        _try(_from(app, "198.51.100.9"), PARENT, f"guess-{n}")
    response = _try(_from(app, "203.0.113.9"), PARENT, PASSWORD, code="123456")
    assert response.status_code == 429


def test_wrong_codes_are_limited_apart_from_wrong_passwords(app, demo):
    free = app.config["LOGIN_ACCOUNT_FREE_FAILURES"]
    client = _from(app, "203.0.113.30")
    assert _try(client, SENCO, PASSWORD).headers["Location"] == "/login/code"
    for _ in range(free):
        assert client.submit("/login/code", {"code": "000000"}).status_code == 400
    response = client.submit("/login/code", {"code": pyotp.TOTP(DEMO_SECRET).now()})
    assert response.status_code == 429 and "Wait 1 minute" in response.text
    # Wrong passwords from elsewhere do not add to the codes' count, nor codes to passwords'.
    assert _try(_from(app, "203.0.113.31"), SENCO, PASSWORD).headers["Location"] == "/login/code"


def test_a_reset_link_also_lifts_the_limit(app, demo, mailbox):
    for n in range(app.config["LOGIN_ACCOUNT_FREE_FAILURES"] + 2):
        _try(_from(app, "198.51.100.10"), PARENT, f"guess-{n}")
    assert _try(_from(app, "203.0.113.40"), PARENT, PASSWORD).status_code == 429
    sarah = _from(app, "203.0.113.40")
    sarah.submit("/password/forgotten", {"email": PARENT})
    link = mailbox.link(mailbox.to(PARENT)[0], "/password/reset/")
    done = sarah.submit(link, {"password": "green kettle river", "confirm": "green kettle river"})
    assert done.status_code == 302
    laptop = _from(app, "203.0.113.41")
    assert _try(laptop, PARENT, "green kettle river").status_code == 302


def test_a_reset_sends_a_person_with_a_second_step_to_the_code(app, demo, mailbox):
    client = app.test_client()
    client.submit("/password/forgotten", {"email": SENCO})
    link = mailbox.link(mailbox.to(SENCO)[0], "/password/reset/")
    done = client.submit(link, {"password": "green kettle river", "confirm": "green kettle river"})
    assert done.headers["Location"] == "/login/code"
    assert client.get("/senco/").status_code == 302  # not signed in without the code
    _forget_codes(app, SENCO)
    client.submit("/login/code", {"code": pyotp.TOTP(DEMO_SECRET).now()})
    assert client.get("/senco/").status_code == 200


def test_the_limits_hold_across_instances_of_the_portal(app, tmp_path):
    from portal import create_app
    from portal.config import for_tests
    from portal.demo import seed

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    first, second = create_app(for_tests(url)), create_app(for_tests(url))
    for instance in (first, second):
        instance.test_client_class = type(app.test_client())
    with first.app_context():
        db.create_all()
        seed()
        db.session.remove()
    for n in range(first.config["LOGIN_ACCOUNT_FREE_FAILURES"]):
        instance = (first, second)[n % 2]
        assert _try(instance.test_client(), PARENT, f"guess-{n}").status_code == 400
    assert _try(first.test_client(), PARENT, PASSWORD).status_code == 429
    assert _try(second.test_client(), PARENT, PASSWORD).status_code == 429
    for instance in (first, second):
        with instance.app_context():
            db.engine.dispose()


def test_sign_in_tries_keep_no_email_or_address(app, demo):
    _try(_from(app, "198.51.100.11"), PARENT, "wrong-one")
    with app.app_context():
        attempt = db.session.scalars(sa.select(LoginAttempt)).one()
        assert "oakfield" not in attempt.account_key and "198.51" not in attempt.ip_key
        assert attempt.outcome == "password"
