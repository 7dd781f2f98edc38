"""What a new city starts with: each app registers a seeder in its AppConfig.ready().

Seeders run inside the provisioning transaction, in the new city's schema; one that
fails rolls the whole city back.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

from kota.tenancy.models import City

CitySeeder = Callable[[City], None]

_seeders: list[CitySeeder] = []


def register_city_seeder(seeder: CitySeeder) -> CitySeeder:
    if seeder not in _seeders:
        _seeders.append(seeder)
    return seeder


def unregister_city_seeder(seeder: CitySeeder) -> None:
    if seeder in _seeders:
        _seeders.remove(seeder)


def city_seed_defaults(city: City) -> None:
    """Run every registered seeder for ``city``; the caller has entered its schema."""
    for seeder in list(_seeders):
        seeder(city)


# The city's first admin, as a manifest declares it ([admin] email and name). Tenancy
# knows no accounts: the accounts app registers the function that makes the admin, called
# as handler(city=, email=, full_name=) inside the transaction that applies the manifest.
CityAdminHandler = Callable[..., object]
CityPlanHandler = Callable[..., bool]

_admin_handlers: list[CityAdminHandler] = []


def register_city_admin_handler(handler: CityAdminHandler) -> CityAdminHandler:
    if handler not in _admin_handlers:
        _admin_handlers.append(handler)
    return handler


def city_admin_hand_over(*, city: City, email: str, full_name: str) -> None:
    """Give the declared first admin to whoever makes admins; a declared admin that nobody
    can make is an error, not something to skip quietly."""
    if not _admin_handlers:
        raise ImproperlyConfigured("No app makes city admins (register_city_admin_handler).")
    for handler in list(_admin_handlers):
        handler(city=city, email=email, full_name=full_name)


# The plan a city is on. Tenancy knows no plans: the billing app registers the function
# that gives one, called as handler(city=, plan_key=) -> changed, inside the transaction
# that creates the city (plan_key "" for the free plan) or applies its manifest.
_plan_handlers: list[CityPlanHandler] = []


def register_city_plan_handler(handler: CityPlanHandler) -> CityPlanHandler:
    if handler not in _plan_handlers:
        _plan_handlers.append(handler)
    return handler


def city_plan_hand_over(*, city: City, plan_key: str) -> bool:
    """Give ``city`` its plan; True when that changed anything. Without a plan handler a
    city simply has no plan (every module is then a matter of KOTA_MODULE_ENTITLEMENTS)."""
    changed = False
    for handler in list(_plan_handlers):
        changed = bool(handler(city=city, plan_key=plan_key)) or changed
    return changed
