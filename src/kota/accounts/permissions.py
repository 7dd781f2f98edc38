"""The one permission helper: what a person may do on their city's site.

Roles are groups in the city's schema (kota.accounts.roles): ``city-admin``, ``citizen``
and ``officer-<module>`` for each module with officers. Every view, API and service asks
here; nothing else checks group names.
"""

from kota.accounts.roles import CITY_ADMIN, OFFICER_PREFIX, staff_roles


def user_roles(user) -> frozenset[str]:
    """The roles of an active, signed-in person (none for anyone else); read once per
    user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_kota_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._kota_roles = cached
    return cached


def user_roles_forget(user) -> None:
    """Drop the roles read for ``user``, after a service changed them."""
    user.__dict__.pop("_kota_roles", None)


def user_is_city_admin(user) -> bool:
    return CITY_ADMIN in user_roles(user)


def user_is_officer(user, module_key: str) -> bool:
    """Officers of a module handle its work; a city admin may do all officers' work."""
    roles = user_roles(user)
    return CITY_ADMIN in roles or f"{OFFICER_PREFIX}{module_key}" in roles


def user_is_staff_member(user) -> bool:
    """May open the console at all: a city admin or an officer of any module."""
    roles = user_roles(user)
    return CITY_ADMIN in roles or any(role.startswith(OFFICER_PREFIX) for role in roles)


def user_staff_roles(user) -> list[str]:
    """The staff roles ``user`` holds (read from the database, whether or not the account
    is active), in the console's order; for showing and editing them."""
    held = {group.name for group in user.groups.all()}  # uses a prefetch when there is one
    return [role for role in staff_roles() if role in held]
