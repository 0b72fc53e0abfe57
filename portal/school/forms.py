"""The school's records: a pupil's details, inviting a family or staff, linking staff."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.auth.forms import not_the_installation_admin
from portal.forms_common import (
    HOME_LANGUAGES,
    RELATIONSHIPS,
    email_field,
    need_choices,
    options,
    sen_status_pairs,
    staff_role_choices,
    year_group_pairs,
)
from portal.i18n import language_choices, language_name
from portal.models import NeedCode, SenStatus
from portal.records.upn import is_valid_upn


class PupilForm(FlaskForm):
    given_name = StringField(
        _l("First name"),
        validators=[DataRequired(_l("Enter the pupil's first name")), Length(max=100)],
    )
    family_name = StringField(
        _l("Last name"),
        validators=[DataRequired(_l("Enter the pupil's last name")), Length(max=100)],
    )
    preferred_name = StringField(
        _l("Preferred name (optional)"),
        description=_l("The name the pupil likes to be called, if it is different."),
        validators=[Optional(), Length(max=100)],
    )
    date_of_birth = DateField(
        _l("Date of birth"),
        validators=[DataRequired(_l("Enter the date of birth as a real date"))],
    )
    year_group = SelectField(
        _l("Year group"), coerce=int, choices=lambda: options(year_group_pairs())
    )
    upn = StringField(
        _l("Unique Pupil Number (UPN, optional)"),
        description=_l("13 characters, for example A123456789012."),
        validators=[Optional(), Length(max=13)],
    )
    sen_status = RadioField(
        _l("SEN status"),
        choices=lambda: options(sen_status_pairs()),
        validators=[DataRequired(_l("Choose the SEN status"))],
    )
    primary_need = SelectField(_l("Primary need"), choices=lambda: need_choices(_l("None")))
    secondary_need = SelectField(
        _l("Secondary need (optional)"), choices=lambda: need_choices(_l("None"))
    )
    sen_change_date = DateField(
        _l("Date a change of SEN status or needs took effect (optional)"),
        description=_l("Leave it empty for today. It goes into the pupil's SEN history."),
        validators=[Optional()],
    )
    sen_change_reason = StringField(
        _l("Why the SEN status or needs changed (optional)"),
        validators=[Optional(), Length(max=500)],
    )
    home_language = SelectField(_l("Home language"))
    eal = BooleanField(_l("English is an additional language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.home_language.choices = options(
            [("", _l("Not known"))] + [(code, language_name(code)) for code in HOME_LANGUAGES]
        )

    def validate_date_of_birth(self, field):
        if field.data and not (date(1990, 1, 1) <= field.data <= date.today()):
            raise ValidationError(_l("The date of birth must be a date in the past"))

    def validate_sen_change_date(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_l("The date of the change cannot be in the future"))

    def validate_upn(self, field):
        if field.data:
            field.data = field.data.strip().upper()
            if not is_valid_upn(field.data):
                raise ValidationError(
                    _l("Enter a real UPN: a letter, then 12 characters, with a valid check letter")
                )

    def validate_primary_need(self, field):
        # A status no radio offers is refused by its own field; here it counts as none.
        status = next((s for s in SenStatus if s.value == self.sen_status.data), None)
        if status in (SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN) and not field.data:
            raise ValidationError(_l("Choose the primary need for a pupil with SEN"))
        if status is SenStatus.NONE and field.data:
            raise ValidationError(_l("A pupil with no SEN cannot have a need. Choose None."))
        if field.data == NeedCode.NSA.value and status is not SenStatus.SEN_SUPPORT:
            raise ValidationError(_l("NSA can only be used for pupils on SEN support"))

    def validate_secondary_need(self, field):
        if not field.data:
            return
        if not self.primary_need.data:
            raise ValidationError(_l("Choose a primary need before a secondary need"))
        if field.data == self.primary_need.data:
            raise ValidationError(_l("The secondary need must be different from the primary need"))
        if NeedCode.NSA.value in (field.data, self.primary_need.data):
            raise ValidationError(_l("NSA cannot be combined with another need"))


class InviteFamilyForm(FlaskForm):
    who = RadioField(
        _l("Who are you inviting?"),
        choices=options([("parent", _l("A parent or carer")), ("pupil", _l("The pupil"))]),
        default="parent",
        validators=[DataRequired(_l("Choose who you are inviting"))],
    )
    full_name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter their full name")), Length(max=200)]
    )
    email = email_field(
        _l("Email address"),
        required=_l("Enter an email address"),
        also=[not_the_installation_admin],
    )
    relationship = SelectField(
        _l("Relationship to the pupil"),
        description=_l("Only for a parent or carer."),
        choices=options(RELATIONSHIPS.items()),
        default="parent",
    )
    locale = RadioField(
        _l("Language for the email and the portal"),
        choices=language_choices,
        default="en",
        validators=[DataRequired(_l("Choose a language"))],
    )


class StaffPersonForm(FlaskForm):
    """A member of staff invited by name and work email (by the SENCO, or the school's
    first SENCO by the installation's administrator)."""

    full_name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter their full name")), Length(max=200)]
    )
    email = email_field(
        _l("Work email address"),
        required=_l("Enter an email address"),
        also=[not_the_installation_admin],
    )


class InviteStaffForm(StaffPersonForm):
    role = RadioField(
        _l("Role"),
        choices=staff_role_choices,
        default="teacher",
        validators=[DataRequired(_l("Choose a role"))],
    )
    title = StringField(
        _l("Job title (optional)"),
        description=_l("For example: Class teacher, Teaching assistant."),
        validators=[Optional(), Length(max=100)],
    )


class LinkTeacherForm(FlaskForm):
    user_id = SelectField(_l("Member of staff"), coerce=int)
