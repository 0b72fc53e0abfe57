"""Sign in and out, invitations, password resets, and the account page."""

import math
from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext, refresh
from flask_login import current_user, login_required, logout_user

from portal import access, web
from portal.auth import bp, second_factor, services, session_routes, sessions
from portal.auth.forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    ForgottenPasswordForm,
    LanguageForm,
    LoginForm,
    NewPasswordForm,
    SecondStepForm,
)
from portal.auth.passwords import verify_password
from portal.extensions import db
from portal.i18n import is_offered
from portal.models import User, utcnow
from portal.web import safe_next

# How long the second step waits for its code after the right password.
SECOND_STEP_MINUTES = 5


def _address() -> str:
    return request.remote_addr or ""


def start_session(user: User, next_url: str | None = None):
    """Sign this browser in, then go where the person was going (or to a form they had
    sent as their last session ended)."""
    session_routes.start(user)
    refresh()
    if "held_form" in session:
        return redirect(url_for("auth.resume"))
    return redirect(safe_next(next_url))


def _second_step_pending(user: User, next_url: str | None):
    session["second_step"] = {
        "user_id": user.id,
        "at": utcnow().isoformat(),
        "next": next_url or "",
    }
    return redirect(url_for("auth.login_code"))


def _wait_message(wait: timedelta) -> str:
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return ngettext(
        "There have been too many tries to sign in. Wait %(num)d minute and try again, or "
        "reset your password.",
        "There have been too many tries to sign in. Wait %(num)d minutes and try again, or "
        "reset your password.",
        minutes,
    )


@bp.route("/login", methods=["GET", "POST"])
@web.public_page
def login():
    next_url = request.args.get("next")
    if current_user.is_authenticated:
        return redirect(safe_next(next_url))
    form = LoginForm()
    limited = False
    if form.validate_on_submit():
        result = services.sign_in(
            form.email.data, form.password.data, _address(), form.code.data or ""
        )
        if result.user is not None:
            locale_before = session.get("locale")
            if result.user.locale is None and is_offered(locale_before):
                services.set_locale(result.user, locale_before)
            if result.needs_code:
                return _second_step_pending(result.user, next_url)
            return start_session(result.user, next_url)
        if result.wait:
            limited = True
            form.form_errors.append(_wait_message(result.wait))
        else:
            form.password.errors.append(
                _("The email address or password is not right. Check them and try again.")
            )
    status = 429 if limited else (400 if form.errors or form.form_errors else 200)
    return render_template("auth/login.html", form=form, limited=limited), status


def _pending_user() -> User | None:
    pending = session.get("second_step")
    if not pending:
        return None
    from datetime import datetime

    started = datetime.fromisoformat(pending["at"])
    if utcnow() - started > timedelta(minutes=SECOND_STEP_MINUTES):
        session.pop("second_step", None)
        return None
    user = db.session.get(User, pending["user_id"])
    return user if user is not None and user.active and user.has_second_factor else None


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    """The second step: the code from the authentication app, or a recovery code."""
    user = _pending_user()
    if user is None:
        flash(_("Sign in again: the page for the code was open too long."), "warning")
        return redirect(url_for("auth.login"))
    form = SecondStepForm()
    limited = False
    if form.validate_on_submit():
        result = services.second_step(user, form.code.data, _address())
        if result.complete:
            next_url = session.pop("second_step", {}).get("next")
            if result.code_kind != "recovery":
                return start_session(user, next_url)
            response = start_session(user, url_for("auth.second_factor_setup"))
            left = second_factor.recovery_codes_left(user)
            flash(
                ngettext(
                    "You signed in with a recovery code. You have %(num)d left: set up "
                    "your new phone on this page.",
                    "You signed in with a recovery code. You have %(num)d left: set up "
                    "your new phone on this page.",
                    left,
                ),
                "warning",
            )
            return response
        if result.wait:
            limited = True
            form.form_errors.append(_wait_message(result.wait))
        else:
            form.code.errors.append(_("That code is not right. Enter the code your app shows now."))
    status = 429 if limited else (400 if form.errors or form.form_errors else 200)
    return render_template("auth/code.html", form=form), status


def _sign_out(message: str, *, everywhere: bool = False):
    """End this session (or every one of this person's), keeping only the language chosen
    for the page, and go to the sign-in page."""
    if current_user.is_authenticated:
        services.sign_out(current_user, _address(), session_routes.current(), everywhere=everywhere)
    locale = session.get("locale")
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale
    flash(message, "success")
    return redirect(url_for("auth.login"))


@bp.post("/logout")
def logout():
    return _sign_out(_("You have signed out."))


@bp.post("/account/sessions/end-all")
@login_required
def sign_out_everywhere():
    return _sign_out(_("You have signed out on every device, this one too."), everywhere=True)


