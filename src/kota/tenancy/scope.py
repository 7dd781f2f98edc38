"""Entering a city explicitly, outside a request (tasks, commands, services)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

from kota.tenancy.models import City


@contextmanager
def city_scope(city: City) -> Iterator[City]:
    """Run the block in ``city``'s schema, then restore whatever was active before.

    Code outside a request never relies on a ``search_path`` someone else left behind.
    Already in ``city``'s schema (a service called from one of its requests), it changes
    nothing, so no ``SET search_path`` is sent there and back.
    """
    previous = connection.tenant
    if previous is not None and previous.schema_name == city.schema_name:
        yield city
        return
    connection.set_tenant(city)
    try:
        yield city
    finally:
        if previous is None or previous.schema_name == "public":
            connection.set_schema_to_public()
        else:
            connection.set_tenant(previous)


@contextmanager
def public_scope() -> Iterator[None]:
    """Run the block in the public schema (platform data), then restore the previous one."""
    previous = connection.tenant
    connection.set_schema_to_public()
    try:
        yield
    finally:
        if previous is not None and previous.schema_name != "public":
            connection.set_tenant(previous)


@contextmanager
def platform_scope() -> Iterator[None]:
    """Run the block in the platform's own schema (operators, their sessions)."""
    previous = connection.tenant
    connection.set_schema(settings.KOTA_PLATFORM_SCHEMA)
    try:
        yield
    finally:
        if previous is None or previous.schema_name == "public":
            connection.set_schema_to_public()
        else:
            connection.set_tenant(previous)
