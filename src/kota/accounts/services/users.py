"""Writes for citizens' own accounts: registration, email verification, profile,
passwords and erasure."""

import uuid

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model, password_validation
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from kota.accounts.mail import city_link, city_mail_send
from kota.accounts.models import StaffInvitation
from kota.accounts.permissions import user_roles_forget
from kota.accounts.roles import CITIZEN, CITY_ADMIN
from kota.accounts.services.roles import (
    admins_lock,
    city_admin_removal_check,
    role_groups_get_or_create,
)
from kota.accounts.tokens import email_verification_token_make, email_verification_token_read
from kota.audit.services import audit_record
from kota.registry.catalog import modules
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope

VERIFICATION_RESEND_SECONDS = 60


@transaction.atomic
def user_register(
    *,
    city: City,
    email: str,
    password: str,
    full_name: str = "",
    preferred_language: str = settings.LANGUAGE_CODE,
    base_url: str,
):
    """Create a citizen's account on ``city`` and email them a verification link.

    The account can be used at once; until the link is opened it is unverified. Raises
    ValidationError for a taken email or a password the validators refuse.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email)
    candidate = User(
        email=email, full_name=full_name.strip(), preferred_language=preferred_language
    )
    errors: dict[str, list[ValidationError]] = {}
    try:
        candidate.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as error:
        errors.update(error.error_dict)
    if "email" not in errors and User.objects.filter(email=email).exists():
        errors["email"] = [_email_taken()]
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as error:
        errors["password"] = error.error_list
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                password,
                full_name=candidate.full_name,
                preferred_language=preferred_language,
            )
    except IntegrityError as error:  # registered a moment ago by a concurrent request
        raise ValidationError({"email": [_email_taken()]}) from error
    user.groups.add(*role_groups_get_or_create(roles=[CITIZEN]))
    email_verification_send(city=city, user=user, base_url=base_url)
    return user


def _email_taken() -> ValidationError:
    return ValidationError(
        _("An account with this email already exists. Log in instead."), code="email_taken"
    )


def email_verification_url(*, city: City, user, base_url: str | None = None) -> str:
    """A signed link (valid for three days) that confirms ``user``'s address on ``city``.
    Made in the city's schema, whoever asks: a link is only good in its own city."""
    with city_scope(city):
        token = email_verification_token_make(user=user)
    return city_link(city, "accounts:verify", token=token, base_url=base_url)


def email_verification_send(*, city: City, user, base_url: str | None = None) -> None:
    """Email ``user`` the link that confirms their address."""
    city_mail_send(
        city=city,
        to=[user.email],
        subject_template="accounts/email/verify_subject.txt",
        body_template="accounts/email/verify_body.txt",
        html_template="accounts/email/verify_body.html",
        context={
            "user": user,
            "url": email_verification_url(city=city, user=user, base_url=base_url),
        },
        language=user.preferred_language,
    )


def email_verification_resend(*, city: City, user, base_url: str) -> bool:
    """Send the verification link again; False when the address is already verified.
    At most one a minute per account (ValidationError otherwise), so the button cannot be
    used to flood someone's inbox."""
    if user.email_verified:
        return False
    key = f"kota:verify-resend:v1:{connection.schema_name}:{user.pk}"
    if not cache.add(key, 1, VERIFICATION_RESEND_SECONDS):
        raise ValidationError(
            _("A link was sent less than a minute ago. Check your inbox, or try again soon."),
            code="too_soon",
        )
    email_verification_send(city=city, user=user, base_url=base_url)
    return True


@transaction.atomic
def email_verify(*, token: str):
    """Mark the address a verification link names as verified (again is harmless).
    Raises ValidationError when the link is not genuine, has expired, or names an address
    the account no longer has."""
    data = email_verification_token_read(token)
    user = None
    if data is not None:
        user = (
            get_user_model()
            .objects.select_for_update()
            .filter(public_id=data["u"], email=data["e"], is_active=True)
            .first()
        )
    if user is None:
        raise ValidationError(_("This link is not valid or has expired."), code="invalid")
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def user_profile_update(*, user, full_name: str, phone: str, preferred_language: str):
    """Change what a person says about themselves. Raises ValidationError per field;
    nothing changes then."""
    values = {
        "full_name": full_name.strip(),
        "phone": phone.strip(),
        "preferred_language": preferred_language,
    }
    errors = {}
    for name, value in values.items():
        try:
            user._meta.get_field(name).clean(value, user)
        except ValidationError as error:
            errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(user, name, value)
    user.save(update_fields=list(values))
    return user


def user_password_changed(*, user, through_email: bool = False) -> None:
    """After a password change or reset: the person's API tokens stop working (an app
    signed in with the old password must sign in again). A reset through the emailed link
    also proves the address, so it counts as verified."""
    Token.objects.filter(user=user).delete()
    if through_email and user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])


@transaction.atomic
def user_erase(*, user) -> None:
    """Delete a person's account as UU PDP requires, keeping what they filed for the city.

    Every registered module anonymises the person's filings (its ``personal_data_erase``);
    then the account loses its personal data (the email becomes a unique address that
    cannot receive mail, name and phone are cleared, the password made unusable), is
    deactivated, and its sessions, API tokens, invitations and roles are removed. All or
    nothing. The last active city admin cannot delete their account (ValidationError).
    """
    admins_lock()
    if CITY_ADMIN in {g.name for g in user.groups.all()} and user.is_active:
        city_admin_removal_check(
            user=user,
            message=_("You are the city's only admin. Make someone else an admin before you go."),
        )
    anonymised = []
    for module in modules():
        if module.personal_data_erase:
            import_string(module.personal_data_erase)(user)
            anonymised.append(module.key)

    user.email = f"erased-{uuid.uuid4().hex}@erased.invalid"
    user.full_name = ""
    user.phone = ""
    user.preferred_language = user._meta.get_field("preferred_language").get_default()
    user.set_unusable_password()
    user.is_active = False
    user.email_verified_at = None
    user.last_login = None
    user.erased_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    user_roles_forget(user)
    Token.objects.filter(user=user).delete()
    StaffInvitation.objects.filter(user=user).delete()
    _sessions_delete(user)
    audit_record(
        actor=user,
        action="account.erase",
        target=str(user.public_id),
        after={"anonymised_in": anonymised},
    )


def _sessions_delete(user) -> None:
    # Database sessions do not index their user: read the live ones. Erasing an account is
    # rare, and this keeps every city's session table Django's own.
    user_id = str(user.pk)
    doomed = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(
            chunk_size=1000
        )
        if session.get_decoded().get(SESSION_KEY) == user_id
    ]
    Session.objects.filter(session_key__in=doomed).delete()
