"""Setting up the second sign-in step, recovery codes, and turning it off."""

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.auth import bp, events, second_factor, services, session_routes
from portal.auth.forms import PasswordCheckForm, SetUpSecondStepForm
from portal.auth.passwords import verify_password
from portal.extensions import db
from portal.models import utcnow

# Pages someone who must set up a second step may still open before they have.
OPEN_BEFORE_SETUP = {
    "auth.second_factor_setup",
    "auth.recovery_codes",
    "auth.logout",
    "main.choose_language",
    "main.privacy",
    "main.accessibility",
    "main.glossary",
    "main.security_txt",
    "main.healthz",
    "main.brand_css",
    "assets",
}


@bp.before_app_request
def second_step_required():
    """SENCOs and administrators set up the second step before anything else."""
    if request.endpoint in OPEN_BEFORE_SETUP or request.endpoint is None:
        return None
    if not current_user.is_authenticated:
        return None
    if current_user.needs_second_factor and not current_user.has_second_factor:
        return redirect(url_for("auth.second_factor_setup"))
    return None


@bp.route("/account/second-step", methods=["GET", "POST"])
@login_required
def second_factor_setup():
    """Show a new secret as a QR code; turn it on once a code from it is typed."""
    this = session_routes.current()
    if this is None:
        abort(404)
    form = SetUpSecondStepForm()
    if this.pending_totp_secret is None:
        # Kept until a code from it is typed: reloading the page shows the same QR code, so an
        # app that scanned it already stays right.
        this.pending_totp_secret = second_factor.new_secret()
        db.session.commit()
    secret = this.pending_totp_secret
    if form.validate_on_submit():
        now = utcnow()
        step = second_factor.code_matches(secret, form.code.data, now, None)
        if step is None:
            form.code.errors.append(
                _("That code is not right. Check the app shows the portal, and type its code.")
            )
        else:
            user = current_user._get_current_object()
            replacing = user.has_second_factor
            codes = second_factor.enable(user, secret, step, now)
            this.pending_totp_secret = None
            events.record(user, "second_factor_added", now, ip_address=request.remote_addr)
            services.tell(user, "second_factor_added", now)
            db.session.commit()
            session["recovery_codes"] = codes
            flash(
                _("Your new phone is set up.")
                if replacing
                else _("The second step is set up. You will need a code each time you sign in."),
                "success",
            )
            return redirect(url_for("auth.recovery_codes"))
    qr, qr_width = second_factor.qr_code(second_factor.provisioning_uri(secret, current_user))
    return render_template(
        "auth/second_factor_setup.html",
        form=form,
        qr=qr,
        qr_width=qr_width,
        secret=second_factor.spaced(secret),
        required=current_user.needs_second_factor,
    ), (400 if form.errors else 200)


@bp.get("/account/second-step/recovery-codes")
@login_required
def recovery_codes():
    """The recovery codes, shown once, just after they are made."""
    codes = session.pop("recovery_codes", None)
    if not codes:
        return redirect(url_for("auth.account") + "#second-step")
    return render_template("auth/recovery_codes.html", codes=codes)


@bp.post("/account/second-step/recovery-codes")
@login_required
def new_recovery_codes():
    user = current_user._get_current_object()
    if not user.has_second_factor:
        abort(404)
    now = utcnow()
    session["recovery_codes"] = second_factor.new_recovery_codes(user)
    events.record(user, "recovery_codes_renewed", now, ip_address=request.remote_addr)
    services.tell(user, "recovery_codes_renewed", now)
    db.session.commit()
    return redirect(url_for("auth.recovery_codes"))


@bp.route("/account/second-step/remove", methods=["GET", "POST"])
@login_required
def second_factor_remove():
    """A parent or teacher may turn the second step off again (SENCOs and administrators may
    not: if their phone is lost, another SENCO or the administrator removes it)."""
    user = current_user._get_current_object()
    if not user.has_second_factor or user.needs_second_factor:
        abort(404)
    form = PasswordCheckForm()
    if form.validate_on_submit():
        if not verify_password(user.password_hash, form.password.data):
            form.password.errors.append(_("Your password is not right."))
        else:
            now = utcnow()
            second_factor.disable(user)
            events.record(user, "second_factor_removed", now, ip_address=request.remote_addr)
            services.tell(user, "second_factor_removed", now)
            db.session.commit()
            flash(_("The second step is off. You sign in with your password alone."), "success")
            return redirect(url_for("auth.account") + "#second-step")
    return render_template("auth/second_factor_remove.html", form=form), (
        400 if form.errors else 200
    )
