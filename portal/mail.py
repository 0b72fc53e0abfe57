"""Email to families and staff, in the recipient's language, over SMTP.

Emails carry no personal details beyond a greeting and a link: the detail waits behind
the sign-in. With no MAIL_SERVER set, nothing is sent and the log says only that an email
(by number and kind) was not sent: never its address, words or links. The demo keeps such
emails as files in instance/outbox/ so its invitations can be followed.
"""

import logging
import smtplib
import ssl
from email.message import EmailMessage as MimeMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template
from flask_babel import force_locale

from portal.extensions import db
from portal.i18n import DEFAULT_LOCALE, is_offered
from portal.models import EmailMessage, School, User, utcnow

log = logging.getLogger("portal.mail")


def recipient_locale(user: User | None, fallback: str | None = None) -> str:
    for code in (user.locale if user else None, fallback):
        if is_offered(code):
            return code
    return DEFAULT_LOCALE


def send(
    *,
    to: str,
    kind: str,
    subject,
    template: str,
    user: User | None = None,
    school: School | None = None,
    locale: str | None = None,
    link_to: tuple[object, str] | None = None,
    **context,
) -> EmailMessage:
    """Render and send one email; record that it was sent. The caller commits.

    `link_to=(obj, audience)` links the email to where that object is shown to that
    audience (portal.links): services say what the email is about, never its address.
    """
    locale = locale or recipient_locale(user, school.default_locale if school else None)
    if link_to is not None:
        from portal import links

        context["link"] = links.external(*link_to)
    with force_locale(locale):
        subject_text = str(subject)
        body = render_template(template, school=school, **context)
    record = EmailMessage(
        school_id=school.id if school else None,
        user_id=user.id if user else None,
        to_address=to,
        kind=kind,
        locale=locale,
    )
    db.session.add(record)
    db.session.flush()

    message = MimeMessage()
    message["Subject"] = subject_text
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="portal")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    message["Content-Language"] = locale  # after set_content, which clears Content-* headers

    config = current_app.config
    if not config.get("MAIL_SERVER"):
        record.error = "MAIL_SERVER not set"
        kept = _keep_for_demo(message, record.id) if config.get("PORTAL_DEMO") else None
        log.warning(
            "Email %s (%s) was not sent: MAIL_SERVER is not set.%s",
            record.id,
            kind,
            f" The demo keeps it in {kept}." if kept else "",
        )
        return record
    try:
        _deliver(message, config)
        record.sent_at = utcnow()
    except (OSError, smtplib.SMTPException) as error:
        record.error = type(error).__name__
        log.error("Email %s (%s) could not be sent: %s", record.id, kind, type(error).__name__)
    return record


def _deliver(message: MimeMessage, config) -> None:
    server, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config.get("MAIL_USE_SSL"):
        smtp = smtplib.SMTP_SSL(server, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(server, port, timeout=timeout)
    with smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def _keep_for_demo(message: MimeMessage, number: int) -> str:
    """The demo's outbox: one .eml file an email, beside the demo's database."""
    from portal.config import INSTANCE_DIR

    outbox = INSTANCE_DIR / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{number}.eml"
    path.write_bytes(message.as_bytes())
    return str(path)


def external_url(endpoint: str, **values) -> str:
    """An absolute link for an email, always on PUBLIC_URL: never the host a request named
    (and so the same from a web request, a command or a background job)."""
    from urllib.parse import urlsplit

    base = current_app.config.get("PUBLIC_URL")
    if not base:
        raise RuntimeError("PUBLIC_URL is not set: links in emails cannot be made.")
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
