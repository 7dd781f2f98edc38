"""The one permission helper: what a person may do on their city's site.

Roles are groups in the city's schema (kota.accounts.roles): ``city-admin``, ``citizen``
and ``officer-<module>`` for each module with officers. Every view, API and service asks
here; nothing else checks group names.
"""

from kota.accounts.roles import CITY_ADMIN


def user_roles(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_kota_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._kota_roles = cached
    return cached


def user_is_city_admin(user) -> bool:
    return CITY_ADMIN in user_roles(user)


def user_is_officer(user, module_key: str) -> bool:
    """Officers of a module handle its work; a city admin may do all officers' work."""
    roles = user_roles(user)
    return CITY_ADMIN in roles or f"officer-{module_key}" in roles


def user_is_staff_member(user) -> bool:
    """May open the console at all: a city admin or an officer of any module."""
    roles = user_roles(user)
    return CITY_ADMIN in roles or any(role.startswith("officer-") for role in roles)
