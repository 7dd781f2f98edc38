"""The one way Kota talks to Stripe: a ``StripeClient`` built from the settings.

Production sets STRIPE_SECRET_KEY (and no STRIPE_API_BASE). Development and tests leave
both to their defaults and reach the local fake Stripe server on 127.0.0.1 through the
very same code.
"""

import logging
from functools import cache

import stripe
from django.conf import settings

logger = logging.getLogger(__name__)


class BillingUnavailable(Exception):
    """Stripe could not be reached or refused the request; nothing was changed here."""


@cache
def _client(key: str, api_base: str | None) -> stripe.StripeClient:
    base_addresses = {"api": api_base} if api_base else {}
    return stripe.StripeClient(key, base_addresses=base_addresses, max_network_retries=2)


def stripe_client() -> stripe.StripeClient:
    """The client; BillingUnavailable when no key is configured (a deployment without
    payments: pages say payment is unavailable, the `billing` deploy check warns)."""
    key = settings.STRIPE_SECRET_KEY
    if not key:
        logger.error("STRIPE_SECRET_KEY is not set: payments are unavailable.")
        raise BillingUnavailable("STRIPE_SECRET_KEY is not set")
    return _client(key, settings.STRIPE_API_BASE or None)


def as_dict(obj) -> dict:
    """A Stripe object (or None) as plain data."""
    if obj is None:
        return {}
    if isinstance(obj, dict):
        return obj
    return obj.to_dict()
