"""Forms for schools: name, branding and the links families need."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp, ValidationError

from portal.forms_common import email_field
from portal.i18n import language_choices
from portal.local_offer.forms import PlaceField
from portal.school.forms import StaffPersonForm


def _contrast_ratio(hex_colour: str, other: str = "#ffffff") -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    a, b = sorted((luminance(hex_colour), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


class SchoolForm(FlaskForm):
    name = StringField(
        _l("School name"), validators=[DataRequired(_l("Enter the school's name")), Length(max=200)]
    )
    local_authority = StringField(_l("Local authority"), validators=[Optional(), Length(max=200)])
    local_offer_url = URLField(
        _l("Link to the local authority's Local Offer"),
        validators=[Optional(), URL(message=_l("Enter a full web address starting with https://"))],
    )
    contact_email = email_field(_l("School email address for families"))
    contact_phone = StringField(_l("School phone number"), validators=[Optional(), Length(max=40)])
    brand_colour = StringField(
        _l("Brand colour (optional)"),
        description=_l("A colour code such as #1d4f91. It must be dark enough for white text."),
        validators=[
            Optional(),
            Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Enter a colour code like #1d4f91")),
        ],
    )
    location = PlaceField(
        _l("Where the school is (optional)"),
        description=_l(
            "Families use this to sort Local Offer services by how far they are from the "
            "school. Type the latitude and longitude as a map gives them, like 52.9231, "
            "-1.2274 (on OpenStreetMap, right-click the school and choose Show address). Or "
            "type the school's postcode: we look for it among the places in your Local "
            "Offer, never on another website."
        ),
        validators=[Optional(), Length(max=60)],
    )
    default_locale = RadioField(
        _l("Default language"),
        choices=language_choices,
        default="en",
        validators=[DataRequired(_l("Choose a language"))],
    )

    def validate_brand_colour(self, field):
        valid = field.data and re.match(r"^#[0-9a-fA-F]{6}$", field.data)
        if valid and _contrast_ratio(field.data.lower()) < 4.5:
            raise ValidationError(
                _l("This colour is too light for white text. Choose a darker colour.")
            )


class NewSchoolForm(SchoolForm):
    slug = StringField(
        _l("Short web name"),
        description=_l("Lower-case letters, numbers and hyphens, for example oakfield."),
        validators=[
            DataRequired(_l("Enter a short web name")),
            Length(max=64),
            Regexp(
                r"^[a-z0-9]+(-[a-z0-9]+)*$",
                message=_l("Use lower-case letters, numbers and hyphens only"),
            ),
        ],
    )


class InviteSencoForm(StaffPersonForm):
    """A new school's first SENCO, invited by the installation's administrator."""
