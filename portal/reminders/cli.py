"""`flask --app portal send-reminders`: send every reminder due now, once."""

from datetime import datetime

import click
from flask import current_app

from portal.reminders import bp, services


@bp.cli.command("send-reminders")
@click.option(
    "--now",
    "now_text",
    default=None,
    help="Act as if it were this UTC time (YYYY-MM-DDTHH:MM), to test or catch up.",
)
def send_reminders(now_text: str | None):
    """Send the reminders due now (safe to run every 15 minutes)."""
    now = datetime.fromisoformat(now_text) if now_text else None
    base = current_app.config.get("PUBLIC_URL") or "http://localhost"
    # Links in messages are built as a page would build them, for the portal's address.
    with current_app.test_request_context("/", base_url=base):
        result = services.run(now)
    if result.quiet:
        click.echo("Quiet hours (21:00 to 07:00): nothing sent.")
        return
    click.echo(
        f"Reminders due: {result.due}; sent now: {result.sent} "
        f"({result.emails} emails, {result.texts} texts); already sent: {result.already_sent}; "
        f"not wanted: {result.not_wanted}; failed: {result.failed}."
    )
