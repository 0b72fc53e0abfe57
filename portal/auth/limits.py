"""Sign-in limits that cannot be walked around or turned against someone.

Failures are counted twice, independently: against the account tried and against the
address trying. Neither count is cleared by a success somewhere else: an address's count
only ages (an hour), so signing in to one's own account does not buy more guesses at
others; an account's count is cleared only by signing in to that account fully (password
and, where set up, the second step) or by using a reset link sent to its email.

Past a few free failures each further try waits twice as long as the one before (1, 2, 4
... minutes, up to LOGIN_LONGEST_WAIT_MINUTES): guessing slows to a crawl while the person
can still get in. Someone with a second step is never kept out by guesses at their
password: while their account waits, the sign-in page takes password and code together
(auth/services.sign_in). Wrong codes are counted apart from wrong passwords, since only
someone who knows the password can make them.

Everything is in the database, so the limits hold across every instance of the portal.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from portal.extensions import db
from portal.models import LoginAttempt

WRONG_PASSWORD = "password"
WRONG_CODE = "code"
SIGNED_IN = "signed_in"
RESET = "reset"
RESET_ASKED = "reset_asked"
ADDRESS_WINDOW = timedelta(hours=1)
ACCOUNT_WINDOW = timedelta(days=1)


def _wait(failures: int, last: datetime | None, free: int, now: datetime) -> timedelta:
    """How long until the next try is allowed, after `failures` of which `free` cost nothing."""
    if last is None or failures < free:
        return timedelta(0)
    longest = timedelta(minutes=current_app.config["LOGIN_LONGEST_WAIT_MINUTES"])
    delay = min(timedelta(minutes=2 ** min(failures - free, 20)), longest)
    return max(last + delay - now, timedelta(0))


def account_wait(account_key: str, outcome: str, now: datetime) -> timedelta:
    """The wait for this account's wrong passwords (or wrong codes) since it last got in."""
    cleared = db.session.scalar(
        sa.select(sa.func.max(LoginAttempt.at)).where(
            LoginAttempt.account_key == account_key,
            LoginAttempt.outcome.in_((SIGNED_IN, RESET)),
        )
    )
    since = max(now - ACCOUNT_WINDOW, cleared or now - ACCOUNT_WINDOW)
    failures, last = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(LoginAttempt.at)).where(
            LoginAttempt.account_key == account_key,
            LoginAttempt.outcome == outcome,
            LoginAttempt.at > since,
        )
    ).one()
    return _wait(failures, last, current_app.config["LOGIN_ACCOUNT_FREE_FAILURES"], now)


def address_wait(ip_key: str, now: datetime) -> timedelta:
    """The wait for every failure from this address in the last hour, whoever got in since."""
    failures, last = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(LoginAttempt.at)).where(
            LoginAttempt.ip_key == ip_key,
            LoginAttempt.outcome.in_((WRONG_PASSWORD, WRONG_CODE)),
            LoginAttempt.at > now - ADDRESS_WINDOW,
        )
    ).one()
    return _wait(failures, last, current_app.config["LOGIN_ADDRESS_FREE_FAILURES"], now)


def count(outcome: str, *, account_key: str = "", ip_key: str = "", since: datetime) -> int:
    """How many tries of one kind an account or an address made since then."""
    query = sa.select(sa.func.count()).where(
        LoginAttempt.outcome == outcome, LoginAttempt.at > since
    )
    if account_key:
        query = query.where(LoginAttempt.account_key == account_key)
    if ip_key:
        query = query.where(LoginAttempt.ip_key == ip_key)
    return db.session.scalar(query)


def record(account_key: str, ip_key: str, outcome: str, now: datetime) -> None:
    """Count one try; the caller commits."""
    db.session.add(LoginAttempt(account_key=account_key, ip_key=ip_key, outcome=outcome, at=now))


def forget_old(now: datetime) -> int:
    """Tries older than the longest window count for nothing: delete them."""
    result = db.session.execute(
        sa.delete(LoginAttempt).where(LoginAttempt.at < now - ACCOUNT_WINDOW)
    )
    return result.rowcount or 0
