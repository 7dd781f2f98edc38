"""Reads of plans and of a city's billing, as the signup wizard and the console show them."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from kota.billing.entitlements import OVERDUE, city_entitlement, grace_ends_at
from kota.billing.models import Account, Plan, SubscriptionStatus


def plans_offered() -> QuerySet[Plan]:
    """The plans a new city may choose in the signup wizard, cheapest first."""
    return Plan.objects.filter(is_public=True)


def plan_get(*, key: str) -> Plan | None:
    return Plan.objects.filter(key=key).first()


# --- A city's billing as its console shows it --------------------------------------------


def plans_for_upgrade(*, account: Account | None = None) -> QuerySet[Plan]:
    """The plans a city's admin may buy by card from the console: offered, paid, and not
    billed by invoice (a contract plan is arranged with an operator); not the plan the
    city already has given (by a manifest or an operator)."""
    plans = Plan.objects.filter(is_public=True, billed_by_invoice=False).exclude(price_idr=0)
    if account is not None and account.status == SubscriptionStatus.NONE:
        plans = plans.exclude(pk=account.plan_id)
    return plans


@dataclass(frozen=True)
class BillingState:
    """An account's subscription in the words the console uses.

    ``state`` is one of ``given`` (no subscription: the free plan, or a plan given by the
    platform), ``active``, ``trialing``, ``incomplete`` (waiting for the first payment),
    ``overdue`` (a payment failed, within the grace period), ``lapsed`` (after it: paid
    modules hidden), ``ended`` or ``paused``.
    """

    state: str
    grace_ends_at: datetime | None
    # The subscription stops then (cancelled at the end of the period).
    ends_at: datetime | None
    by_invoice: bool
    next_invoice_at: datetime | None
    next_invoice_idr: int | None


_STATES = {
    SubscriptionStatus.NONE: "given",
    SubscriptionStatus.ACTIVE: "active",
    SubscriptionStatus.TRIALING: "trialing",
    SubscriptionStatus.INCOMPLETE: "incomplete",
    SubscriptionStatus.CANCELED: "ended",
    SubscriptionStatus.INCOMPLETE_EXPIRED: "ended",
    SubscriptionStatus.PAUSED: "paused",
}
# A subscription in one of these bills its next period at the end of the current one.
_BILLING = {
    SubscriptionStatus.ACTIVE,
    SubscriptionStatus.TRIALING,
    SubscriptionStatus.PAST_DUE,
    SubscriptionStatus.UNPAID,
}


def billing_state(*, account: Account, now: datetime | None = None) -> BillingState:
    now = now or timezone.now()
    grace_end = grace_ends_at(account)
    if account.status in OVERDUE:
        state = "overdue" if grace_end and now < grace_end else "lapsed"
    else:
        state = _STATES.get(account.status, "given")
    ends_at = (
        account.current_period_end
        if account.cancel_at_period_end and state not in ("given", "ended")
        else None
    )
    bills = (
        account.status in _BILLING
        and account.current_period_end is not None
        and not account.cancel_at_period_end
        and not account.plan.is_free
    )
    return BillingState(
        state=state,
        grace_ends_at=grace_end,
        ends_at=ends_at,
        by_invoice=account.collection_method == "send_invoice",
        next_invoice_at=account.current_period_end if bills else None,
        next_invoice_idr=account.plan.price_idr if bills else None,
    )


def checkout_outcome(*, account: Account, returned: str) -> str:
    """What to tell an admin back from Checkout (``returned`` is the page's ``checkout``
    parameter, ``selesai`` or ``batal``): ``waiting`` until the webhooks have made the
    account pay for the plan of its latest Checkout, then ``paid``; ``cancelled``; or
    nothing. Only ever words: the plan comes from the webhooks, never from this."""
    if returned == "batal":
        return "cancelled"
    if returned != "selesai" or account.checkout_plan_id is None:
        return ""
    paid = account.plan_id == account.checkout_plan_id and account.status in (
        SubscriptionStatus.ACTIVE,
        SubscriptionStatus.TRIALING,
    )
    return "paid" if paid and account.stripe_subscription_id else "waiting"


@dataclass(frozen=True)
class OverdueNotice:
    grace_ends_at: datetime
    # The grace period is over: modules beyond the free plan are hidden.
    lapsed: bool


def overdue_notice(*, city, now: datetime | None = None) -> OverdueNotice | None:
    """Whether the city's payment is overdue, read from its cached entitlement (no query
    when the cache is warm, as it is once a request has checked its modules)."""
    entitlement = city_entitlement(city)
    if not entitlement.plan_holds or entitlement.plan_until is None:
        return None
    now = now or timezone.now()
    return OverdueNotice(grace_ends_at=entitlement.plan_until, lapsed=now >= entitlement.plan_until)
