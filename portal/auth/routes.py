"""Sign in and out, invitations, password resets, and the account page."""

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required, login_user, logout_user

from portal import access
from portal.auth import bp, services
from portal.auth.forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    ForgottenPasswordForm,
    LanguageForm,
    LoginForm,
    NewPasswordForm,
)
from portal.auth.passwords import verify_password
from portal.extensions import db
from portal.i18n import is_offered
from portal.web import safe_next


def start_session(user) -> None:
    session.clear()
    session.permanent = True
    login_user(user)
    refresh()


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    blocked = False
    if form.validate_on_submit():
        result = services.sign_in(form.email.data, form.password.data, request.remote_addr or "")
        if result.user is not None:
            locale_before = session.get("locale")
            start_session(result.user)
            if result.user.locale is None and is_offered(locale_before):
                services.set_locale(result.user, locale_before)
            return redirect(safe_next(request.args.get("next")))
        if result.blocked:
            blocked = True
            form.form_errors.append(
                _(
                    "You have tried to sign in too many times. Wait 15 minutes and try again, "
                    "or reset your password."
                )
            )
        else:
            form.password.errors.append(
                _("The email address or password is not right. Check them and try again.")
            )
    status = 429 if blocked else (400 if form.errors or form.form_errors else 200)
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    locale = session.get("locale")
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale
    flash(_("You have signed out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/password/forgotten", methods=["GET", "POST"])
def forgotten_password():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
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
        user = services.complete_password_reset(reset, form.password.data)
        start_session(user)
        flash(_("Your password has been changed."), "success")
        return redirect(url_for("main.home"))
    return render_template("auth/reset.html", form=form), 400 if form.errors else 200


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    invitation = services.invitation_by_token(token)
    if invitation is None or not invitation.is_usable:
        return render_template("auth/link_expired.html", kind="invitation"), 410
    existing = services.user_by_email(invitation.email)
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
        start_session(user)
        access.select_role_for(invitation.school_id, invitation.role)
        flash(_("Your account is ready. Welcome."), "success")
        return redirect(url_for("main.home"))
    status = 400 if form.errors else 200
    return render_template("auth/invitation.html", form=form, invitation=invitation), status


@bp.route("/account", methods=["GET"])
@login_required
def account():
    return render_template(
        "auth/account.html",
        language_form=LanguageForm(prefix="lang", locale=current_user.locale or "en"),
        password_form=ChangePasswordForm(prefix="pw"),
        memberships=access.active_memberships(current_user),
        current=access.current_membership(),
    )


@bp.post("/account/language")
@login_required
def account_language():
    form = LanguageForm(prefix="lang")
    if form.validate_on_submit():
        services.set_locale(current_user, form.locale.data)
        refresh()
        flash(_("Your language has been saved."), "success")
        return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html",
        language_form=form,
        password_form=ChangePasswordForm(prefix="pw", formdata=None),
        memberships=access.active_memberships(current_user),
        current=access.current_membership(),
    ), 400


@bp.post("/account/password")
@login_required
def account_password():
    form = ChangePasswordForm(prefix="pw")
    form.email_for_policy = current_user.email
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("Your current password is not right."))
        else:
            services.set_password(current_user, form.password.data)
            db.session.commit()
            # The session token changed: sign this device in again with the new one.
            login_user(current_user._get_current_object())
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html",
        language_form=LanguageForm(
            prefix="lang", formdata=None, locale=current_user.locale or "en"
        ),
        password_form=form,
        memberships=access.active_memberships(current_user),
        current=access.current_membership(),
    ), 400


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
    return redirect(url_for("main.home"))
