"""Writes for accounts: roles, citizens' accounts, logins and API tokens, staff, the city's
first admin and its email identity.

Every function runs in the schema of the city it concerns (a request's, or city_scope()).
Functions that can refuse raise ValidationError, with messages per field where a form
shows them.
"""

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY, authenticate, get_user_model, password_validation
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from kota.accounts.login_limits import (
    client_address,
    login_block_check,
    login_failure_record,
    login_success_record,
)
from kota.accounts.mail import city_base_url, city_mail_send
from kota.accounts.models import StaffInvitation
from kota.accounts.permissions import user_roles_forget, user_staff_roles
from kota.accounts.roles import CITIZEN, CITY_ADMIN, all_roles, role_label, staff_roles
from kota.accounts.selectors import invitation_get_open
from kota.accounts.tokens import email_verification_token_make, email_verification_token_read
from kota.audit.services import audit_record
from kota.registry.catalog import modules
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope, platform_scope

INVITATION_LIFETIME = timedelta(days=7)
VERIFICATION_RESEND_SECONDS = 60


def _city_url(path_name: str, **kwargs) -> str:
    # Emails are also sent outside a request (manifests), where the city's URLs are not
    # the active URLconf.
    return reverse(path_name, kwargs=kwargs, urlconf=settings.KOTA_CITY_URLCONF)


def _email_normalise(email: str) -> str:
    return get_user_model().objects.normalize_email((email or "").strip()).lower()


# --- Roles -------------------------------------------------------------------------------


def roles_seed(city: City) -> None:
    """Create the city's role groups: citizen, city admin and an officer role for every
    registered module with officers. Idempotent; runs in the city's schema."""
    Group.objects.bulk_create([Group(name=key) for key in all_roles()], ignore_conflicts=True)


def _groups_for(roles: list[str]) -> list[Group]:
    # A module registered after the city was provisioned has no group there yet.
    Group.objects.bulk_create([Group(name=role) for role in roles], ignore_conflicts=True)
    return list(Group.objects.filter(name__in=roles))


def _staff_roles_replace(user, roles: list[str]) -> None:
    """Give ``user`` exactly ``roles`` among the staff roles; other roles (citizen) stay."""
    user.groups.remove(*Group.objects.filter(name__in=staff_roles()).exclude(name__in=roles))
    if roles:
        user.groups.add(*_groups_for(roles))
    user_roles_forget(user)


def _staff_roles_clean(roles, *, required: bool) -> list[str]:
    known = staff_roles()
    unknown = sorted(set(roles) - set(known))
    if unknown:
        raise ValidationError(
            {"roles": [_("Unknown role: %(roles)s.") % {"roles": ", ".join(unknown)}]}
        )
    if required and not roles:
        raise ValidationError({"roles": [_("Choose at least one role.")]})
    return [role for role in known if role in set(roles)]


def _admins_lock() -> None:
    """Serialise every change that could remove a city admin, so that two admins removing
    each other at the same moment cannot leave the city without one."""
    Group.objects.bulk_create([Group(name=CITY_ADMIN)], ignore_conflicts=True)
    Group.objects.select_for_update().get(name=CITY_ADMIN)


def _refuse_removing_last_admin(user, message: str) -> None:
    others = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=CITY_ADMIN)
        .exclude(pk=user.pk)
        .exists()
    )
    if not others:
        raise ValidationError(message, code="last_admin")


# --- Platform operators ------------------------------------------------------------------


def operator_ensure(*, email: str, password: str) -> tuple[object, bool]:
    """Create a platform operator (platform schema) unless one with this email exists."""
    User = get_user_model()
    with platform_scope():
        user = User.objects.filter(email=email).first()
        if user is not None:
            return user, False
        return User.objects.create_superuser(email=email, password=password), True


# --- Citizens' accounts ------------------------------------------------------------------


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
    email = _email_normalise(email)
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
    user.groups.add(*_groups_for([CITIZEN]))
    email_verification_send(city=city, user=user, base_url=base_url)
    return user


