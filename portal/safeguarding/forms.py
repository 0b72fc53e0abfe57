from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portal.forms_common import strip


class DealtWithForm(FlaskForm):
    note = TextAreaField(
        _l("What have you done?"),
        description=_l(
            "For example: spoke with the pupil, told their parents, made a referral. "
            "This is kept with the alert."
        ),
        filters=[strip],
        validators=[
            DataRequired(_l("Say what you have done about this alert")),
            Length(max=5000, message=_l("Keep it under 5,000 characters")),
        ],
    )
