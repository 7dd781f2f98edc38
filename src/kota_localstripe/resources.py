"""Stripe objects localstripe lacks, and what its test pages do (development and tests only).

- Price: `/v1/prices`. Each Price is backed by a localstripe Plan with the same id, so
  subscriptions, invoices and upcoming invoices keep working unchanged.
- Checkout Session (mode=subscription only): `/v1/checkout/sessions`, completed on the test
  page `/_kota/checkout/<id>` with a card that works or one that is declined.
- Billing portal session: `/v1/billing_portal/sessions`, acted on at `/_kota/portal/<id>`.
- `subscription_renew`: bill the next period now (in place of Stripe's test clocks).

All objects live in localstripe's store, so `DELETE /_config/data` clears them too.
"""

import time
from contextlib import contextmanager

from localstripe.errors import UserError
from localstripe.resources import (
    Customer,
    Event,
    Invoice,
    List,
    PaymentMethod,
    Plan,
    Product,
    StripeObject,
    Subscription,
    extra_apis,
    random_id,
    schedule_webhook,
    store,
    try_convert_to_bool,
    try_convert_to_int,
)

from kota_localstripe import urls
from kota_localstripe.patches import price_export_for_plan

CHECKOUT_LIFETIME = 24 * 3600
WORKING_CARD = "pm_card_visa"
FAILING_CARD = "pm_card_chargeCustomerFail"  # attaches fine, every charge is declined


def _unexpected(params: dict) -> None:
    if params:
        raise UserError(400, "Unexpected " + ", ".join(sorted(params)))


def _retrieve(cls, id: str, label: str):
    obj = store.get(f"{cls.object}:{id}") if isinstance(id, str) else None
    if obj is None:
        raise UserError(404, f"No such {label}: '{id}'")
    return obj


def _listed(url: str, objects: list, limit=None, starting_after=None) -> List:
    page = List(url, limit=limit, starting_after=starting_after)
    page._list = sorted(objects, key=lambda obj: obj.created, reverse=True)
    return page


# --- Prices -----------------------------------------------------------------------------


class Price(StripeObject):
    object = "price"
    _id_prefix = "price_"

    def __init__(self, id, plan: Plan, lookup_key=None, nickname=None):
        super().__init__(id)
        self.active = plan.active
        self.currency = plan.currency
        self.unit_amount = plan.amount
        self.recurring = {
            "interval": plan.interval,
            "interval_count": plan.interval_count,
            "usage_type": "licensed",
        }
        self.lookup_key = lookup_key
        self.nickname = nickname
        self.product = plan.product
        self.metadata = plan.metadata
        self.type = "recurring"
        self.billing_scheme = "per_unit"


def _take_lookup_key(lookup_key, transfer: bool) -> None:
    for other in _prices():
        if other.lookup_key == lookup_key:
            if not transfer:
                raise UserError(400, f"A price with lookup_key '{lookup_key}' already exists")
            other.lookup_key = None


def price_create(
    currency=None,
    unit_amount=None,
    recurring=None,
    product=None,
    product_data=None,
    lookup_key=None,
    transfer_lookup_key=None,
    nickname=None,
    metadata=None,
    active=True,
    **params,
):
    """POST /v1/prices (recurring prices only)."""
    _unexpected(params)
    if not isinstance(recurring, dict) or recurring.get("interval") is None:
        raise UserError(400, "Only recurring prices are supported: give recurring[interval]")
    if (product is None) == (product_data is None):
        raise UserError(400, "Give product or product_data")
    if product_data is not None:
        product = Product(**product_data).id
    if lookup_key is not None:
        _take_lookup_key(lookup_key, transfer=try_convert_to_bool(transfer_lookup_key) is True)
    plan = Plan(
        id=Price._id_prefix + random_id(24),
        amount=unit_amount,
        currency=currency,
        interval=recurring["interval"],
        interval_count=recurring.get("interval_count", 1),
        product=product,
        nickname=nickname,
        metadata=metadata,
        active=active,
    )
    price = Price(plan.id, plan, lookup_key=lookup_key, nickname=nickname)
    schedule_webhook(Event("price.created", price))
    return price


def price_retrieve(id, **params):
    """GET /v1/prices/{id}."""
    params.pop("expand", None)
    _unexpected(params)
    return _retrieve(Price, id, "price")


def price_update(id, active=None, metadata=None, nickname=None, lookup_key=None, **params):
    """POST /v1/prices/{id}: active, metadata, nickname, lookup_key."""
    params.pop("transfer_lookup_key", None)
    _unexpected(params)
    price = _retrieve(Price, id, "price")
    plan = Plan._api_retrieve(id)
    if active is not None:
        price.active = plan.active = try_convert_to_bool(active) is True
    if isinstance(metadata, dict):
        price.metadata.update(metadata)
    if nickname is not None:
        price.nickname = plan.nickname = nickname
    if lookup_key is not None:
        _take_lookup_key(lookup_key, transfer=True)
        price.lookup_key = lookup_key or None
    return price