def _email_taken() -> ValidationError:
    return ValidationError(
        _("An account with this email already exists. Log in instead."), code="email_taken"
    )


def email_verification_send(*, city: City, user, base_url: str | None = None) -> None:
    """Email ``user`` a signed link (valid for three days) that confirms their address."""
    token = email_verification_token_make(user=user)
    city_mail_send(
        city=city,
        to=[user.email],
        subject_template="accounts/email/verify_subject.txt",
        body_template="accounts/email/verify_body.txt",
        html_template="accounts/email/verify_body.html",
        context={
            "user": user,
            "url": (base_url or city_base_url(city)) + _city_url("accounts:verify", token=token),
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
    _admins_lock()
    if CITY_ADMIN in {g.name for g in user.groups.all()} and user.is_active:
        _refuse_removing_last_admin(
            user,
            _("You are the city's only admin. Make someone else an admin before you go."),
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


# --- Logins and API tokens ---------------------------------------------------------------


def login_authenticate(*, request, email: str, password: str):
    """The account of the request's city that ``email`` and ``password`` open, or None.

    Refuses without checking the password (LoginBlocked) while the account or the client
    address is over its failure limit (kota.accounts.login_limits); a failure counts
    towards both, a success clears the account's count.
    """
    email = _email_normalise(email)
    address = client_address(request)
    login_block_check(email=email, address=address)
    user = authenticate(request, username=email, password=password)
    if user is None:
        login_failure_record(email=email, address=address)
        return None
    login_success_record(email=email)
    return user


def auth_token_issue(*, user) -> Token:
    """The person's API token (one per account, shared by their devices)."""
    token, _created = Token.objects.get_or_create(user=user)
    return token


def auth_token_revoke(*, user) -> bool:
    """Sign the person's apps out: their API token stops working."""
    deleted, _by_model = Token.objects.filter(user=user).delete()
    return deleted > 0


# --- Staff -------------------------------------------------------------------------------


def _invitation_send(*, city: City, user, inviter, base_url: str | None) -> None:
    """Replace any open invitation of ``user`` with a new one and email its link."""
    now = timezone.now()
    StaffInvitation.objects.filter(user=user, accepted_at=None, revoked_at=None).update(
        revoked_at=now
    )
    secret = secrets.token_urlsafe(32)
    StaffInvitation.objects.create(
        user=user,
        token_hash=hashlib.sha256(secret.encode()).hexdigest(),
        invited_by=inviter if getattr(inviter, "is_authenticated", False) else None,
        expires_at=now + INVITATION_LIFETIME,
    )
    city_mail_send(
        city=city,
        to=[user.email],
        subject_template="accounts/email/invitation_subject.txt",
        body_template="accounts/email/invitation_body.txt",
        html_template="accounts/email/invitation_body.html",
        context={
            "user": user,
            "roles": [role_label(role) for role in user_staff_roles(user)],
            "url": (base_url or city_base_url(city))
            + _city_url("accounts:invitation", token=secret),
            "days": INVITATION_LIFETIME.days,
        },
        language=user.preferred_language,
    )


def _roles_granted_send(*, city: City, user, roles: list[str], base_url: str | None) -> None:
    city_mail_send(
        city=city,
        to=[user.email],
        subject_template="accounts/email/roles_granted_subject.txt",
        body_template="accounts/email/roles_granted_body.txt",
        html_template="accounts/email/roles_granted_body.html",
        context={
            "user": user,
            "roles": [role_label(role) for role in roles],
            "url": (base_url or city_base_url(city)) + _city_url("console:dashboard"),
        },
        language=user.preferred_language,
    )


@transaction.atomic
def staff_invite(
    *,
    city: City,
    email: str,
    roles: list[str],
    actor,
    full_name: str = "",
    base_url: str | None = None,
) -> tuple[object, str]:
    """Bring ``email`` onto the city's staff with ``roles`` (added to any they hold).

    Someone new gets an inactive account and an emailed single-use link, valid for seven
    days, to set a password; someone invited before gets a fresh link (the old one stops
    working). An existing, active account (a citizen, say) just gains the roles and is
    told by email. A deactivated account is refused: reactivate it instead.

    Returns the account and what happened: ``"invited"``, ``"granted"`` or
    ``"unchanged"``. Audited as ``staff.invite``.
    """
    User = get_user_model()
    roles = _staff_roles_clean(roles, required=True)
    email = _email_normalise(email)
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": error.error_list}) from error
    full_name = full_name.strip()
    if full_name:
        try:
            User._meta.get_field("full_name").clean(full_name, None)
        except ValidationError as error:
            raise ValidationError({"full_name": error.error_list}) from error

    user = User.objects.select_for_update().filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=full_name, is_active=False)
        before = None
        held: list[str] = []
    else:
        if not user.is_active and user.has_usable_password():
            raise ValidationError(
                {
                    "email": ValidationError(
                        _("This account is deactivated. Reactivate it on the staff page instead."),
                        code="deactivated",
                    )
                }
            )
        held = user_staff_roles(user)
        before = {"roles": held, "active": user.is_active}
        if full_name and not user.full_name:
            user.full_name = full_name
            user.save(update_fields=["full_name"])
    wanted = [role for role in staff_roles() if role in {*held, *roles}]
    _staff_roles_replace(user, wanted)

    if not user.is_active:
        _invitation_send(city=city, user=user, inviter=actor, base_url=base_url)
        outcome = "invited"
    elif wanted != held:
        added = [role for role in wanted if role not in held]
        _roles_granted_send(city=city, user=user, roles=added, base_url=base_url)
        outcome = "granted"
    else:
        return user, "unchanged"
    audit_record(
        actor=actor,
        action="staff.invite",
        target=email,
        before=before,
        after={"roles": wanted, "active": user.is_active},
    )
    return user, outcome


@transaction.atomic
def staff_invitation_accept(*, token: str, password: str):
    """Open an invitation: the invited account gets ``password``, becomes active and its
    email counts as verified; the link stops working. Raises ValidationError for a link
    that is not open (used, replaced, expired, unknown) or a password the validators
    refuse."""
    invitation = invitation_get_open(token=token, for_update=True)
    if invitation is None:
        raise ValidationError(_("This invitation is not valid any more."), code="invalid")
    user = invitation.user
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from error
    now = timezone.now()
    user.set_password(password)
    user.is_active = True
    user.email_verified_at = user.email_verified_at or now
    user.save(update_fields=["password", "is_active", "email_verified_at"])
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    StaffInvitation.objects.filter(user=user, accepted_at=None, revoked_at=None).update(
        revoked_at=now
    )
    audit_record(
        actor=user,
        action="staff.invitation_accept",
        target=user.email,
        before={"active": False},
        after={"active": True},
    )
    return user


@transaction.atomic
def staff_roles_set(*, user, roles: list[str], actor) -> bool:
    """Give a staff member exactly ``roles`` among the staff roles (none takes them off the
    staff; a citizen stays a citizen). Returns whether anything changed. Refuses to take
    the admin role from the city's last active admin. Audited as ``staff.roles``."""
    roles = _staff_roles_clean(roles, required=False)
    _admins_lock()
    held = user_staff_roles(user)
    if roles == held:
        return False
    if CITY_ADMIN in held and CITY_ADMIN not in roles and user.is_active:
        _refuse_removing_last_admin(
            user, _("This is the city's only active admin; make someone else admin first.")
        )
    _staff_roles_replace(user, roles)
    audit_record(
        actor=actor,
        action="staff.roles",
        target=user.email,
        before={"roles": held},
        after={"roles": roles},
    )
    return True


@transaction.atomic
def staff_deactivate(*, user, actor) -> bool:
    """Stop a staff member from signing in (sessions and API tokens stop working too);
    their roles are kept for a reactivation. Refused for the city's last active admin.
    Returns whether anything changed. Audited as ``staff.deactivate``."""
    _admins_lock()
    if not user.is_active:
        return False
    if CITY_ADMIN in user_staff_roles(user):
        _refuse_removing_last_admin(
            user, _("This is the city's only active admin; make someone else admin first.")
        )
    user.is_active = False
    user.save(update_fields=["is_active"])
    Token.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        action="staff.deactivate",
        target=user.email,
        before={"active": True},
        after={"active": False},
    )
    return True


@transaction.atomic
def staff_reactivate(*, user, actor) -> bool:
    """Let a deactivated staff member sign in again, with the roles they had. Someone who
    never accepted their invitation has no password to sign in with: invite them again
    (ValidationError). Returns whether anything changed. Audited as ``staff.reactivate``."""
    if user.is_active:
        return False
    if not user.has_usable_password():
        raise ValidationError(
            _("This person never accepted their invitation. Invite them again instead."),
            code="never_accepted",
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="staff.reactivate",
        target=user.email,
        before={"active": False},
        after={"active": True},
    )
    return True


def city_admin_ensure(*, city: City, email: str, full_name: str, password: str | None = None):
    """Make sure ``email`` is an admin of ``city``, idempotently: the city's first admin,
    from its manifest or the signup wizard.

    A new account is created with the city-admin role: active with ``password``, or
    without one inactive, with an emailed invitation to set a password. An existing
    account gains the role if it lacks it; a ``password`` is only ever set on an account
    that has none yet (an invitation not accepted), never replacing one. A deactivated
    account stays deactivated. Returns ``(user, created)``.
    """
    User = get_user_model()
    email = _email_normalise(email)
    validate_email(email)
    with city_scope(city), transaction.atomic():
        user = User.objects.select_for_update().filter(email=email).first()
        created = user is None
        if created:
            user = User(email=email, full_name=full_name.strip(), is_active=False)
            user.set_unusable_password()
        password_set = (
            password is not None and not user.has_usable_password() and user.erased_at is None
        )
        if password_set:
            password_validation.validate_password(password, user=user)
            user.set_password(password)
            user.is_active = True
        if created or password_set:
            user.save()
        if password_set:
            # The password replaces the invitation: its link must not set another one.
            StaffInvitation.objects.filter(user=user, accepted_at=None, revoked_at=None).update(
                revoked_at=timezone.now()
            )
        held = user_staff_roles(user)
        if CITY_ADMIN not in held:
            user.groups.add(*_groups_for([CITY_ADMIN]))
            user_roles_forget(user)
            audit_record(
                actor=None,
                action="staff.invite",
                target=email,
                before=None if created else {"roles": held, "active": user.is_active},
                after={"roles": user_staff_roles(user), "active": user.is_active},
            )
        if created and not user.is_active:
            _invitation_send(city=city, user=user, inviter=None, base_url=None)
    return user, created


# --- The city's email identity -----------------------------------------------------------


@transaction.atomic
def city_email_identity_update(*, city: City, sender_name: str, reply_to: str, actor) -> bool:
    """Set the name the city's emails come from (empty: the city's name) and the address
    replies go to (empty: none). Raises ValidationError per field (a name that could break
    a mail header, an invalid address). Returns whether anything changed; audited as
    ``city.email_identity``."""
    values = {"email_sender_name": sender_name.strip(), "email_reply_to": reply_to.strip().lower()}
    errors = {}
    for name, value in values.items():
        try:
            City._meta.get_field(name).clean(value, city)
        except ValidationError as error:
            errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(city, name) for name in values}
    if before == values:
        return False
    for name, value in values.items():
        setattr(city, name, value)
    city.save(update_fields=[*values, "updated_at"])
    audit_record(
        actor=actor, action="city.email_identity", target=city.slug, before=before, after=values
    )
    return True
