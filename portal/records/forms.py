"""Forms of the records pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from portal.forms_common import (
    RELATIONSHIPS,
    email_field,
    options,
    search_field,
    year_group_pairs,
)
from portal.i18n import LANGUAGES
from portal.models import FamilyTold, today
from portal.records import csv_import


class UploadForm(FlaskForm):
    kind = RadioField(
        _l("What kind of file is it?"),
        choices=options(
            [
                ("csv", _l("A CSV report from the MIS")),
                ("ctf", _l("A Common Transfer File (CTF, XML)")),
            ]
        ),
        default="csv",
        validators=[DataRequired(_l("Choose what kind of file it is"))],
    )
    roll_file = FileField(_l("The file"))
    full_roll = BooleanField(
        _l("This CSV lists every pupil at the school"),
        description=_l(
            "Pupils who are not in it are then listed as possible leavers, for you to confirm. "
            "A CTF says this itself."
        ),
    )


def columns_form(headings: list[str], mapping: dict[str, str], formdata=None):
    """A select for each of the portal's fields, listing the file's column headings."""

    class ColumnsForm(FlaskForm):
        pass

    choices = options([("", _l("Not in this file"))] + [(h, h) for h in headings])
    for field in csv_import.ALL_FIELDS:
        setattr(
            ColumnsForm,
            field.key,
            SelectField(field.label, choices=choices, default=mapping.get(field.key, "")),
        )
    form = ColumnsForm(formdata=formdata)
    return form


class ConfirmForm(FlaskForm):
    other_school_ok = BooleanField(_l("I have checked: this file is meant for our school"))


class ContactForm(FlaskForm):
    title = StringField(_l("Title (optional)"), validators=[Optional(), Length(max=20)])
    given_name = StringField(
        _l("First name"), validators=[DataRequired(_l("Enter the first name")), Length(max=100)]
    )
    family_name = StringField(
        _l("Last name"), validators=[DataRequired(_l("Enter the last name")), Length(max=100)]
    )
    relationship_to_pupil = SelectField(
        _l("Relationship to the pupil"), choices=options(RELATIONSHIPS.items()), default="parent"
    )
    parental_responsibility = BooleanField(_l("Has parental responsibility"), default=True)
    email = email_field(_l("Email address (optional)"))
    phone = StringField(_l("Phone (optional)"), validators=[Optional(), Length(max=40)])
    language = SelectField(_l("Language for emails and the portal"))
    interpreter_needed = BooleanField(_l("Needs an interpreter at meetings"))
    contact_order = IntegerField(
        _l("Contact order"),
        description=_l("1 is the first person the school contacts."),
        default=1,
        validators=[
            InputRequired(_l("Enter the contact order as a number")),
            NumberRange(1, 9, _l("The contact order is a number from 1 to 9")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = options([("", _l("Not known"))] + list(LANGUAGES.items()))


class LeaverForm(FlaskForm):
    left_on = DateField(
        _l("Date they left"),
        default=today,
        validators=[DataRequired(_l("Enter the date they left as a real date"))],
    )


class SettingsForm(FlaskForm):
    la_code = StringField(
        _l("Local authority number"),
        description=_l("3 digits, for example 881."),
        validators=[
            DataRequired(_l("Enter the local authority number")),
            Regexp(r"^\d{3}$", message=_l("The local authority number is 3 digits")),
        ],
    )
    establishment = StringField(
        _l("Establishment number"),
        description=_l("4 digits: the second part of the DfE number 881/2104."),
        validators=[
            DataRequired(_l("Enter the establishment number")),
            Regexp(r"^\d{4}$", message=_l("The establishment number is 4 digits")),
        ],
    )
    urn = StringField(
        _l("URN (optional)"),
        validators=[Optional(), Regexp(r"^\d{6,7}$", message=_l("A URN is 6 or 7 digits"))],
    )
    last_year_group = SelectField(
        _l("The school's last year group"),
        coerce=int,
        choices=lambda: options(year_group_pairs()),
        description=_l("Pupils in it are listed as leavers at the new school year."),
    )


class PackForm(FlaskForm):
    pack_file = FileField(_l("The transition pack (a ZIP file)"))


class InformationRequestForm(FlaskForm):
    """A parent asks for a copy of what the portal holds: nothing to fill in but a note."""

    include_children = BooleanField(
        _l("Include what the portal holds about my children at this school"), default=True
    )
    note = TextAreaField(
        _l("Anything you want to tell the school (optional)"),
        validators=[Optional(), Length(max=2000)],
    )


class ParentSearchForm(FlaskForm):
    """Finding a parent for a subject access request made another way: a GET form."""

    class Meta:
        csrf = False

    parent = search_field(_l("Their name or email address"))


class AnsweredForm(FlaskForm):
    pass


class TellFamilyForm(FlaskForm):
    """How the family was told that their child starts or stops SEN support (Code 6.43)."""

    how = RadioField(
        _l("How is the family told?"),
        choices=lambda: options((way.value, way.label) for way in FamilyTold),
        validators=[DataRequired(_l("Choose how the family is told"))],
    )
    told_on = DateField(
        _l("Date"),
        description=_l("For a letter emailed now, today."),
        validators=[DataRequired(_l("Enter the date as a real date"))],
    )

    def validate_told_on(self, field):
        if field.data and field.data > today():
            raise ValidationError(_l("The date cannot be in the future"))
