"""The roles every city has, seeded as groups when the city is provisioned.

``city-admin`` and ``citizen`` always exist; every registered module with officers adds
``officer-<module key>``. Staff roles are the ones an admin hands out in the console.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kota.registry.catalog import module_get, modules

CITY_ADMIN = "city-admin"
CITIZEN = "citizen"
OFFICER_PREFIX = "officer-"

CITY_ROLES = {
    CITY_ADMIN: _("City admin"),
    CITIZEN: _("Citizen"),
}


def officer_roles() -> dict[str, str]:
    """``officer-<key>`` → label, for every registered module that has officers."""
    return {
        m.officer_role: format_lazy(_("Officer: {module}"), module=m.name)
        for m in modules()
        if m.has_officers
    }


def staff_roles() -> dict[str, str]:
    """The roles that make someone staff (and that the console assigns), in menu order."""
    return {CITY_ADMIN: CITY_ROLES[CITY_ADMIN], **officer_roles()}


def all_roles() -> dict[str, str]:
    return {**CITY_ROLES, **officer_roles()}


def role_label(role: str) -> str:
    """A role's label for people; a role of a module that is no longer registered keeps
    its raw name rather than disappearing from view."""
    if role.startswith(OFFICER_PREFIX) and module_get(role[len(OFFICER_PREFIX) :]) is None:
        return role
    return str(all_roles().get(role, role))
