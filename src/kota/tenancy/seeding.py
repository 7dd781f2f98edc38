"""What a new city starts with: each app registers a seeder in its AppConfig.ready().

Seeders run inside the provisioning transaction, in the new city's schema; one that
fails rolls the whole city back.
"""

from collections.abc import Callable

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
