"""Reads of cities."""

from django.db.models import QuerySet

from kota.tenancy.models import City, CityStatus


def city_list_live() -> QuerySet[City]:
    """Active cities with their domains, for listing on the platform site."""
    return City.objects.filter(status=CityStatus.ACTIVE).prefetch_related("domains")


def city_primary_host(city: City) -> str | None:
    """The primary host of a city whose domains were prefetched."""
    for domain in city.domains.all():
        if domain.is_primary:
            return domain.domain
    return None
