"""Reminders by email or text message, sent once each, never at night.

Owns services.py (what is due, claiming and sending), cli.py (`flask --app portal
send-reminders`, safe every 15 minutes from cron or a systemd timer), the page where each
person chooses email, text or none (routes.py, at /account/reminders), forms.py and
templates/reminders/. Texts go through GOV.UK Notify (portal/sms.py) when NOTIFY_API_KEY
is set.
"""

from flask import Blueprint, Flask

bp = Blueprint("reminders", __name__, cli_group=None)


def init_app(app: Flask) -> None:
    from portal.reminders import cli, routes  # noqa: F401  (commands and routes join bp)

    app.register_blueprint(bp)
