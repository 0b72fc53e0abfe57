"""The SENCO tells the family that their child starts or stops receiving SEN support (Code
6.43): the letter in each contact's language, emailed or printed, and the way recorded."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.i18n import LANGUAGES
from portal.models import FamilyTold, today
from portal.records import bp, notice
from portal.records.forms import TellFamilyForm


@bp.route("/senco/records/sen-changes/<int:change_id>/tell", methods=["GET", "POST"])
@access.senco_only
def tell_family(change_id: int):
    change = access.sen_change_for(
        current_user, change_id, "sen_change.view" if request.method == "GET" else ""
    )
    pupil = change.pupil
    form = TellFamilyForm() if request.method == "POST" else TellFamilyForm(told_on=today())
    people = notice.recipients(pupil)
    if change.family_told_on is None and form.validate_on_submit():
        how = FamilyTold(form.how.data)
        try:
            sent = notice.tell_family(change, how, form.told_on.data, current_user)
        except notice.NoEmail:
            form.how.errors = [
                _("Nobody has an email address: print the letter and give or post it instead.")
            ]
        else:
            if how is FamilyTold.LETTER_EMAILED:
                flash(
                    _(
                        "The letter has been emailed to %(count)d people. Print it for anyone "
                        "without an email.",
                        count=sent,
                    ),
                    "success",
                )
            else:
                flash(_("How the family was told has been saved."), "success")
            return redirect(url_for("staff.pupil", pupil_id=pupil.id) + "#sen-history")
    return render_template(
        "records/tell_family.html",
        change=change,
        pupil=pupil,
        form=form,
        people=people,
        starts=change.to_value == "K",
    ), (400 if form.errors else 200)


@bp.get("/senco/records/sen-changes/<int:change_id>/letter.pdf")
@access.senco_only
def notice_letter(change_id: int):
    change = access.sen_change_for(current_user, change_id, "sen_change.letter")
    locale = request.args.get("lang") or change.pupil.school.default_locale
    if locale not in LANGUAGES:
        abort(404)
    response = current_app.response_class(
        notice.letter_pdf(change, locale), mimetype="application/pdf"
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{notice.letter_filename(change, locale)}"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response
