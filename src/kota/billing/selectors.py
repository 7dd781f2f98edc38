"""Reads of plans."""

from django.db.models import QuerySet

from kota.billing.models import Plan


def plans_offered() -> QuerySet[Plan]:
    """The plans a new city may choose in the signup wizard, cheapest first."""
    return Plan.objects.filter(is_public=True)


def plan_get(*, key: str) -> Plan | None:
    return Plan.objects.filter(key=key).first()
