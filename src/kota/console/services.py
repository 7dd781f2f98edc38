"""Console writes that wrap platform services with the city's audit log."""

from kota.audit.services import audit_record
from kota.tenancy.models import City, Domain
from kota.tenancy.scope import city_scope
from kota.tenancy.services import city_domain_add, city_domain_remove


def domain_add(*, city: City, domain: str, actor) -> Domain:
    """Add a custom domain to ``city`` (validated, unique across cities) and audit it."""
    added = city_domain_add(city=city, domain=domain)
    with city_scope(city):
        audit_record(actor=actor, action="domain.add", target=added.domain, after=added.domain)
    return added


def domain_remove(*, city: City, domain: str, actor) -> bool:
    removed = city_domain_remove(city=city, domain=domain)
    if removed:
        with city_scope(city):
            audit_record(actor=actor, action="domain.remove", target=domain, before=domain)
    return removed