def _prices() -> list[Price]:
    return [obj for key, obj in store.items() if key.startswith("price:")]


def price_list(
    active=None, lookup_keys=None, product=None, limit=None, starting_after=None, **params
):
    """GET /v1/prices, filtered by active, lookup_keys and product."""
    params.pop("type", None)  # only recurring prices exist here
    _unexpected(params)
    prices = _prices()
    if active is not None:
        prices = [price for price in prices if price.active == try_convert_to_bool(active)]
    if lookup_keys is not None:
        keys = lookup_keys if isinstance(lookup_keys, list) else [lookup_keys]
        prices = [price for price in prices if price.lookup_key in keys]
    if product is not None:
        prices = [price for price in prices if price.product == product]
    return _listed("/v1/prices", prices, limit=limit, starting_after=starting_after)


# --- Checkout Sessions -------------------------------------------------------------------------


class CheckoutSession(StripeObject):
    object = "checkout.session"
    _id_prefix = "cs_test_"

    def __init__(self, **fields):
        super().__init__()
        self.__dict__.update(fields)
        self.status = "open"
        self.payment_status = "unpaid"
        self.subscription = None
        self.expires_at = self.created + CHECKOUT_LIFETIME

    @property
    def url(self):
        return urls.page_url(f"/_kota/checkout/{self.id}") if self.status == "open" else None


def checkout_session_price(session: CheckoutSession) -> dict:
    """The price being bought (exported), for the test page."""
    return price_export_for_plan(Plan._api_retrieve(session._line_item["price"]))


def _checked_line_item(line_items) -> dict:
    if not isinstance(line_items, list) or len(line_items) != 1:
        raise UserError(400, "Give exactly one line item")
    item = line_items[0]
    if not isinstance(item, dict) or set(item) - {"price", "quantity"}:
        raise UserError(400, "A line item has a price and a quantity")
    price = _retrieve(Price, item.get("price"), "price")
    if not price.active:
        raise UserError(400, f"The price '{price.id}' is not active")
    quantity = try_convert_to_int(item.get("quantity", 1))
    if not isinstance(quantity, int) or quantity < 1:
        raise UserError(400, "quantity must be a positive integer")
    return {"price": price.id, "quantity": quantity}


def checkout_session_create(
    mode=None,
    customer=None,
    customer_email=None,
    line_items=None,
    success_url=None,
    cancel_url=None,
    client_reference_id=None,
    metadata=None,
    subscription_data=None,
    payment_method_types=None,
    locale=None,
    **params,
):
    """POST /v1/checkout/sessions (mode=subscription only; payment_method_types and locale
    are accepted and ignored)."""
    _unexpected(params)
    if mode != "subscription":
        raise UserError(400, "Only mode=subscription is supported here")
    if not isinstance(success_url, str) or not success_url.startswith("http"):
        raise UserError(400, "success_url must be an http(s) URL")
    subscription_data = subscription_data or {}
    if not isinstance(subscription_data, dict) or set(subscription_data) - {"metadata"}:
        raise UserError(400, "Only subscription_data[metadata] is supported here")
    line_item = _checked_line_item(line_items)
    if customer is not None:
        Customer._api_retrieve(customer)
    price = Price._api_retrieve(line_item["price"])
    session = CheckoutSession(
        mode=mode,
        customer=customer,
        customer_email=customer_email,
        success_url=success_url,
        cancel_url=cancel_url,
        client_reference_id=client_reference_id,
        metadata=metadata or {},
        currency=price.currency,
        amount_total=price.unit_amount * line_item["quantity"],
    )
    session._line_item = line_item
    session._subscription_metadata = subscription_data.get("metadata") or {}
    return session


def checkout_session_retrieve(id, **params):
    """GET /v1/checkout/sessions/{id}."""
    params.pop("expand", None)
    _unexpected(params)
    return _retrieve(CheckoutSession, id, "checkout session")


def checkout_session_expire(id, **params):
    """POST /v1/checkout/sessions/{id}/expire."""
    _unexpected(params)
    session = _retrieve(CheckoutSession, id, "checkout session")
    if session.status != "open":
        raise UserError(400, f"This checkout session is {session.status}, not open")
    session.status = "expired"
    schedule_webhook(Event("checkout.session.expired", session))
    return session


def checkout_session_complete(session: CheckoutSession) -> Subscription:
    """Pay with the test card that works: the customer gets it as default payment method
    and a paid, active subscription; `checkout.session.completed` is sent."""
    if session.status != "open":
        raise UserError(409, f"This checkout session is {session.status}")
    if session.customer is None:
        session.customer = Customer(email=session.customer_email).id
    card = PaymentMethod._api_retrieve(WORKING_CARD)
    PaymentMethod._api_attach(card.id, customer=session.customer)
    Customer._api_update(session.customer, invoice_settings={"default_payment_method": card.id})
    subscription = Subscription(
        customer=session.customer,
        items=[dict(session._line_item)],
        metadata=dict(session._subscription_metadata),
    )
    session.status = "complete"
    session.payment_status = "paid"
    session.subscription = subscription.id
    schedule_webhook(Event("checkout.session.completed", session))
    return subscription


