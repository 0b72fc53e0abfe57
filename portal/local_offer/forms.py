"""Forms for the directory: its filters, entries by hand, reports, the import, the SEN report."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from portal.forms_common import (
    HOME_LANGUAGES,
    MultiCheckboxField,
    email_field,
    options,
    search_field,
)
from portal.i18n import language_name
from portal.local_offer import distance
from portal.local_offer.services import looks_like_postcode
from portal.models import (
    AccessRoute,
    BroadArea,
    NeedCode,
    ReportSection,
    ServiceCategory,
    ServiceCost,
    ServiceStatus,
)

MAX_AGE = 25


def parse_age(value: str | None) -> int | None:
    """An age in whole years from 0 to 25, or None; ValueError if it is not one."""
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > MAX_AGE:
        raise ValueError(text)
    return int(text)


def _age_validator(message):
    def check(form, field):
        try:
            field.data = parse_age(field.raw_data[0] if field.raw_data else field.data)
        except ValueError as error:
            raise ValidationError(message) from error

    return check


class DateInputField(DateField):
    """A date whose error message is ours, so it is translated like the rest of the form."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Enter a real date"))) from error


class AgeField(StringField):
    """A whole-number age typed as text, so the message is ours and translated."""

    def process_formdata(self, valuelist):
        self.raw_data = valuelist
        self.data = valuelist[0] if valuelist else None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


def area_pairs():
    return [(area.value, area.label) for area in BroadArea]


def category_pairs():
    return [(c.value, c.label) for c in ServiceCategory]


PLACE_ERRORS = {
    "shape": _l("Enter the latitude and longitude as a map gives them, like 52.9231, -1.2274"),
    "range": _l("The latitude must be between -90 and 90, and the longitude between -180 and 180"),
    "outside": _l(
        "This place is not in the UK. Check that the latitude comes first, then the longitude"
    ),
}