@bp.post("/account/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    record = access.own_session_for(current_user, session_id)
    this = session_routes.current()
    if this is not None and this.id == record.id:
        abort(404)  # this device signs out with "Sign out"
    services.end_other_session(current_user, record, _address())
    flash(_("That device has been signed out."), "success")
    return redirect(url_for("auth.account") + "#sessions")


@bp.route("/account/resume", methods=["GET"])
@login_required
def resume():
    """The form sent as the last session ended, offered back with one button."""
    held = session_routes.take_held_form(current_user)
    if held is None:
        return redirect(url_for("main.home"))
    return render_template(
        "auth/resume.html",
        action=held.path,
        fields=sessions.held_fields(held),
        page=held.path if sessions.answers_get(held.path) else url_for("main.home"),
    )


@bp.route("/password/forgotten", methods=["GET", "POST"])
def forgotten_password():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data, _address())
        return render_template(
            "auth/reset_sent.html",
            email=form.email.data,
            minutes=current_app.config["PASSWORD_RESET_MINUTES"],
        )
    return render_template("auth/forgotten.html", form=form), 400 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    reset = services.usable_reset(token)
    if reset is None:
        return render_template("auth/link_expired.html", kind="reset"), 410
    form = NewPasswordForm()
    form.email_for_policy = reset.user.email
    if form.validate_on_submit():
        user = services.complete_password_reset(reset, form.password.data, _address())
        if current_user.is_authenticated:
            logout_user()
        if user.has_second_factor:
            response = _second_step_pending(user, None)
        else:
            services.signed_in_by_link(user, _address())
            response = start_session(user)
        flash(_("Your password has been changed."), "success")
        return response
    return render_template("auth/reset.html", form=form), 400 if form.errors else 200


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    invitation = services.invitation_by_token(token)
    if invitation is None or not invitation.is_usable:
        return render_template("auth/link_expired.html", kind="invitation"), 410
    existing = services.user_by_email(invitation.email)
    if existing is not None and existing.is_platform_admin:
        # The installation's administrator never joins a school (see forms.py).
        return render_template("auth/link_expired.html", kind="invitation"), 410
    if existing is not None and existing.password_hash:
        # Someone who already has an account confirms by signing in as themself.
        if not current_user.is_authenticated or current_user.id != existing.id:
            return render_template(
                "auth/invitation_existing.html", invitation=invitation, next=request.path
            )
        if request.method == "POST":
            services.accept_invitation(invitation, password=None, locale=None)
            access.select_role_for(invitation.school_id, invitation.role)
            flash(_("You have joined %(school)s.", school=invitation.school.name), "success")
            return redirect(url_for("main.home"))
        return render_template("auth/invitation_confirm.html", invitation=invitation)

    form = AcceptInvitationForm(
        full_name=invitation.full_name, locale=invitation.locale or session.get("locale") or "en"
    )
    form.email_for_policy = invitation.email
    if form.validate_on_submit():
        user = services.accept_invitation(
            invitation,
            password=form.password.data,
            locale=form.locale.data,
            full_name=form.full_name.data,
        )
        services.signed_in_by_link(user, _address())
        response = start_session(user)
        access.select_role_for(invitation.school_id, invitation.role)
        flash(_("Your account is ready. Welcome."), "success")
        return response
    status = 400 if form.errors else 200
    return render_template("auth/invitation.html", form=form, invitation=invitation), status


def _account_page(language_form=None, password_form=None, status: int = 200):
    now = utcnow()
    return render_template(
        "auth/account.html",
        language_form=language_form
        or LanguageForm(prefix="lang", formdata=None, locale=current_user.locale or "en"),
        password_form=password_form or ChangePasswordForm(prefix="pw", formdata=None),
        memberships=access.active_memberships(current_user),
        current=access.current_membership(),
        active_sessions=sessions.active_for(current_user, now),
        this_session=session_routes.current(),
        recovery_codes_left=second_factor.recovery_codes_left(current_user)
        if current_user.has_second_factor
        else 0,
    ), status


@bp.route("/account", methods=["GET"])
@login_required
def account():
    return _account_page()


@bp.post("/account/language")
@login_required
def account_language():
    form = LanguageForm(prefix="lang")
    if form.validate_on_submit():
        services.set_locale(current_user, form.locale.data)
        refresh()
        flash(_("Your language has been saved."), "success")
        return redirect(url_for("auth.account"))
    return _account_page(language_form=form, status=400)


@bp.post("/account/password")
@login_required
def account_password():
    form = ChangePasswordForm(prefix="pw")
    form.email_for_policy = current_user.email
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("Your current password is not right."))
        else:
            user = current_user._get_current_object()
            membership_id = session.get("membership_id")
            services.change_password(user, form.password.data, _address(), by_reset=False)
            db.session.commit()
            # Every session ended with the old password: this device starts a new one.
            response = start_session(user, url_for("auth.account"))
            if membership_id is not None:
                session["membership_id"] = membership_id
            flash(
                _("Your password has been changed. You have been signed out on other devices."),
                "success",
            )
            return response
    return _account_page(password_form=form, status=400)


@bp.post("/account/role")
@login_required
def switch_role():
    membership_id = request.form.get("membership_id", type=int)
    membership = next(
        (m for m in access.active_memberships(current_user) if m.id == membership_id), None
    )
    if membership is None:
        abort(404)
    session["membership_id"] = membership.id
    services.switch_role(current_user, _address())
    return redirect(url_for("main.home"))
