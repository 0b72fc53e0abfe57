"""How a person wants to be reminded."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal import sms
from portal.forms_common import options, strip
from portal.models import Channel


class ReminderForm(FlaskForm):
    channel = RadioField(
        _l("How should we remind you?"),
        choices=lambda: options((c.value, c.label) for c in Channel),
        validators=[DataRequired(_l("Choose how we remind you"))],
    )
    mobile = StringField(
        _l("Mobile phone number (for texts)"),
        description=_l("A UK mobile number, for example 07700 900123."),
        filters=[strip],
        validators=[Optional(), Length(max=40)],
    )

    def validate_mobile(self, field):
        if field.data and not sms.is_uk_mobile(field.data):
            raise ValidationError(
                _l("Enter a UK mobile number, like 07700 900123 or +44 7700 900123")
            )

    def validate(self, extra_validators=None) -> bool:
        # Checked here: an empty optional field stops its own validators.
        valid = super().validate(extra_validators)
        if self.channel.data == Channel.TEXT.value and not self.mobile.data:
            self.mobile.errors = [*self.mobile.errors, _l("Enter your mobile number for texts")]
            valid = False
        return valid
