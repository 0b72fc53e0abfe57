"""The front door, the language choice and the pages every visitor can read."""

import re
from datetime import date, timedelta

import sqlalchemy as sa
from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale, refresh
from flask_login import current_user

from portal import access
from portal.assets import ONE_YEAR
from portal.auth import services as accounts
from portal.extensions import db
from portal.i18n import is_offered
from portal.languages.glossary import terms
from portal.models import Role, School, utcnow
from portal.pages import bp
from portal.web import safe_next

STATEMENT_DATE = date(2026, 11, 23)

ROLE_HOMES = {
    Role.PARENT: "families.home",
    Role.PUPIL: "pupils.home",
    Role.TEACHER: "staff.home",
    Role.SENCO: "senco.home",
    Role.ADMIN: "admin.school",
}


@bp.get("/")
def home():
    if current_user.is_authenticated:
        membership = access.current_membership()
        if membership is not None:
            return redirect(url_for(ROLE_HOMES[membership.role]))
        if current_user.is_platform_admin:
            return redirect(url_for("admin.schools"))
        return render_template("pages/no_role.html")
    schools = db.session.scalars(sa.select(School).order_by(School.name)).all()
    return render_template("pages/start.html", schools=schools)


@bp.post("/language")
def choose_language():
    """The language switcher: remembered in the session, and saved for a signed-in user."""
    locale = request.form.get("locale", "")
    if is_offered(locale):
        session["locale"] = locale
        if current_user.is_authenticated:
            accounts.set_locale(current_user, locale)
        refresh()
    return redirect(safe_next(request.form.get("next")))


@bp.get("/accessibility")
def accessibility():
    return render_template("pages/accessibility.html", statement_date=STATEMENT_DATE)


@bp.get("/privacy")
def privacy():
    return render_template("pages/privacy.html")


@bp.get("/help/words")
def glossary():
    locale = get_locale()
    return render_template("pages/glossary.html", terms=terms(locale.language if locale else None))


@bp.get("/healthz")
def healthz():
    db.session.execute(sa.text("SELECT 1"))
    return {"status": "ok", "version": current_app.config.get("VERSION", "dev")}


@bp.get("/schools/<slug>/brand.css")
def brand_css(slug: str):
    """The school's colour as a stylesheet: the CSP allows no inline styles."""
    school = db.first_or_404(sa.select(School).where(School.slug == slug))
    colour = school.brand_colour or ""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        colour = "#1d4f91"
    response = current_app.response_class(f":root{{--brand:{colour}}}\n", mimetype="text/css")
    response.cache_control.public = True
    # The colour is in the address (?v=), so an address that matches may be kept for a year.
    if request.args.get("v", "").lower() == colour[1:].lower():
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.max_age = 60
    return response


@bp.get("/.well-known/security.txt")
def security_txt():
    """Where to report a security problem (RFC 9116), from SECURITY_CONTACT."""
    config = current_app.config
    contacts = [c.strip() for c in config.get("SECURITY_CONTACT", "").split(",") if c.strip()]
    if not contacts:
        abort(404)
    # The file must say when to stop trusting it: at most a year ahead (RFC 9116, 2.5.5).
    expires = (utcnow() + timedelta(days=180)).replace(microsecond=0)
    lines = [
        *(f"Contact: {c if ':' in c else 'mailto:' + c}" for c in contacts),
        f"Expires: {expires.isoformat()}Z",
        "Preferred-Languages: en",
        f"Canonical: {config['PUBLIC_URL']}/.well-known/security.txt",
    ]
    if config.get("SECURITY_POLICY_URL"):
        lines.append(f"Policy: {config['SECURITY_POLICY_URL']}")
    response = current_app.response_class("\n".join(lines) + "\n", mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response
