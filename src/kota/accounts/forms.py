"""Forms of the citizen's account pages. They parse input; the services decide.

Every input says what it holds to browsers and password managers (``autocomplete``);
Django ties errors and help texts to their fields (``aria-describedby``).
"""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from kota.accounts.login_limits import LoginBlocked
from kota.accounts.mail import city_mail_send
from kota.accounts.services import login_authenticate


def _attrs(autocomplete: str, **extra) -> dict:
    return {"autocomplete": autocomplete, **extra}


# Django's auth catalog, which takes precedence over ours, translates a bare "Password" as
# "Sandi"; the context keeps Kota's own label ("Kata sandi").
PASSWORD_LABEL = pgettext_lazy("account", "Password")


class RegistrationForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs=_attrs("name")),
    )
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs=_attrs("email", inputmode="email"))
    )
    password = forms.CharField(
        label=PASSWORD_LABEL,
        strip=False,
        widget=forms.PasswordInput(attrs=_attrs("new-password")),
        help_text=password_validation.password_validators_help_text_html(),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        widget=forms.Select(attrs=_attrs("language")),
    )


class CityAuthenticationForm(auth_forms.AuthenticationForm):
    """Django's login form, checking the password through the login limits."""

    username = auth_forms.UsernameField(
        label=_("Email"),
        widget=forms.EmailInput(attrs=_attrs("username", autofocus=True, inputmode="email")),
    )
    password = forms.CharField(
        label=PASSWORD_LABEL,
        strip=False,
        widget=forms.PasswordInput(attrs=_attrs("current-password")),
    )
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("The email or password is not correct."),
    }

    blocked: LoginBlocked | None = None

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            try:
                self.user_cache = login_authenticate(
                    request=self.request, email=email, password=password
                )
            except LoginBlocked as blocked:
                self.blocked = blocked
                minutes = max(1, round(blocked.retry_after / 60))
                raise ValidationError(
                    ngettext(
                        "Too many failed attempts. For your safety, logging in is paused; "
                        "try again in %(minutes)d minute.",
                        "Too many failed attempts. For your safety, logging in is paused; "
                        "try again in %(minutes)d minutes.",
                        minutes,
                    ),
                    code="blocked",
                    params={"minutes": minutes},
                ) from None
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs=_attrs("name")),
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs=_attrs("tel", type="tel", inputmode="tel")),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        widget=forms.Select(attrs=_attrs("language")),
    )


class PasswordConfirmForm(forms.Form):
    """Asks for the person's current password before something that cannot be undone."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs=_attrs("current-password")),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."), code="password_incorrect")
        return password


class CityPasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, emailing the link as the city (kota.accounts.mail)."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs=_attrs("email", inputmode="email")),
    )

    def __init__(self, *args, city, **kwargs):
        super().__init__(*args, **kwargs)
        self.city = city

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        city_mail_send(
            city=self.city,
            to=[to_email],
            subject_template=subject_template_name,
            body_template=email_template_name,
            html_template=html_email_template_name,
            context=context,
            language=context["user"].preferred_language,
        )
