"""ALLOWED_HOSTS that follows the data: the root domain, its subdomains (the cities'
addresses) and every custom domain in the Domain table.

Django checks ALLOWED_HOSTS whenever code asks a request for its host. Custom domains are
rows, not settings, so this object reads them (through the cache) when iterated. The
routing middleware has already turned away any host that is not the platform's or a
city's before a view runs; this keeps Django's own check in agreement with it.
"""

import logging
from collections.abc import Iterator

logger = logging.getLogger(__name__)

CUSTOM_DOMAINS_CACHE_KEY = "kota:allowed-hosts:v1:custom-domains"
_CACHE_SECONDS = 600


class AllowedHosts(list):
    """A list (Django insists) of the static patterns that also yields the custom domains."""

    def __init__(self, root_domain: str, extra: tuple[str, ...] = ()):
        self.root_domain = root_domain
        self.static = (root_domain, f".{root_domain}", *extra)
        super().__init__(self.static)

    def __iter__(self) -> Iterator[str]:
        yield from self.static
        try:
            domains = custom_domains(self.root_domain)
        except Exception:  # noqa: BLE001 - no database yet (start-up, test set-up): static only
            logger.debug("Custom domains unavailable; allowing the root domain only.")
            return
        yield from domains

    def __repr__(self) -> str:
        return f"AllowedHosts({self.static!r} + custom domains)"


def custom_domains(root: str) -> frozenset[str]:
    """Host names of cities outside the root domain, e.g. layanan.tangerangkota.go.id."""
    from django.core.cache import cache
    from django.db.models import Q

    from kota.tenancy.models import Domain

    hosts = cache.get(CUSTOM_DOMAINS_CACHE_KEY)
    if not isinstance(hosts, frozenset):
        hosts = frozenset(
            Domain.objects.exclude(Q(domain=root) | Q(domain__endswith=f".{root}")).values_list(
                "domain", flat=True
            )
        )
        cache.set(CUSTOM_DOMAINS_CACHE_KEY, hosts, _CACHE_SECONDS)
    return hosts
