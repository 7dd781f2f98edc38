"""Writes for the city's staff: invitations, roles, deactivation, and the first admin."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.authtoken.models import Token

from kota.accounts.mail import city_link, city_mail_send
from kota.accounts.models import StaffInvitation
from kota.accounts.permissions import user_roles_forget, user_staff_roles
from kota.accounts.roles import CITY_ADMIN, role_label, staff_roles
from kota.accounts.selectors import invitation_get_open, staff_seat_limit, staff_seats_used
from kota.accounts.services.roles import (
    admins_lock,
    city_admin_removal_check,
    role_groups_get_or_create,
    staff_roles_clean,
    staff_roles_replace,
)
from kota.audit.services import audit_record
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope

INVITATION_LIFETIME = timedelta(days=7)


def _role_labels(roles: list[str], *, language: str) -> list[str]:
    """The labels of ``roles`` in the language of the email that names them (the
    recipient's), not in the language of the admin whose request sends it."""
    with translation.override(language):
        return [role_label(role) for role in roles]


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
            "roles": _role_labels(user_staff_roles(user), language=user.preferred_language),
            "url": city_link(city, "accounts:invitation", token=secret, base_url=base_url),
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
            "roles": _role_labels(roles, language=user.preferred_language),
            "url": city_link(city, "console:dashboard", base_url=base_url),
        },
        language=user.preferred_language,
    )


def _seats_lock(*, city: City | None) -> int | None:
    """The city's staff seat limit (None: no limit), with the city's seats locked until
    the transaction ends, so that two people given the last seat at the same instant
    cannot both have it. Take it before locking any account (invitations lock one)."""
    city = city if city is not None else connection.tenant
    limit = staff_seat_limit(city)
    if limit is not None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))",
                [f"kota.staff-seats:{connection.schema_name}"],
            )
    return limit


def _holds_seat(user, roles: list[str]) -> bool:
    """Whether ``user`` with staff ``roles`` takes a seat: active or invited, not
    deactivated (kota.accounts.selectors.staff_seats_used counts the same)."""
    return bool(roles) and (user.is_active or not user.has_usable_password())


def _seat_check(limit: int | None) -> None:
    """ValidationError when every seat is taken; for someone about to take one. Staff above
    the limit (after a downgrade) keep their seats: nobody is ever removed for it."""
    if limit is None or staff_seats_used() < limit:
        return
    raise ValidationError(
        ngettext(
            "Your plan includes %(limit)d staff seat and it is in use. "
            "Upgrade the plan or deactivate someone first.",
            "Your plan includes %(limit)d staff seats and all are in use. "
            "Upgrade the plan or deactivate someone first.",
            limit,
        )
        % {"limit": limit},
        code="seat_limit",
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
    told by email. A deactivated account is refused: reactivate it instead. Someone who
    would take a staff seat when all the plan's seats are taken is refused too.

    Returns the account and what happened: ``"invited"``, ``"granted"`` or
    ``"unchanged"``. Audited as ``staff.invite``.
    """
    User = get_user_model()
    roles = staff_roles_clean(roles=roles, required=True)
    email = User.objects.normalize_email(email)
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

    seat_limit = _seats_lock(city=city)
    user = User.objects.select_for_update().filter(email=email).first()
    if user is None:
        _seat_check(seat_limit)
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
        if not _holds_seat(user, held):
            _seat_check(seat_limit)
        before = {"roles": held, "active": user.is_active}
        if full_name and not user.full_name:
            user.full_name = full_name
            user.save(update_fields=["full_name"])
    wanted = [role for role in staff_roles() if role in {*held, *roles}]
    staff_roles_replace(user=user, roles=wanted)

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
    the admin role from the city's last active admin, and staff roles to someone who had
    none when every staff seat is taken. Audited as ``staff.roles``."""
    roles = staff_roles_clean(roles=roles, required=False)
    admins_lock()
    seat_limit = _seats_lock(city=None)
    held = user_staff_roles(user)
    if roles == held:
        return False
    if _holds_seat(user, roles) and not _holds_seat(user, held):
        _seat_check(seat_limit)
    if CITY_ADMIN in held and CITY_ADMIN not in roles and user.is_active:
        city_admin_removal_check(
            user=user,
            message=_("This is the city's only active admin; make someone else admin first."),
        )
    staff_roles_replace(user=user, roles=roles)
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
    admins_lock()
    if not user.is_active:
        return False
    if CITY_ADMIN in user_staff_roles(user):
        city_admin_removal_check(
            user=user,
            message=_("This is the city's only active admin; make someone else admin first."),
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
    (ValidationError), and so is anyone when every staff seat is taken. Returns whether
    anything changed. Audited as ``staff.reactivate``."""
    if user.is_active:
        return False
    if not user.has_usable_password():
        raise ValidationError(
            _("This person never accepted their invitation. Invite them again instead."),
            code="never_accepted",
        )
    seat_limit = _seats_lock(city=None)
    user.refresh_from_db(fields=["is_active"])
    if user.is_active:
        return False
    if user_staff_roles(user):
        _seat_check(seat_limit)
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


def city_admin_ensure(
    *,
    city: City,
    email: str,
    full_name: str,
    password: str | None = None,
    password_hash: str | None = None,
    preferred_language: str = "",
):
    """Make sure ``email`` is an admin of ``city``, idempotently: the city's first admin,
    from its manifest or the signup wizard.

    A new account is created with the city-admin role: active with ``password``, or
    without one inactive, with an emailed invitation to set a password. An existing
    account gains the role if it lacks it; a ``password`` is only ever set on an account
    that has none yet (an invitation not accepted), never replacing one. A deactivated
    account stays deactivated. ``password_hash`` (already validated and hashed, from the
    signup wizard) stands for ``password``. Returns ``(user, created)``.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email)
    validate_email(email)
    with city_scope(city), transaction.atomic():
        user = User.objects.select_for_update().filter(email=email).first()
        created = user is None
        if created:
            user = User(email=email, full_name=full_name.strip(), is_active=False)
            if preferred_language:
                user.preferred_language = preferred_language
            user.set_unusable_password()
        given = password is not None or password_hash is not None
        password_set = given and not user.has_usable_password() and user.erased_at is None
        if password_set and password_hash is not None:
            user.password = password_hash
            user.is_active = True
        elif password_set:
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
            user.groups.add(*role_groups_get_or_create(roles=[CITY_ADMIN]))
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
