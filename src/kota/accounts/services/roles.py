"""Writes for roles: seeding a city's role groups and changing who holds the staff roles."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kota.accounts.permissions import user_roles_forget
from kota.accounts.roles import CITY_ADMIN, all_roles, staff_roles
from kota.tenancy.models import City


def roles_seed(city: City) -> None:
    """Create the city's role groups: citizen, city admin and an officer role for every
    registered module with officers. Idempotent; runs in the city's schema."""
    Group.objects.bulk_create([Group(name=key) for key in all_roles()], ignore_conflicts=True)


def role_groups_get_or_create(*, roles: list[str]) -> list[Group]:
    """The groups of ``roles``, created if missing: a module registered after the city
    was provisioned has no group there yet."""
    Group.objects.bulk_create([Group(name=role) for role in roles], ignore_conflicts=True)
    return list(Group.objects.filter(name__in=roles))


def staff_roles_replace(*, user, roles: list[str]) -> None:
    """Give ``user`` exactly ``roles`` among the staff roles; other roles (citizen) stay."""
    user.groups.remove(*Group.objects.filter(name__in=staff_roles()).exclude(name__in=roles))
    if roles:
        user.groups.add(*role_groups_get_or_create(roles=roles))
    user_roles_forget(user)


def staff_roles_clean(*, roles, required: bool) -> list[str]:
    """``roles`` in the console's order; ValidationError for an unknown role, or for none
    when ``required``."""
    known = staff_roles()
    unknown = sorted(set(roles) - set(known))
    if unknown:
        raise ValidationError(
            {"roles": [_("Unknown role: %(roles)s.") % {"roles": ", ".join(unknown)}]}
        )
    if required and not roles:
        raise ValidationError({"roles": [_("Choose at least one role.")]})
    return [role for role in known if role in set(roles)]


def admins_lock() -> None:
    """Serialise every change that could remove a city admin, so that two admins removing
    each other at the same moment cannot leave the city without one."""
    Group.objects.bulk_create([Group(name=CITY_ADMIN)], ignore_conflicts=True)
    Group.objects.select_for_update().get(name=CITY_ADMIN)


def city_admin_removal_check(*, user, message: str) -> None:
    """ValidationError(``message``) unless another active city admin than ``user`` exists.
    Call after admins_lock()."""
    others = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=CITY_ADMIN)
        .exclude(pk=user.pk)
        .exists()
    )
    if not others:
        raise ValidationError(message, code="last_admin")
