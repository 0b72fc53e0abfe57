"""Running the installation: schools, their details, and their first SENCO."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, audit
from portal.admin import bp
from portal.admin.forms import InviteSencoForm, NewSchoolForm, SchoolForm
from portal.auth import services as accounts
from portal.extensions import db
from portal.local_offer import distance
from portal.local_offer import services as local_offer
from portal.models import Membership, Pupil, Role, School

SCHOOL_FIELDS = (
    "name",
    "local_authority",
    "local_offer_url",
    "contact_email",
    "contact_phone",
    "brand_colour",
    "default_locale",
)


def _apply(school: School, form: SchoolForm) -> None:
    for field in SCHOOL_FIELDS:
        value = getattr(form, field).data
        setattr(
            school,
            field,
            value.strip() if isinstance(value, str) and value.strip() else (value or None),
        )
    school.default_locale = form.default_locale.data or "en"
    school.latitude, school.longitude = form.location.place or (None, None)
    if school.brand_colour:
        school.brand_colour = school.brand_colour.lower()


@bp.get("/schools")
@access.platform_admin_required
def schools():
    counts = dict(
        db.session.execute(
            sa.select(Pupil.school_id, sa.func.count()).group_by(Pupil.school_id)
        ).all()
    )
    staff = dict(
        db.session.execute(
            sa.select(Membership.school_id, sa.func.count())
            .where(
                Membership.role.in_([Role.SENCO, Role.TEACHER, Role.ADMIN]),
                Membership.active.is_(True),
            )
            .group_by(Membership.school_id)
        ).all()
    )
    all_schools = db.session.scalars(sa.select(School).order_by(School.name)).all()
    return render_template("admin/schools.html", schools=all_schools, counts=counts, staff=staff)


@bp.route("/schools/new", methods=["GET", "POST"])
@access.platform_admin_required
def new_school():
    form = NewSchoolForm()
    form.location.lookup = None  # a new school has no Local Offer yet to find a postcode in
    if form.validate_on_submit():
        if db.session.scalar(sa.select(School.id).where(School.slug == form.slug.data)):
            form.slug.errors.append(_("Another school already uses this short web name"))
        else:
            school = School(slug=form.slug.data)
            _apply(school, form)
            db.session.add(school)
            db.session.flush()
            audit.record(current_user, "school.create", school_id=school.id, obj=school)
            db.session.commit()
            flash(_("%(name)s has been added. Now invite its SENCO.", name=school.name), "success")
            return redirect(url_for("admin.edit_school", school_id=school.id))
    return render_template("admin/school_form.html", form=form, school=None), (
        400 if form.errors else 200
    )


@bp.route("/schools/<int:school_id>", methods=["GET", "POST"])
@access.platform_admin_required
def edit_school(school_id: int):
    school = access.school_for_admin(current_user, school_id)
    return _edit(school, invite_form=InviteSencoForm(prefix="senco"))


@bp.post("/schools/<int:school_id>/senco")
@access.platform_admin_required
def invite_senco(school_id: int):
    school = access.school_for_admin(current_user, school_id)
    form = InviteSencoForm(prefix="senco")
    if form.validate_on_submit():
        accounts.invite(
            school=school,
            invited_by=current_user,
            email=form.email.data,
            full_name=form.full_name.data,
            role=Role.SENCO,
            title="SENCO",
        )
        flash(_("The invitation has been sent to %(email)s.", email=form.email.data), "success")
        return redirect(url_for("admin.edit_school", school_id=school.id))
    return render_template(
        "admin/school_form.html", form=SchoolForm(obj=school), school=school, invite_form=form
    ), 400


@bp.route("/school", methods=["GET", "POST"])
@access.role_required(Role.ADMIN)
def school():
    return _edit(access.current_school())


def _edit(school: School, invite_form=None):
    form = SchoolForm(obj=school)
    form.location.lookup = lambda postcode: local_offer.place_of_postcode(school.id, postcode)
    if request.method == "GET":
        form.location.data = distance.text(school.location)
    if form.validate_on_submit():
        _apply(school, form)
        audit.record(current_user, "school.update", school_id=school.id, obj=school)
        db.session.commit()
        flash(_("The school's details have been saved."), "success")
        if form.location.found_from:
            flash(
                _(
                    "We placed the school at %(place)s, the middle of the Local Offer's "
                    "places in %(postcode)s. Check it on a map, and type the coordinates if "
                    "it is not close enough.",
                    place=distance.text(school.location),
                    postcode=form.location.found_from,
                ),
                "warning",
            )
        return redirect(
            url_for("main.home")
            if invite_form is None
            else url_for("admin.edit_school", school_id=school.id)
        )
    return render_template(
        "admin/school_form.html", form=form, school=school, invite_form=invite_form
    ), (400 if form.errors else 200)
