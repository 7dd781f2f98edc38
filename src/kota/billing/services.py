"""Writes of billing: plans given, Stripe customers, Checkout, the portal, invoice billing,
and the account mirrored from the city's Stripe subscription.

Access never follows a redirect back from Stripe: only ``account_sync`` changes what a
city is entitled to, and it re-reads the subscription from Stripe each time, so webhook
events may come twice, late, concurrently or in any order.
"""

import logging
from datetime import UTC, datetime

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kota.billing.entitlements import OVERDUE
from kota.billing.models import Account, Plan, StripeEvent, SubscriptionStatus
from kota.billing.stripe_api import BillingUnavailable, as_dict, stripe_client
from kota.tenancy.models import City

logger = logging.getLogger(__name__)

# A subscription in one of these is the city's current one; otherwise its latest one is.
_CURRENT = {"active", "trialing", "past_due", "unpaid", "incomplete", "paused"}


def _free_plan() -> Plan:
    plan = Plan.objects.filter(key=settings.KOTA_BILLING_FREE_PLAN).first()
    if plan is None:
        raise ValidationError(
            {
                "plan": [
                    _("The free plan %(key)s does not exist.")
                    % {"key": settings.KOTA_BILLING_FREE_PLAN}
                ]
            }
        )
    return plan


def _plan_by_key(key: str) -> Plan:
    plan = Plan.objects.filter(key=key).first()
    if plan is None:
        raise ValidationError({"plan": [_("There is no plan %(key)s.") % {"key": key}]})
    return plan


def account_open(*, city: City, plan_key: str = "") -> bool:
    """Give ``city`` a billing account on ``plan_key`` (the free plan when empty), or move
    an existing account to it. A city paying through a subscription keeps the plan its
    subscription says. Returns whether anything changed."""
    account = Account.objects.select_for_update().filter(city=city).first()
    if account is None:
        plan = _plan_by_key(plan_key) if plan_key else _free_plan()
        Account.objects.create(city=city, plan=plan)
        return True
    if not plan_key:
        return False
    if has_live_subscription(account):
        if account.plan.key == plan_key:
            return False
        logger.warning(
            "City %s pays through subscription %s; its plan stays %s, not %s.",
            city.slug,
            account.stripe_subscription_id,
            account.plan.key,
            plan_key,
        )
        return False
    if account.plan.key == plan_key and account.status == SubscriptionStatus.NONE:
        return False
    # Given, not paid for: the ended subscription is history (account_sync leaves it).
    account.plan = _plan_by_key(plan_key)
    account.status = SubscriptionStatus.NONE
    account.past_due_since = None
    account.stripe_subscription_id = ""
    account.cancel_at_period_end = False
    account.current_period_end = None
    account.collection_method = ""
    account.save()
    return True


def account_for(city: City) -> Account:
    """The city's account, opened on the free plan if it has none yet."""
    account = Account.objects.select_related("plan", "city").filter(city=city).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            account_open(city=city)
    except IntegrityError:
        pass  # opened at the same instant by another request
    return Account.objects.select_related("plan", "city").get(city=city)


