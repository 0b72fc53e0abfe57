"""The SENCO's forms for the school's term dates and the local services families are told
about (SENDIASS, asking the council for an EHC needs assessment)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField
from wtforms.validators import URL, DataRequired, Email, Length, Optional, ValidationError

from portal.forms_common import strip
from portal.models import TermName

TERM_FIELDS = ("starts", "ends", "half_starts", "half_ends")


_LABELS = {
    "starts": _l("First day"),
    "ends": _l("Last day"),
    "half_starts": _l("Half term: first day (optional)"),
    "half_ends": _l("Half term: last day (optional)"),
}


def _with_term_fields(form_class):
    """A date field for each part (start, end, half term) of each of the three terms."""
    for name in TermName:
        for part in TERM_FIELDS:
            required = part in ("starts", "ends")
            setattr(
                form_class,
                f"{name.value}_{part}",
                DateField(
                    _LABELS[part],
                    validators=[DataRequired(_l("Enter the date as a real date"))]
                    if required
                    else [Optional()],
                ),
            )
    return form_class


@_with_term_fields
class TermsForm(FlaskForm):
    """One academic year's term dates. The page shows two years: each year's form takes
    its year as prefix (terms_form), so no two fields on the page share an id or a name."""

    academic_year = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        previous_end = None
        for name in TermName:
            starts = self[f"{name.value}_starts"]
            ends = self[f"{name.value}_ends"]
            half = (self[f"{name.value}_half_starts"], self[f"{name.value}_half_ends"])
            if starts.data and ends.data and ends.data < starts.data:
                ends.errors = [*ends.errors, _l("A term cannot end before it starts")]
                valid = False
            if starts.data and previous_end and starts.data <= previous_end:
                starts.errors = [*starts.errors, _l("A term starts after the one before ends")]
                valid = False
            if bool(half[0].data) != bool(half[1].data):
                missing = half[1] if half[0].data else half[0]
                missing.errors = [*missing.errors, _l("Give the first and last day of half term")]
                valid = False
            elif (
                half[0].data
                and starts.data
                and ends.data
                and not (starts.data <= half[0].data <= half[1].data <= ends.data)
            ):
                half[0].errors = [
                    *half[0].errors,
                    _l("Half term falls within the term, and starts before it ends"),
                ]
                valid = False
            previous_end = ends.data or previous_end
        return valid


def terms_prefix(year: int) -> str:
    return f"terms-{year}"


def terms_form(year: int, *, formdata=None, data=None) -> TermsForm:
    """The term dates form of the academic year starting in `year`."""
    return TermsForm(formdata=formdata, data=data, prefix=terms_prefix(year))


class LocalSupportForm(FlaskForm):
    sendiass_name = StringField(
        _l("Name of the local SENDIASS"),
        description=_l(
            "The SEND information, advice and support service. For example: Northshire SENDIASS."
        ),
        validators=[Optional(), Length(max=200)],
    )
    sendiass_phone = StringField(
        _l("SENDIASS phone (optional)"), validators=[Optional(), Length(max=40)]
    )
    sendiass_email = StringField(
        _l("SENDIASS email (optional)"),
        filters=[strip],
        validators=[
            Optional(),
            Length(max=254),
            Email(message=_l("Enter an email address like name@example.org")),
        ],
    )
    sendiass_url = StringField(
        _l("SENDIASS website (optional)"),
        validators=[
            Optional(),
            Length(max=500),
            URL(message=_l("Enter a full web address starting with https://")),
        ],
    )
    ehc_request_url = StringField(
        _l("Where parents ask the council for an EHC needs assessment (web address)"),
        validators=[
            Optional(),
            Length(max=500),
            URL(message=_l("Enter a full web address starting with https://")),
        ],
    )
    ehc_request_email = StringField(
        _l("The council's SEND team email (optional)"),
        filters=[strip],
        validators=[
            Optional(),
            Length(max=254),
            Email(message=_l("Enter an email address like name@example.org")),
        ],
    )

    def validate_sendiass_name(self, field):
        others = (self.sendiass_phone, self.sendiass_email, self.sendiass_url)
        if not (field.data or "").strip() and any((f.data or "").strip() for f in others):
            raise ValidationError(_l("Give the service's name"))
