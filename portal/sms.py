"""Text messages through GOV.UK Notify, with its official client.

Off unless NOTIFY_API_KEY is set. Notify sends from a template: make one text message
template whose whole content is `((body))` and set NOTIFY_SMS_TEMPLATE_ID to its id; the
portal fills in the words, already in the recipient's language. Like emails, texts carry
no personal details: what is due, when, and where to sign in.
"""

import logging
import re

from flask import current_app, render_template
from flask_babel import force_locale

log = logging.getLogger("portal.sms")

# A UK mobile number: 07 and nine digits, or +44 7 and nine digits (spaces allowed).
UK_MOBILE = re.compile(r"^(?:\+44\s?7|0044\s?7|07)(?:\s?\d){9}$")


class TextNotSent(Exception):
    """Notify refused the message or could not be reached (the error's name, no detail)."""


def enabled() -> bool:
    config = current_app.config
    return bool(config.get("NOTIFY_API_KEY") and config.get("NOTIFY_SMS_TEMPLATE_ID"))


def is_uk_mobile(number: str | None) -> bool:
    return bool(number and UK_MOBILE.match(number.strip()))


def client():
    """A Notify client for this run (the client is not shared between threads)."""
    from notifications_python_client.notifications import NotificationsAPIClient

    config = current_app.config
    kwargs = {}
    if config.get("NOTIFY_BASE_URL"):
        kwargs["base_url"] = config["NOTIFY_BASE_URL"]
    return NotificationsAPIClient(config["NOTIFY_API_KEY"], **kwargs)


def send(
    notify,
    *,
    to: str,
    template: str,
    reference: str,
    user=None,
    school=None,
    link_to: tuple[object, str] | None = None,
    **context,
) -> str:
    """Render a text from a template in the person's language and send it; returns
    Notify's id for it. `link_to=(obj, audience)` adds the address where it is shown, as
    emails do (portal.links); `reference` is ours, never personal."""
    from notifications_python_client.errors import APIError

    from portal.mail import recipient_locale

    locale = recipient_locale(user, school.default_locale if school else None)
    if link_to is not None:
        from portal import links

        context["link"] = links.external(*link_to)
    with force_locale(locale):
        body = " ".join(render_template(template, school=school, **context).split())
    try:
        response = notify.send_sms_notification(
            phone_number=to.strip(),
            template_id=current_app.config["NOTIFY_SMS_TEMPLATE_ID"],
            personalisation={"body": body},
            reference=reference,
        )
    except APIError as error:
        log.error("Text %s not sent: Notify answered %s", reference, error.status_code)
        raise TextNotSent(f"Notify{error.status_code}") from None
    return response["id"]