class PlaceField(StringField):
    """A place as latitude and longitude ("52.9231, -1.2274"), or, where the form gives a
    way to look one up (`lookup`), a postcode. After validation `place` holds the pair."""

    place: tuple[float, float] | None = None
    found_from: str | None = None

    def __init__(self, *args, lookup=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup = lookup

    def pre_validate(self, form):
        self.place, self.found_from = None, None
        data = self.data
        if isinstance(data, tuple):  # the saved place, when the post left the field out
            data = ", ".join(str(part) for part in data)
        text = data.strip() if isinstance(data, str) else ""
        if not text:
            return
        if self.lookup is not None and looks_like_postcode(text):
            found = self.lookup(text)
            if found is None:
                raise ValidationError(
                    _l(
                        "No service in your Local Offer is at this postcode or in its area, so "
                        "we cannot tell where it is. Enter the latitude and longitude instead"
                    )
                )
            self.place, self.found_from = found
            return
        try:
            self.place = distance.parse(text)
        except distance.NotAPlace as error:
            raise ValidationError(PLACE_ERRORS[error.reason]) from None


class DirectoryFilterForm(FlaskForm):
    """The directory's filters: a GET form, so no CSRF token, and the URL keeps them."""

    class Meta:
        csrf = False

    q = search_field(
        _l("Search by words"),
        description=_l("For example: speech therapy, autism, youth club."),
    )
    area = SelectField(_l("Area of need"), validate_choice=False)
    age = AgeField(
        _l("Child's age in years"),
        validators=[_age_validator(_l("Enter an age from 0 to 25 in whole years"))],
    )
    category = SelectField(_l("Type of help"), validate_choice=False)
    free = BooleanField(_l("Free services only"))
    sort = SelectField(_l("Show first"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sort.choices = options(
            [("", _l("Best match")), ("distance", _l("Nearest to the school"))]
        )
        self.area.choices = options([("", _l("Any area of need"))] + area_pairs())
        self.category.choices = options([("", _l("Any type of help"))] + category_pairs())

    def area_value(self) -> BroadArea | None:
        try:
            return BroadArea(self.area.data) if self.area.data else None
        except ValueError:
            return None

    def by_distance(self) -> bool:
        return self.sort.data == "distance"

    def category_value(self) -> ServiceCategory | None:
        try:
            return ServiceCategory(self.category.data) if self.category.data else None
        except ValueError:
            return None


class OutOfDateForm(FlaskForm):
    note = TextAreaField(
        _l("What is wrong or out of date?"),
        description=_l(
            "For example: the phone number has changed, or the group no longer meets. "
            "Do not write anything about your child here."
        ),
        validators=[
            DataRequired(_l("Tell us what is wrong or out of date")),
            Length(max=1000, message=_l("Use 1,000 characters or fewer")),
        ],
    )
    reply_email = email_field(
        _l("Your email address (optional)"),
        description=_l("Only if you would like the school to reply to you."),
    )


def _need_code_pairs():
    return [
        (code.value, _l("%(code)s: %(label)s", code=code.value, label=code.label))
        for code in NeedCode
        if code.area is not None
    ]


class ServiceForm(FlaskForm):
    name = StringField(
        _l("Name of the service"),
        validators=[DataRequired(_l("Enter the name of the service")), Length(max=200)],
    )
    organisation = StringField(
        _l("Who runs it (optional)"),
        description=_l("For example: Northshire NHS Foundation Trust."),
        validators=[Optional(), Length(max=200)],
    )
    description = TextAreaField(
        _l("What the service does"),
        description=_l(
            "In plain words, for a parent. Leave a blank line between paragraphs; "
            "start a line with a dash for a list."
        ),
        validators=[
            DataRequired(_l("Describe what the service does")),
            Length(max=5000, message=_l("Use 5,000 characters or fewer")),
        ],
    )
    categories = MultiCheckboxField(
        _l("Type of help"),
        validators=[DataRequired(_l("Choose at least one type of help"))],
    )
    all_needs = BooleanField(_l("Any special educational need or disability"))
    areas = MultiCheckboxField(_l("Areas of need"))
    need_codes = MultiCheckboxField(_l("Types of need"))
    min_age = AgeField(
        _l("Youngest age (optional)"),
        validators=[_age_validator(_l("Enter the youngest age as a number from 0 to 25"))],
    )
    max_age = AgeField(
        _l("Oldest age (optional)"),
        validators=[_age_validator(_l("Enter the oldest age as a number from 0 to 25"))],
    )
    cost = RadioField(_l("Cost"), default="", validate_choice=False)
    cost_details = StringField(
        _l("Cost details (optional)"),
        description=_l("For example: £3 a session, free for families on a low income."),
        validators=[Optional(), Length(max=500)],
    )
    access_routes = MultiCheckboxField(_l("How families get it"))
    access_details = StringField(
        _l("How to get it, in your words (optional)"),
        validators=[Optional(), Length(max=500)],
    )
    phone = StringField(_l("Phone (optional)"), validators=[Optional(), Length(max=40)])
    email = email_field(_l("Email (optional)"))
    website = URLField(
        _l("Website (optional)"),
        validators=[
            Optional(),
            URL(message=_l("Enter a full web address starting with https://")),
            Length(max=500),
        ],
    )
    location_name = StringField(
        _l("Name of the place (optional)"),
        description=_l("For example: Northshire Child Development Centre."),
        validators=[Optional(), Length(max=200)],
    )
    address_1 = StringField(
        _l("Address line 1 (optional)"), validators=[Optional(), Length(max=200)]
    )
    address_2 = StringField(
        _l("Address line 2 (optional)"), validators=[Optional(), Length(max=200)]
    )
    town = StringField(_l("Town (optional)"), validators=[Optional(), Length(max=100)])
    postcode = StringField(_l("Postcode (optional)"), validators=[Optional(), Length(max=10)])
    coordinates = PlaceField(
        _l("Where it is on a map (optional)"),
        description=_l(
            "Latitude and longitude, like 52.9231, -1.2274, so families can sort services "
            "by how far they are from their child's school. On OpenStreetMap, right-click "
            "the place and choose Show address; the numbers are at the top."
        ),
        validators=[Optional(), Length(max=60)],
    )
    languages = MultiCheckboxField(_l("Languages spoken by the service"))
    keywords = StringField(
        _l("Other words people might search for (optional)"),
        description=_l("For example: dyslexia, reading, ADHD."),
        validators=[Optional(), Length(max=500)],
    )
    alert = StringField(
        _l("Short notice (optional)"),
        description=_l("For example: closed in August. Shown at the top of the entry."),
        validators=[Optional(), Length(max=500)],
    )
    status = RadioField(_l("Show in the directory?"), default=ServiceStatus.ACTIVE.value)
    last_checked = DateInputField(
        _l("Date last checked with the service"),
        description=_l("Families see how long ago an entry was checked."),
        validators=[Optional()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories.choices = options(category_pairs())
        self.areas.choices = options(area_pairs())
        self.need_codes.choices = options(_need_code_pairs())
        self.cost.choices = options(
            [(c.value, c.label) for c in ServiceCost] + [("", _l("Not known"))]
        )
        self.access_routes.choices = options((a.value, a.label) for a in AccessRoute)
        self.languages.choices = options((code, language_name(code)) for code in HOME_LANGUAGES)
        self.status.choices = options((s.value, s.label) for s in ServiceStatus)

    def validate_max_age(self, field):
        low, high = self.min_age.data, field.data
        if isinstance(low, int) and isinstance(high, int) and high < low:
            raise ValidationError(_l("The oldest age must be the same as or above the youngest"))

    def validate_cost(self, field):
        if field.data and field.data not in {c.value for c in ServiceCost}:
            raise ValidationError(_l("Choose the cost"))

    def validate_postcode(self, field):
        if field.data and not looks_like_postcode(field.data):
            raise ValidationError(_l("Enter a real postcode, like NS1 4AB"))

    def validate_areas(self, field):
        if not (self.all_needs.data or field.data or self.need_codes.data):
            raise ValidationError(
                _l("Choose who the service helps: any need, an area of need or a type of need")
            )

    def validate_last_checked(self, field):
        from portal.models import today

        if field.data and field.data > today():
            raise ValidationError(_l("The date last checked cannot be in the future"))


class ImportForm(FlaskForm):
    feed_file = FileField(_l("A JSON file from your computer"))
    url = URLField(
        _l("Or the web address of the feed"),
        description=_l("It must start with https://"),
        validators=[
            Optional(),
            URL(message=_l("Enter a full web address starting with https://")),
            Length(max=500),
        ],
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        has_file = bool(self.feed_file.data and getattr(self.feed_file.data, "filename", ""))
        if not self.url.data and not has_file:
            self.url.errors = [*self.url.errors, _l("Choose a file or enter a web address")]
            return False
        if self.url.data and has_file:
            self.url.errors = [
                *self.url.errors,
                _l("Choose a file or enter a web address, not both"),
            ]
            return False
        if self.url.data and not self.url.data.lower().startswith("https://"):
            if not self.url.errors:
                self.url.errors = [_l("Enter a full web address starting with https://")]
            return False
        return valid


class SenReportForm(FlaskForm):
    senco_name = StringField(
        _l("SENCO's name"),
        validators=[DataRequired(_l("Enter the SENCO's name")), Length(max=200)],
    )
    senco_email = email_field(
        _l("SENCO's email address"), required=_l("Enter an email address families can use")
    )
    senco_phone = StringField(
        _l("SENCO's phone number (optional)"), validators=[Optional(), Length(max=40)]
    )
    # The report links the school's SEN policy and accessibility plan (Code 6.79, 6.80).
    sen_policy_url = StringField(
        _l("Web address of the school's SEN policy"),
        validators=[
            DataRequired(_l("Give the web address of the school's SEN policy")),
            Length(max=500),
            URL(message=_l("Enter a full web address starting with https://")),
        ],
    )
    accessibility_plan_url = StringField(
        _l("Web address of the school's accessibility plan"),
        validators=[
            DataRequired(_l("Give the web address of the school's accessibility plan")),
            Length(max=500),
            URL(message=_l("Enter a full web address starting with https://")),
        ],
    )


# Every heading of Code 6.79 must be written before the report is published: a statutory
# document never goes out with a heading empty.
for _section in ReportSection:
    setattr(
        SenReportForm,
        _section.value,
        TextAreaField(
            _section.heading,
            description=_section.hint,
            validators=[
                DataRequired(_l("Write this section: %(heading)s", heading=_section.heading)),
                Length(max=10000, message=_l("Use 10,000 characters or fewer")),
            ],
        ),
    )
