"""The accounts and console tests read pages in English, the source language."""

import pytest

from kota.tenancy.models import City
from kota.tenancy.routing import routing_forget


@pytest.fixture(autouse=True)
def _english(settings, session_cities, db):
    """Pages in English, the source language, whatever translations are installed: the test
    cities list English first for these tests (rolled back with each test). Emails follow
    each person's preferred language, English for the people made here."""
    settings.LANGUAGE_CODE = "en"
    City.objects.filter(pk__in=[c.pk for c in session_cities.values()]).update(
        languages=["en", "id"]
    )
    routing_forget()
