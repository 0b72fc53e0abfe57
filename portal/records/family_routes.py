"""A parent asks for a copy of what the portal holds about them (subject access)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.records import bp, subject_access
from portal.records.forms import InformationRequestForm


@bp.route("/families/your-information", methods=["GET", "POST"])
@access.parent_only
def my_information():
    school = access.current_school()
    form = InformationRequestForm()
    if form.validate_on_submit():
        request = subject_access.ask(
            current_user, school, include_children=form.include_children.data, note=form.note.data
        )
        flash(
            _(
                "Your request has been sent to the school. The school must answer by %(date)s.",
                date=request.due_on.strftime("%d/%m/%Y"),
            ),
            "success",
        )
        return redirect(url_for("records.my_information"))
    return render_template(
        "records/my_information.html",
        form=form,
        requests=subject_access.requests_of(current_user, school.id),
    ), 400 if form.errors else 200
