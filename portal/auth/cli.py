"""Sign-in housekeeping from the command line: `flask --app portal security ...`."""

import click

from portal.auth import bp, events, second_factor, services, sessions
from portal.extensions import db
from portal.models import utcnow


@bp.cli.command()
def purge():
    """Delete the sign-in record past SIGN_IN_RECORD_DAYS, ended sessions, old reset links,
    held forms and sign-in tries, and refresh the database's statistics. Run it daily (cron,
    a systemd timer)."""
    from portal import maintenance

    for what, count in events.purge(utcnow()).items():
        click.echo(f"{count:8d} {what} deleted")
    maintenance.refresh_statistics()
    click.echo("Database statistics refreshed.")


@bp.cli.command("reset-second-factor")
@click.argument("email")
def reset_second_factor(email: str):
    """Remove someone's second step (an administrator who lost their phone); they set it up
    again when they next sign in. Recorded in the sign-in record."""
    user = services.user_by_email(email)
    if user is None or not user.has_second_factor:
        raise click.ClickException(f"No account with a second step has the address {email}.")
    now = utcnow()
    second_factor.disable(user)
    sessions.end_all(user, "second_factor", now)
    events.record(user, "second_factor_reset", now)
    services.tell(user, "second_factor_reset", now)
    db.session.commit()
    click.echo(f"The second step of account {user.id} was removed; they have been emailed.")