# --- Billing portal -------------------------------------------------------------------------------


class BillingPortalSession(StripeObject):
    object = "billing_portal.session"
    _id_prefix = "bps_"

    def __init__(self, customer, return_url):
        super().__init__()
        self.customer = customer
        self.return_url = return_url

    @property
    def url(self):
        return urls.page_url(f"/_kota/portal/{self.id}")


def portal_session_create(customer=None, return_url=None, locale=None, **params):
    """POST /v1/billing_portal/sessions (locale is accepted and ignored)."""
    _unexpected(params)
    if not isinstance(customer, str):
        raise UserError(400, "customer is required")
    Customer._api_retrieve(customer)
    if return_url is not None and not str(return_url).startswith("http"):
        raise UserError(400, "return_url must be an http(s) URL")
    return BillingPortalSession(customer, return_url)


def portal_session_retrieve(id: str) -> BillingPortalSession:
    return _retrieve(BillingPortalSession, id, "billing portal session")


def customer_current_subscription(customer: str) -> Subscription | None:
    """The customer's newest subscription that has not ended."""
    subscriptions = [
        obj
        for key, obj in store.items()
        if key.startswith("subscription:")
        and obj.customer == customer
        and obj.status not in ("canceled", "incomplete_expired")
    ]
    return subscriptions[-1] if subscriptions else None


def active_prices() -> list[Price]:
    return sorted(
        (price for price in _prices() if price.active), key=lambda price: price.unit_amount
    )


def subscription_switch_price(subscription: Subscription, price_id: str) -> None:
    """Move the subscription to another active price from its next invoice on."""
    price = _retrieve(Price, price_id, "price")
    if not price.active:
        raise UserError(400, f"The price '{price.id}' is not active")
    item = subscription.items._list[0]
    subscription._update(items=[{"id": item.id, "price": price.id}])


def customer_card_replace(customer: str, *, works: bool) -> None:
    """Give the customer a new default card (one that works, or one whose charges are all
    declined), then retry the open invoices of their past_due subscriptions."""
    card = PaymentMethod._api_retrieve(WORKING_CARD if works else FAILING_CARD)
    PaymentMethod._api_attach(card.id, customer=customer)
    Customer._api_update(customer, invoice_settings={"default_payment_method": card.id})
    for key, subscription in list(store.items()):
        if not key.startswith("subscription:") or subscription.customer != customer:
            continue
        if subscription.status != "past_due":
            continue
        if subscription.collection_method != "charge_automatically":
            continue
        open_invoices = Invoice._api_list_all(None, subscription=subscription.id, limit=99)
        for invoice in reversed(open_invoices._list):
            if invoice.status == "open":
                Invoice._api_pay_invoice(invoice.id)


# --- Renewals -------------------------------------------------------------------------------------


@contextmanager
def _declining_card(customer_id: str):
    """Charge a card that is declined in place of the customer's card, for a moment."""
    customer = Customer._api_retrieve(customer_id)
    card = PaymentMethod._api_retrieve(FAILING_CARD)
    card.customer = customer.id
    usual = customer.invoice_settings.get("default_payment_method")
    customer.invoice_settings["default_payment_method"] = card.id
    try:
        yield
    finally:
        customer.invoice_settings["default_payment_method"] = usual


def subscription_renew(subscription_id: str, *, outcome: str) -> Subscription:
    """Start the subscription's next period now and bill it.

    With cancel_at_period_end the subscription ends instead. `outcome=decline` makes the
    charge fail (charge_automatically), or treats the open invoice as overdue (send_invoice):
    either way the subscription becomes past_due.
    """
    if outcome not in ("succeed", "decline"):
        raise UserError(400, "outcome must be succeed or decline")
    subscription = _retrieve(Subscription, subscription_id, "subscription")
    if subscription.status in ("canceled", "incomplete_expired", "incomplete"):
        raise UserError(400, f"The subscription is {subscription.status}, it cannot renew")
    if subscription.cancel_at_period_end:
        Subscription._api_delete(subscription.id)
        subscription.canceled_at = int(time.time())
        return subscription
    subscription._period_start = subscription.current_period_end
    if subscription.collection_method == "send_invoice":
        subscription._create_invoice()
        if outcome == "decline":
            subscription.status = "past_due"
    elif outcome == "decline":
        with _declining_card(subscription.customer):
            subscription._create_invoice()
    else:
        subscription._create_invoice()
    return subscription


extra_apis.extend(
    (
        ("POST", "/v1/prices", price_create),
        ("GET", "/v1/prices", price_list),
        ("GET", "/v1/prices/{id}", price_retrieve),
        ("POST", "/v1/prices/{id}", price_update),
        ("POST", "/v1/checkout/sessions", checkout_session_create),
        ("GET", "/v1/checkout/sessions/{id}", checkout_session_retrieve),
        ("POST", "/v1/checkout/sessions/{id}/expire", checkout_session_expire),
        ("POST", "/v1/billing_portal/sessions", portal_session_create),
    )
)
