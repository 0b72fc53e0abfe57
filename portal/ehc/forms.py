"""The SENCO's forms for an EHC plan's details and its annual review."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from portal.forms_common import MultiCheckboxField, options, strip
from portal.models import Recommendation, today

TEXT = 6000


class EhcPlanForm(FlaskForm):
    issued_on = DateField(
        _l("Date of the EHC plan"),
        description=_l("The date the local authority issued the plan (the final plan)."),
        validators=[DataRequired(_l("Enter the date of the plan as a real date"))],
    )
    local_authority = StringField(
        _l("Local authority"),
        validators=[DataRequired(_l("Enter the local authority")), Length(max=200)],
    )
    case_officer_name = StringField(
        _l("Case officer (optional)"), validators=[Optional(), Length(max=200)]
    )
    case_officer_email = StringField(
        _l("Case officer's email (optional)"),
        filters=[strip],
        validators=[
            Optional(),
            Length(max=254),
            Email(message=_l("Enter an email address like name@example.org")),
        ],
    )
    case_officer_phone = StringField(
        _l("Case officer's phone (optional)"), validators=[Optional(), Length(max=40)]
    )
    last_reviewed_on = DateField(
        _l("Date of the last annual review meeting (optional)"),
        description=_l("Leave empty if the plan has not been reviewed yet."),
        validators=[Optional()],
    )

    def validate_issued_on(self, field):
        if field.data and field.data > today():
            raise ValidationError(_l("The date of the plan cannot be in the future"))

    def validate_last_reviewed_on(self, field):
        if field.data and self.issued_on.data and field.data < self.issued_on.data:
            raise ValidationError(_l("The last review cannot be before the plan"))
        if field.data and field.data > today():
            raise ValidationError(_l("The last review cannot be in the future"))


class StepsForm(FlaskForm):
    advice_requested_on = DateField(
        _l("Advice and views asked for on (optional)"), validators=[Optional()]
    )
    papers_sent_on = DateField(_l("Papers sent out on (optional)"), validators=[Optional()])
    report_sent_on = DateField(
        _l("Report sent to the local authority on (optional)"), validators=[Optional()]
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in (self.advice_requested_on, self.papers_sent_on, self.report_sent_on):
            if field.data and field.data > today():
                field.errors = [*field.errors, _l("The date cannot be in the future")]
                valid = False
        return valid


class ReportFormBase(FlaskForm):
    child_views = TextAreaField(
        _l("What the child or young person said"), validators=[Length(max=TEXT)]
    )
    parent_views = TextAreaField(_l("What the parents said"), validators=[Length(max=TEXT)])
    views = MultiCheckboxField(_l("Views sent before the meeting"), validators=[Optional()])
    recommendation = RadioField(
        _l("What the school recommends to the local authority"),
        choices=lambda: options((r.value, r.label) for r in Recommendation),
        # Not stripped: a blank such as " " is refused as no choice offered.
        validators=[Optional(strip_whitespace=False)],
    )
    recommendation_reasons = TextAreaField(
        _l("Why (what should change, and the evidence)"), validators=[Length(max=TEXT)]
    )

    def validate_recommendation_reasons(self, field):
        if self.recommendation.data in ("amend", "cease") and not (field.data or "").strip():
            raise ValidationError(_l("Say why the plan should be amended or ceased"))


def report_form(outcomes, views, *, formdata=None, data=None):
    """The report form with one box for the progress towards each outcome."""

    class ReportForm(ReportFormBase):
        pass

    for number, outcome in enumerate(outcomes, 1):
        setattr(
            ReportForm,
            f"progress_{outcome.id}",
            TextAreaField(
                _l("Outcome %(number)d: progress towards it", number=number),
                validators=[Length(max=TEXT)],
            ),
        )
    form = ReportForm(formdata=formdata, data=data)
    form.views.choices = options((str(v.id), v.author.full_name if v.author else "") for v in views)
    return form