def _call(what: str, function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except stripe.StripeError as error:
        logger.warning("Stripe refused to %s: %s", what, error)
        raise BillingUnavailable(what) from error


# --- Prices and customers --------------------------------------------------------------


def _lookup_key(plan: Plan) -> str:
    return f"kota-{plan.key}-{plan.price_idr}-idr-month"


def prices_ensure() -> list[str]:
    """Make sure every paid plan has a Stripe price of its current amount (a monthly price
    in rupiah), creating the product and price when missing. Returns what was done."""
    client = stripe_client()
    done = []
    for plan in Plan.objects.exclude(price_idr=0).order_by("order"):
        key = _lookup_key(plan)
        found = _call("list prices", client.v1.prices.list, params={"lookup_keys": [key]})
        price = next((p for p in found.data if p.lookup_key == key and p.active), None)
        if price is None:
            product = _call(
                "create a product",
                client.v1.products.create,
                params={"name": f"Kota {plan.name}", "metadata": {"plan": plan.key}},
            )
            price = _call(
                "create a price",
                client.v1.prices.create,
                params={
                    "product": product.id,
                    "currency": "idr",
                    # Rupiah has two decimals in Stripe: amounts are in sen.
                    "unit_amount": plan.price_idr * 100,
                    "recurring": {"interval": "month"},
                    "lookup_key": key,
                    "metadata": {"plan": plan.key},
                },
            )
            done.append(f"{plan.key}: created price {price.id}")
        if plan.stripe_price_id != price.id:
            Plan.objects.filter(pk=plan.pk).update(stripe_price_id=price.id)
            done.append(f"{plan.key}: uses price {price.id}")
    return done


def customer_ensure(*, account: Account) -> str:
    """The city's Stripe customer id, created once (the account row is locked meanwhile,
    and Stripe is given an idempotency key for retries)."""
    if account.stripe_customer_id:
        return account.stripe_customer_id
    with transaction.atomic():
        locked = Account.objects.select_for_update().select_related("city").get(pk=account.pk)
        if not locked.stripe_customer_id:
            city = locked.city
            customer = _call(
                "create a customer",
                stripe_client().v1.customers.create,
                params={
                    "name": city.name,
                    "metadata": {"city": city.slug, "city_id": str(city.pk)},
                },
                options={"idempotency_key": f"kota-customer-{city.pk}"},
            )
            locked.stripe_customer_id = customer.id
            locked.save(update_fields=["stripe_customer_id", "updated_at"])
    account.stripe_customer_id = locked.stripe_customer_id
    return account.stripe_customer_id


def has_live_subscription(account: Account) -> bool:
    return bool(account.stripe_subscription_id) and account.status in _CURRENT


def _refuse_if_subscribed_in_stripe(customer: str, message: str) -> None:
    """Stripe's own word, not the account's copy (which waits for the webhooks): a second
    subscription would charge the city twice."""
    found = _call(
        "list subscriptions",
        stripe_client().v1.subscriptions.list,
        params={"customer": customer, "status": "all", "limit": 100},
    )
    if any(s.status in _CURRENT for s in found.data):
        raise ValidationError({"plan": [message]})


def _checkout_expire(session_id: str) -> None:
    """End a Checkout the admin left open, so that only the newest one can be paid."""
    try:
        session = stripe_client().v1.checkout.sessions.retrieve(session_id)
    except stripe.InvalidRequestError:
        return  # gone (Stripe forgets sessions): nothing left to end
    except stripe.StripeError as error:
        raise BillingUnavailable("read a checkout") from error
    if session.status == "open":
        _call("end a checkout", stripe_client().v1.checkout.sessions.expire, session_id)


def checkout_start(*, city: City, plan: Plan, success_url: str, cancel_url: str) -> str:
    """Start a Stripe Checkout for ``plan`` and return the address to send the admin to.
    Nothing is granted here: the plan comes with the subscription's webhook events."""
    if plan.is_free or plan.billed_by_invoice:
        raise ValidationError({"plan": [_("This plan is not paid by card.")]})
    if not plan.stripe_price_id:
        raise ValidationError({"plan": [_("This plan cannot be bought yet; please contact us.")]})
    account = account_for(city)
    subscribed = _("The city already has a subscription; change it under Manage billing.")
    if has_live_subscription(account):
        raise ValidationError({"plan": [subscribed]})
    customer = customer_ensure(account=account)
    with transaction.atomic():
        # One Checkout at a time per city (two tabs, two admins): the previous one ends.
        account = Account.objects.select_for_update().get(pk=account.pk)
        _refuse_if_subscribed_in_stripe(customer, subscribed)
        if account.checkout_session_id:
            _checkout_expire(account.checkout_session_id)
        session = _checkout_create(
            city=city, plan=plan, customer=customer, success_url=success_url, cancel_url=cancel_url
        )
        account.checkout_session_id = session.id
        account.checkout_plan = plan
        account.save(update_fields=["checkout_session_id", "checkout_plan", "updated_at"])
    return session.url


def _checkout_create(*, city: City, plan: Plan, customer: str, success_url: str, cancel_url: str):
    metadata = {"city": city.slug, "plan": plan.key}
    return _call(
        "start a checkout",
        stripe_client().v1.checkout.sessions.create,
        params={
            "mode": "subscription",
            "customer": customer,
            "line_items": [{"price": plan.stripe_price_id, "quantity": 1}],
            "success_url": success_url,
            "cancel_url": cancel_url,
            "client_reference_id": city.slug,
            "metadata": metadata,
            "subscription_data": {"metadata": metadata},
        },
    )


def portal_url(*, city: City, return_url: str) -> str:
    """A Stripe customer portal session for the city: change plan, cancel, update card."""
    account = account_for(city)
    if not account.stripe_customer_id:
        raise ValidationError(_("The city has no billing with Stripe yet."))
    session = _call(
        "open the billing portal",
        stripe_client().v1.billing_portal.sessions.create,
        params={"customer": account.stripe_customer_id, "return_url": return_url},
    )
    return session.url


def invoice_billing_start(*, account: Account, days_until_due: int | None = None) -> Account:
    """Bill the account's plan by invoice (bank transfer): a Stripe subscription with
    ``collection_method=send_invoice``. For regencies that cannot pay by card."""
    plan = account.plan
    if plan.is_free or not plan.stripe_price_id:
        raise ValidationError(_("Choose a paid plan with a Stripe price first."))
    if has_live_subscription(account):
        raise ValidationError(_("This city already has a subscription."))
    days = days_until_due or settings.KOTA_BILLING_INVOICE_DAYS_UNTIL_DUE
    customer = customer_ensure(account=account)
    # A run that created the subscription but could not read it back must not make a
    # second one when the operator tries again.
    _refuse_if_subscribed_in_stripe(customer, _("This city already has a subscription."))
    _call(
        "start invoice billing",
        stripe_client().v1.subscriptions.create,
        params={
            "customer": customer,
            "items": [{"price": plan.stripe_price_id}],
            "collection_method": "send_invoice",
            "days_until_due": days,
            "metadata": {"city": account.city.slug, "plan": plan.key},
        },
    )
    account_sync(account_id=account.pk)
    return Account.objects.select_related("plan", "city").get(pk=account.pk)


# --- The account, mirrored from Stripe ---------------------------------------------------


def _timestamp(value) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def _current_subscription(subscriptions: list[dict]) -> dict | None:
    """The city's current subscription: its newest live one, else its newest one."""
    ordered = sorted(subscriptions, key=lambda s: (s.get("created") or 0, s["id"]), reverse=True)
    return next((s for s in ordered if s.get("status") in _CURRENT), None) or next(
        iter(ordered), None
    )


def _subscription_price(subscription: dict) -> dict:
    items = (subscription.get("items") or {}).get("data") or []
    if not items:
        return {}
    price = items[0].get("price") or items[0].get("plan") or {}
    return price if isinstance(price, dict) else {"id": str(price)}


def _plan_of_price(price: dict) -> Plan | None:
    """The paid plan a Stripe price is for: the plan's current price, or an earlier price
    of it (``prices_ensure`` writes the plan's key in every price it makes)."""
    plan = Plan.objects.filter(stripe_price_id=price.get("id")).first() if price.get("id") else None
    if plan is None and (key := (price.get("metadata") or {}).get("plan")):
        plan = Plan.objects.filter(key=key, price_idr__gt=0).first()
    return plan


def _subscription_period_end(subscription: dict) -> datetime | None:
    items = (subscription.get("items") or {}).get("data") or []
    value = items[0].get("current_period_end") if items else None
    return _timestamp(value or subscription.get("current_period_end"))


def account_sync(*, account_id: int) -> bool:
    """Read the city's subscription from Stripe and make the account say the same.
    Returns whether the account changed. Safe to run at any time, any number of times."""
    with transaction.atomic():
        account = (
            Account.objects.select_for_update()
            .select_related("plan", "city")
            .filter(pk=account_id)
            .first()
        )
        if account is None or not account.stripe_customer_id:
            return False
        found = _call(
            "list subscriptions",
            stripe_client().v1.subscriptions.list,
            params={"customer": account.stripe_customer_id, "status": "all", "limit": 100},
        )
        subscriptions = [as_dict(s) for s in found.data]
        live = [s for s in subscriptions if s.get("status") in _CURRENT]
        if len(live) > 1:
            logger.error(
                "City %s has %d live subscriptions in Stripe (%s); it follows the newest.",
                account.city.slug,
                len(live),
                ", ".join(s["id"] for s in live),
            )
        subscription = _current_subscription(subscriptions)
        before = _account_state(account)
        if (
            subscription is not None
            and subscription.get("status") not in _CURRENT
            and subscription["id"] != account.stripe_subscription_id
        ):
            # An ended subscription the account no longer follows (a plan was given since,
            # or it never followed it): history, not the city's plan.
            subscription = None
        if subscription is None:
            # Never subscribed (an abandoned Checkout), or only ended subscriptions that
            # the account has left behind: the plan stays as it was given.
            account.synced_at = timezone.now()
            account.save(update_fields=["synced_at", "updated_at"])
            return False
        overdue_since = None
        if subscription.get("status") in OVERDUE and account.past_due_since is None:
            overdue_since = _overdue_since(subscription)
        _account_apply(account, subscription, overdue_since=overdue_since)
        changed = _account_state(account) != before
        account.synced_at = timezone.now()
        account.save()
        if account.status in OVERDUE and before["status"] not in OVERDUE:
            from kota.billing.mail import overdue_notice_send

            overdue_notice_send(account=account)
    if changed:
        logger.info(
            "Billing of %s is now %s on %s.", account.city.slug, account.status, account.plan.key
        )
    return changed


def _account_state(account: Account) -> dict:
    return {
        "plan": account.plan_id,
        "status": account.status,
        "subscription": account.stripe_subscription_id,
        "period_end": account.current_period_end,
        "cancel": account.cancel_at_period_end,
        "collection": account.collection_method,
        "past_due_since": account.past_due_since,
    }


def _overdue_since(subscription: dict) -> datetime:
    """When the subscription's unpaid invoice fell due, by Stripe's clock: its due date
    (invoice billing) or its creation (the renewal that a card failed to pay). A missed
    webhook found later by a sync does not lengthen the grace period."""
    now = timezone.now()
    invoice_id = subscription.get("latest_invoice")
    if isinstance(invoice_id, dict):
        invoice_id = invoice_id.get("id")
    if not invoice_id:
        return now
    invoice = as_dict(_call("read an invoice", stripe_client().v1.invoices.retrieve, invoice_id))
    since = _timestamp(invoice.get("due_date") or invoice.get("created"))
    return min(since, now) if since else now


def _account_apply(
    account: Account, subscription: dict, *, overdue_since: datetime | None = None
) -> None:
    status = subscription.get("status") or ""
    if status not in SubscriptionStatus.values:
        status = SubscriptionStatus.INCOMPLETE
    account.stripe_subscription_id = subscription["id"]
    account.status = status
    account.collection_method = subscription.get("collection_method") or ""
    account.cancel_at_period_end = bool(subscription.get("cancel_at_period_end"))
    account.current_period_end = _subscription_period_end(subscription)
    if status in OVERDUE:
        account.past_due_since = account.past_due_since or overdue_since or timezone.now()
    else:
        account.past_due_since = None
    if status in (SubscriptionStatus.CANCELED, SubscriptionStatus.INCOMPLETE_EXPIRED):
        account.plan = _free_plan()
        account.cancel_at_period_end = False
        return
    plan = _plan_of_price(_subscription_price(subscription))
    if plan is None:
        # Fail closed: a price that is no plan's (one made by hand in Stripe, say) pays
        # for nothing here; the free plan holds until an operator sorts it out.
        logger.error(
            "Subscription %s of %s has price %s, which is no plan's: on the free plan.",
            subscription["id"],
            account.city.slug,
            _subscription_price(subscription).get("id", ""),
        )
        account.plan = _free_plan()
        return
    # While it waits for its first payment (incomplete) the plan is named but not given:
    # see kota.billing.entitlements.
    account.plan = plan


def accounts_sync_all() -> dict[str, int]:
    """Reconcile every city that has a Stripe customer (for missed events)."""
    report = {"checked": 0, "changed": 0, "failed": 0}
    for account_id in Account.objects.exclude(stripe_customer_id=None).values_list("pk", flat=True):
        report["checked"] += 1
        try:
            if account_sync(account_id=account_id):
                report["changed"] += 1
        except BillingUnavailable:
            report["failed"] += 1
    return report


# --- Webhook events ------------------------------------------------------------------------

HANDLED_EVENTS = {
    "checkout.session.completed",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "invoice.paid",
    "invoice.payment_failed",
}


def event_record(event) -> tuple[StripeEvent, bool]:
    """Store a verified event before anything else; a second delivery of the same event
    is found and not stored again. Returns (event, whether it is new)."""
    data = as_dict(event)
    try:
        with transaction.atomic():
            stored, created = StripeEvent.objects.get_or_create(
                stripe_id=data["id"],
                defaults={
                    "type": str(data.get("type", ""))[:100],
                    "created": int(data.get("created") or 0),
                    "payload": data,
                },
            )
    except IntegrityError:
        # The same event, delivered twice at the same instant.
        return StripeEvent.objects.get(stripe_id=data["id"]), False
    return stored, created


def _event_customer(payload: dict) -> str:
    """The Stripe customer an event is about ("" when it names none)."""
    data = payload.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    customer = obj.get("customer") if isinstance(obj, dict) else None
    if isinstance(customer, dict):
        customer = customer.get("id")
    return customer if isinstance(customer, str) else ""


def event_process(*, stripe_id: str) -> str:
    """Act on one stored event: re-read the subscription of the city it concerns. Raises
    (and records the error) when Stripe cannot be read, so the caller can retry."""
    event = StripeEvent.objects.filter(stripe_id=stripe_id).first()
    if event is None:
        return "missing"
    if event.processed_at is not None:
        return "done before"
    StripeEvent.objects.filter(pk=event.pk).update(
        attempts=F("attempts") + 1, attempted_at=timezone.now()
    )
    outcome = "ignored"
    if event.type in HANDLED_EVENTS:
        customer = _event_customer(event.payload)
        account = Account.objects.filter(stripe_customer_id=customer).first() if customer else None
        if account is None:
            outcome = "no city"
        else:
            try:
                account_sync(account_id=account.pk)
            except Exception as error:  # recorded for the operator, then raised to retry
                problem = str(error.__cause__ or error) or type(error).__name__
                StripeEvent.objects.filter(pk=event.pk).update(last_error=problem[:2000])
                raise
            outcome = "synced"
    StripeEvent.objects.filter(pk=event.pk).update(processed_at=timezone.now(), last_error="")
    return outcome
