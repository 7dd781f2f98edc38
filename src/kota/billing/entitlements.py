"""What a city's billing account entitles it to: its modules and staff seats.

The rules are in ``entitlement_of`` (pure, no I/O). The city shell asks through
``allowed_module_keys`` and ``staff_seat_limit`` (settings KOTA_MODULE_ENTITLEMENTS and
KOTA_STAFF_SEATS) on every request, so the answer is cached per city: one cache round
trip when warm, and every change to an account or a plan makes it stale at once. A grace
period's end needs no job: the cached entry carries the moment the paid plan stops.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Subquery
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from kota.billing.models import Account, Plan, SubscriptionStatus

# The plan is given and paid for (or was given without a subscription).
PAID_UP = {SubscriptionStatus.NONE, SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING}
# A payment failed: the plan stays for the grace period.
OVERDUE = {SubscriptionStatus.PAST_DUE, SubscriptionStatus.UNPAID}


@dataclass(frozen=True)
class Entitlement:
    """The plan an account pays for, the free plan, and until when the paid one holds."""

    plan_modules: frozenset[str]
    plan_seats: int
    free_modules: frozenset[str]
    free_seats: int
    # None: the plan holds; a time: it holds until then (a grace period); the free plan
    # holds when the plan does not (a subscription cancelled, incomplete or expired).
    plan_until: datetime | None
    plan_holds: bool

    def holds_plan(self, now: datetime) -> bool:
        if not self.plan_holds:
            return False
        return self.plan_until is None or now < self.plan_until

    def modules(self, now: datetime) -> frozenset[str]:
        return self.plan_modules if self.holds_plan(now) else self.free_modules

    def seats(self, now: datetime) -> int:
        return self.plan_seats if self.holds_plan(now) else self.free_seats


def grace_ends_at(account: Account) -> datetime | None:
    if account.status not in OVERDUE:
        return None
    since = account.past_due_since or timezone.now()
    return since + timedelta(days=settings.KOTA_BILLING_GRACE_DAYS)


def entitlement_of(
    account: Account | None, free_modules: frozenset[str], free_seats: int
) -> Entitlement:
    if account is None:
        return Entitlement(free_modules, free_seats, free_modules, free_seats, None, False)
    plan = account.plan
    return Entitlement(
        plan_modules=frozenset(plan.modules),
        plan_seats=plan.seat_limit,
        free_modules=free_modules,
        free_seats=free_seats,
        plan_until=grace_ends_at(account),
        plan_holds=account.status in PAID_UP or account.status in OVERDUE,
    )


def _free_plan_rows():
    return Plan.objects.filter(key=settings.KOTA_BILLING_FREE_PLAN)


def _entitlement_read(city_id: int) -> Entitlement:
    """One query: the account, its plan and the free plan's modules and seats."""
    free = _free_plan_rows()
    account = (
        Account.objects.select_related("plan")
        .filter(city_id=city_id)
        .annotate(
            free_modules=Subquery(free.values("modules")[:1]),
            free_seats=Subquery(free.values("seat_limit")[:1]),
        )
        .first()
    )
    if account is not None:
        return entitlement_of(
            account, frozenset(account.free_modules or ()), account.free_seats or 1
        )
    plan = _free_plan_rows().first()
    return entitlement_of(
        None, frozenset(plan.modules) if plan else frozenset(), plan.seat_limit if plan else 1
    )


# --- The cached answer the city shell reads ------------------------------------------

_PREFIX = "kota:billing:entitlement:v1:"
# Replaced whenever any plan changes (a plan's modules are part of every entry).
_GENERATION_KEY = "kota:billing:entitlement:v1:generation"
_SECONDS = 3600


def _key(city_id: int) -> str:
    return f"{_PREFIX}{city_id}"


def _version_key(city_id: int) -> str:
    return f"{_PREFIX}{city_id}:version"


def _current(key: str, cached: dict) -> str:
    value = cached.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, None)
        value = cache.get(key)
    return value


def city_entitlement(city) -> Entitlement:
    """The city's entitlement. An entry carries the plans' generation and the city's
    version it was read under, both read before the database: a request that read just
    before a change committed can only store an entry nobody trusts afterwards."""
    key, version_key = _key(city.pk), _version_key(city.pk)
    cached = cache.get_many([_GENERATION_KEY, version_key, key])
    stamp = (_current(_GENERATION_KEY, cached), _current(version_key, cached))
    entry = cached.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == stamp:
        return entry[1]
    entitlement = _entitlement_read(city.pk)
    cache.set(key, (stamp, entitlement), _SECONDS)
    return entitlement


def allowed_module_keys(city) -> frozenset[str]:
    return city_entitlement(city).modules(timezone.now())


def staff_seat_limit(city) -> int:
    return city_entitlement(city).seats(timezone.now())


def entitlement_forget(city_id: int) -> None:
    """Make the city's cached entitlement stale, now and once the transaction commits."""

    def forget() -> None:
        cache.set(_version_key(city_id), uuid.uuid4().hex, None)

    forget()
    transaction.on_commit(forget)


def _account_changed(sender, instance: Account, **kwargs) -> None:
    entitlement_forget(instance.city_id)


def _plan_changed(sender, **kwargs) -> None:
    def forget() -> None:
        cache.set(_GENERATION_KEY, uuid.uuid4().hex, None)

    forget()
    transaction.on_commit(forget)


def connect_invalidation() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_account_changed, sender=Account, dispatch_uid="billing-entitlement-account")
        signal.connect(_plan_changed, sender=Plan, dispatch_uid="billing-entitlement-plan")
