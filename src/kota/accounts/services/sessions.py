"""Expired sessions: Django never deletes them by itself, and every schema has its own."""

from django.contrib.sessions.models import Session
from django.utils import timezone

from kota.tenancy.models import City, CityStatus
from kota.tenancy.scope import city_scope, platform_scope


def sessions_clear_expired() -> int:
    """Delete expired sessions in the platform's schema and in each city's; returns how
    many schemas were cleaned."""
    now = timezone.now()
    with platform_scope():
        Session.objects.filter(expire_date__lt=now).delete()
    cities = list(City.objects.exclude(status=CityStatus.PROVISIONING))
    for city in cities:
        with city_scope(city):
            Session.objects.filter(expire_date__lt=now).delete()
    return 1 + len(cities)
