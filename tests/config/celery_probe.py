"""A task the worker test loads into a real worker (``-I tests.config.celery_probe``)."""

from celery import shared_task
from django.db import connection


@shared_task(name="tests.config.celery_probe.where_am_i")
def where_am_i() -> dict:
    from django.contrib.auth.models import Group

    in_city = connection.schema_name != "public"  # public holds no groups at all
    return {
        "schema": connection.schema_name,
        "city": getattr(connection.tenant, "slug", None),
        "groups": sorted(Group.objects.values_list("name", flat=True)) if in_city else None,
    }
