"""Sign-in and account forms. Every message goes through gettext."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from portal.auth.passwords import password_problem
from portal.forms_common import email_field, strip
from portal.i18n import language_choices


def not_the_installation_admin(form, field):
    """An invitation to the installation administrator's address: refused (issue 9, finding 2).

    That account runs the installation and must never hold a role at a school, or it could
    make itself SENCO and read every pupil's record.
    """
    from portal.auth.services import is_installation_admin

    if field.data and is_installation_admin(field.data):
        raise ValidationError(
            _l(
                "This is the installation administrator's address. That account cannot also be a "
                "SENCO or hold any other role at a school: invite the person's own address."
            )
        )


class LoginForm(FlaskForm):
    email = email_field(_l("Email address"), required=_l("Enter your email address"))
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password"))])
    # Shown only past the sign-in limits: someone with a second step signs in with both.
    code = StringField(
        _l("Code from your authentication app (if you use one)"),
        filters=[strip],
        validators=[Optional(), Length(max=40)],
    )


def _code_field(label):
    return StringField(
        label,
        filters=[strip],
        description=_l("The 6 numbers your authentication app shows now."),
        validators=[
            DataRequired(_l("Enter the code from your authentication app")),
            Length(max=40, message=_l("Enter the 6 numbers from your app, or a recovery code")),
        ],
    )


class SecondStepForm(FlaskForm):
    """The sign-in's second step: one field, `code`."""

    code = _code_field(_l("Enter the code from your app"))


class SetUpSecondStepForm(FlaskForm):
    code = _code_field(_l("Code from the app"))


class PasswordCheckForm(FlaskForm):
    """Asks for the password again before turning the second step off."""

    password = PasswordField(
        _l("Your password"), validators=[DataRequired(_l("Enter your password"))]
    )


class ForgottenPasswordForm(FlaskForm):
    email = email_field(_l("Email address"), required=_l("Enter your email address"))


class NewPasswordMixin:
    """A new password and its confirmation, checked against the policy."""

    email_for_policy: str = ""
    name_for_policy: str = ""

    def validate_password(self, field):
        problem = password_problem(
            field.data or "", email=self.email_for_policy, name=self.name_for_policy
        )
        if problem:
            raise ValidationError(problem)


class NewPasswordForm(NewPasswordMixin, FlaskForm):
    password = PasswordField(
        _l("New password"),
        description=_l("At least 10 characters. Three random words are easy to remember."),
        validators=[DataRequired(_l("Enter a new password"))],
    )
    confirm = PasswordField(
        _l("Type the new password again"),
        validators=[
            DataRequired(_l("Type the new password again")),
            EqualTo("password", _l("The two passwords are not the same")),
        ],
    )


class AcceptInvitationForm(NewPasswordForm):
    full_name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(_l("Enter your name")),
            Length(max=200, message=_l("Your name must be 200 characters or fewer")),
        ],
    )
    locale = RadioField(
        _l("Which language would you like the portal in?"),
        choices=language_choices,
        validators=[DataRequired(_l("Choose a language"))],
    )

    field_order = ("full_name", "locale", "password", "confirm")


class LanguageForm(FlaskForm):
    locale = RadioField(
        _l("Language"),
        choices=language_choices,
        validators=[DataRequired(_l("Choose a language"))],
    )


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password"))]
    )
