"""Reads for accounts. Like the services, they run in the current city's schema."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from rest_framework.authtoken.models import Token

from kota.accounts.models import StaffInvitation
from kota.accounts.permissions import user_roles, user_staff_roles
from kota.accounts.roles import role_label, staff_roles


@dataclass(frozen=True)
class StaffMember:
    user: object
    roles: list[str]
    # "active", "invited" (an open invitation), "invitation-expired" or "deactivated"
    status: str

    @property
    def role_labels(self) -> list[str]:
        return [role_label(role) for role in self.roles]


def _staff_queryset():
    open_invitation = StaffInvitation.objects.filter(
        user=OuterRef("pk"), accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
    )
    return (
        get_user_model()
        .objects.filter(groups__name__in=list(staff_roles()), erased_at=None)
        .distinct()
        .annotate(has_open_invitation=Exists(open_invitation))
        .prefetch_related("groups")
    )


def _member(user) -> StaffMember:
    if user.is_active:
        status = "active"
    elif user.has_usable_password():
        status = "deactivated"
    else:
        status = "invited" if user.has_open_invitation else "invitation-expired"
    return StaffMember(user=user, roles=user_staff_roles(user), status=status)


def staff_list() -> list[StaffMember]:
    """The city's admins and officers (invited and deactivated ones too), by email."""
    return [_member(user) for user in _staff_queryset()]


def staff_get(*, public_id) -> StaffMember | None:
    """One staff member by public id; None for anyone else (a citizen, an unknown id, a
    person of another city), so callers answer 404 alike."""
    try:
        user = _staff_queryset().filter(public_id=public_id).first()
    except ValidationError:  # not a UUID
        return None
    return _member(user) if user is not None else None


def staff_seats_used() -> int:
    """How many staff seats are taken: staff members who are active or invited (an
    invitation open or expired), that is everyone on the staff list but the deactivated."""
    return (
        get_user_model()
        .objects.filter(groups__name__in=list(staff_roles()), erased_at=None)
        .filter(Q(is_active=True) | Q(password__startswith=UNUSABLE_PASSWORD_PREFIX))
        .distinct()
        .count()
    )


def staff_seats_in(members: list[StaffMember]) -> int:
    """The seats taken by ``members`` (a staff list already read): the same count as
    staff_seats_used, without a query."""
    return sum(1 for member in members if member.status != "deactivated")


def staff_seat_limit(city) -> int | None:
    """How many staff seats the city's plan gives (``KOTA_STAFF_SEATS`` names a function
    ``(city) -> int or None``); None when nothing limits them."""
    provider = getattr(settings, "KOTA_STAFF_SEATS", None)
    if not provider:
        return None
    limit = import_string(provider)(city)
    return None if limit is None else int(limit)


def invitation_get_open(*, token: str, for_update: bool = False) -> StaffInvitation | None:
    """The open (not used, replaced or expired) invitation whose link carries ``token``."""
    invitations = StaffInvitation.objects.select_related("user").filter(
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        accepted_at=None,
        revoked_at=None,
        expires_at__gt=timezone.now(),
        user__erased_at=None,
    )
    if for_update:
        invitations = invitations.select_for_update(of=("self", "user"))
    return invitations.first()


def user_profile(*, user) -> dict:
    """What the API tells a person about their own account."""
    return {
        "id": user.public_id,
        "email": user.email,
        "full_name": user.full_name,
        "phone": user.phone,
        "preferred_language": user.preferred_language,
        "email_verified": user.email_verified,
        "roles": sorted(user_roles(user)),
    }


def token_belongs_to_city(*, key: str, user_id: int, city) -> bool:
    """Whether the API token ``key`` of user ``user_id`` is stored in ``city``'s own schema
    and its user is active there. Names the schema explicitly instead of trusting the
    connection's search_path, so that a connection left in the wrong schema fails closed.
    """
    quote = connection.ops.quote_name
    schema = quote(city.schema_name)
    tokens = f"{schema}.{quote(Token._meta.db_table)}"
    users = f"{schema}.{quote(get_user_model()._meta.db_table)}"
    # Only identifiers from the city row and model metadata are formatted in; the values
    # are parameters.
    query = (
        f"SELECT 1 FROM {tokens} t JOIN {users} u ON u.id = t.user_id "  # noqa: S608
        "WHERE t.key = %s AND u.id = %s AND u.is_active"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [key, user_id])
        return cursor.fetchone() is not None
