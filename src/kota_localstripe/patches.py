"""Changes to localstripe's own classes, all in one place (development and tests only).

- The store lives in memory, or in the file given with `--state-file`: localstripe would
  otherwise pickle every run's state to the shared /tmp/localstripe.pickle and load it back.
- Subscriptions accept `items[].price` (a Price is a Plan with the same id), store
  `collection_method` and `days_until_due`, export `price` and the current period on their
  items, and can move to their next period (`_period_start`, see `subscription_renew`).
- A `send_invoice` subscription is active at once; its invoices are finalized and left open
  with a `due_date`.
- `POST /v1/invoices/{id}/pay` accepts `paid_out_of_band`; an invoice that becomes paid
  sends `invoice.paid`, one whose charge fails sends `invoice.payment_failed`.
- A plan change does not add localstripe's "Unused time" items (it credits every earlier
  invoice in full); proration is not simulated.

Import this module before `localstripe.server`: the server copies the extra routes from
`localstripe.resources.extra_apis` when it is imported.
"""

import inspect
import pickle
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from dateutil.relativedelta import relativedelta
from localstripe import resources
from localstripe.errors import UserError
from localstripe.resources import (
    Event,
    Invoice,
    InvoiceItem,
    Plan,
    Store,
    Subscription,
    SubscriptionItem,
    schedule_webhook,
    store,
    try_convert_to_bool,
    try_convert_to_int,
)

from kota_localstripe import urls

assert "localstripe.server" not in sys.modules, "import kota_localstripe.patches first"

COLLECTION_METHODS = ("charge_automatically", "send_invoice")
PRORATION_BEHAVIORS = ("create_prorations", "none", "always_invoice")
SECONDS_PER_DAY = 86400


# localstripe pickles its state to one fixed file in /tmp, shared by every run. Here the
# state stays in memory, or in the file given with --state-file (development keeps it
# beside its database, so customers and subscriptions outlive a restart).
state_file: Path | None = None


def _state_dump(self):
    if state_file is None:
        return
    partial = state_file.with_name(state_file.name + ".partial")
    with partial.open("wb") as handle:
        pickle.dump(dict(self), handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(state_file)


def _state_load(self):
    if state_file is None or not state_file.exists():
        return
    with state_file.open("rb") as handle:
        saved = pickle.load(handle)  # noqa: S301 - our own file, written by _state_dump
    self.clear()
    dict.update(self, saved)


Store.dump_to_disk = _state_dump
Store.try_load_from_disk = _state_load


def replace_extra_api(method: str, url: str, func) -> None:
    """Point one of localstripe's extra routes at another function."""
    for index, (known_method, known_url, _func) in enumerate(resources.extra_apis):
        if (known_method, known_url) == (method, url):
            resources.extra_apis[index] = (method, url, func)
            return
    raise LookupError(f"localstripe has no route {method} {url}")


def price_export_for_plan(plan: Plan) -> dict:
    """The Price view of a Plan (a Price created through /v1/prices has its own object)."""
    price = store.get("price:" + plan.id)
    if price is not None:
        return price._export()
    return {
        "object": "price",
        "id": plan.id,
        "active": plan.active,
        "currency": plan.currency,
        "unit_amount": plan.amount,
        "recurring": {"interval": plan.interval, "interval_count": plan.interval_count},
        "lookup_key": None,
        "product": plan.product,
        "metadata": plan.metadata,
        "type": "recurring",
    }


def items_with_plans(items):
    """Translate `items[].price` into localstripe's `items[].plan`."""
    if items is None:
        return None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise UserError(400, "items must be a list of objects")
    translated = []
    for item in items:
        item = dict(item)
        if "price" in item:
            if "plan" in item:
                raise UserError(400, "Give items[].price or items[].plan, not both")
            price_id = item.pop("price")
            if not isinstance(price_id, str) or "plan:" + price_id not in store:
                raise UserError(404, f"No such price: '{price_id}'")
            item["plan"] = price_id
        translated.append(item)
    return translated


def _checked_collection(collection_method, days_until_due):
    days_until_due = try_convert_to_int(days_until_due)
    if collection_method not in COLLECTION_METHODS:
        raise UserError(400, "collection_method must be one of " + ", ".join(COLLECTION_METHODS))
    if collection_method == "send_invoice":
        if not isinstance(days_until_due, int) or days_until_due < 0:
            raise UserError(400, "days_until_due is required with collection_method=send_invoice")
    elif days_until_due is not None:
        raise UserError(400, "days_until_due is only for collection_method=send_invoice")
    return collection_method, days_until_due


# --- Subscriptions ---------------------------------------------------------------------

_subscription_init = Subscription.__init__
_subscription_update = Subscription._update
_subscription_create_invoice = Subscription._create_invoice


def subscription_init(
    self, *, items=None, collection_method="charge_automatically", days_until_due=None, **data
):
    collection_method, days_until_due = _checked_collection(collection_method, days_until_due)
    # Set before localstripe's __init__, which creates (and may pay) the first invoice.
    self.collection_method = collection_method
    self.days_until_due = days_until_due
    _subscription_init(self, items=items_with_plans(items), **data)


def subscription_update(
    self,
    *,
    items=None,
    proration_behavior=None,
    payment_behavior=None,
    collection_method=None,
    days_until_due=None,
    **data,
):
    if proration_behavior is not None and proration_behavior not in PRORATION_BEHAVIORS:
        raise UserError(400, "proration_behavior must be one of " + ", ".join(PRORATION_BEHAVIORS))
    if collection_method is not None:
        collection_method, days_until_due = _checked_collection(collection_method, days_until_due)
    try:
        inspect.signature(_subscription_update).bind(self, **data)
    except TypeError as error:
        raise UserError(400, f"Unexpected parameters: {error}") from None
    keys_before, item_before = set(store.keys()), self.items._list[0]
    _subscription_update(self, items=items_with_plans(items), **data)
    for key in set(store.keys()) - keys_before:
        if key.startswith("invoiceitem:") and store[key].description == "Unused time":
            del store[key]
    _keep_item_id(self.items._list[0], item_before)
    if collection_method is not None:
        self.collection_method = collection_method
        self.days_until_due = days_until_due


def _keep_item_id(item, item_before) -> None:
    """An updated item keeps its id, as on Stripe (localstripe makes a new item)."""
    if item is item_before:
        return
    del store["subscription_item:" + item.id]
    item.id = item_before.id
    store["subscription_item:" + item.id] = item


def subscription_create_invoice(self):
    if self.collection_method == "charge_automatically":
        return _subscription_create_invoice(self)
    pending_items = [
        item
        for item in InvoiceItem._api_list_all(None, customer=self.customer, limit=99)._list
        if item.invoice is None
    ]
    invoice = Invoice(
        customer=self.customer,
        subscription=self.id,
        items=pending_items + self.items._list,
        tax_percent=self.tax_percent,
        default_tax_rates=[rate.id for rate in (self.default_tax_rates or [])],
        date=self.current_period_start,
    )
    invoice.collection_method = "send_invoice"
    invoice.due_date = int(time.time()) + self.days_until_due * SECONDS_PER_DAY
    invoice._finalize()
    if self.status == "incomplete":
        self.status = "active"
    return invoice


def subscription_on_payment_success(self, invoice):
    if self.status != "canceled":
        self.status = "active"


Subscription.__init__ = subscription_init
Subscription._update = subscription_update
Subscription._create_invoice = subscription_create_invoice
Subscription._on_initial_payment_success = subscription_on_payment_success


# --- Subscription items ------------------------------------------------------------------

_INTERVALS = {
    "day": lambda count: relativedelta(days=count),
    "week": lambda count: relativedelta(weeks=count),
    "month": lambda count: relativedelta(months=count),
    "year": lambda count: relativedelta(years=count),
}


def item_current_period(self):
    """The item's period: from the subscription's start, or from where renewals moved it."""
    if self._subscription:
        subscription = Subscription._api_retrieve(self._subscription)
        start = getattr(subscription, "_period_start", None) or subscription.start_date
    else:
        start = int(time.time())
    step = _INTERVALS[self.plan.interval](self.plan.interval_count or 1)
    end = datetime.fromtimestamp(start, tz=UTC) + step
    return {"start": start, "end": int(end.timestamp())}


SubscriptionItem._current_period = item_current_period
SubscriptionItem.price = property(lambda self: price_export_for_plan(self.plan))
SubscriptionItem.subscription = property(lambda self: self._subscription)
SubscriptionItem.current_period_start = property(lambda self: self._current_period()["start"])
SubscriptionItem.current_period_end = property(lambda self: self._current_period()["end"])


# --- Invoices -------------------------------------------------------------------------------

_invoice_status = Invoice.status.fget
_invoice_pay = Invoice._api_pay_invoice.__func__
_invoice_on_payment_success = Invoice._on_payment_success


def invoice_status(self):
    if self.paid_out_of_band:
        return "paid"
    return _invoice_status(self)


def invoice_hosted_url(self):
    if not self.id or self.id.startswith("upcoming_"):
        return None
    return urls.page_url(f"/_kota/invoices/{self.id}")


def invoice_on_payment_success(self):
    _invoice_on_payment_success(self)
    schedule_webhook(Event("invoice.paid", self))


def invoice_pay(id, paid_out_of_band=None, **kwargs):
    """POST /v1/invoices/{id}/pay: charge the default payment method, or mark paid."""
    if kwargs:
        raise UserError(400, "Unexpected " + ", ".join(kwargs))
    paid_out_of_band = try_convert_to_bool(paid_out_of_band)
    if paid_out_of_band not in (None, True, False):
        raise UserError(400, "paid_out_of_band must be a boolean")
    if not paid_out_of_band:
        invoice = _invoice_pay(Invoice, id)
        if invoice.charge is not None and invoice.charge.status == "failed":
            schedule_webhook(Event("invoice.payment_failed", invoice))
        return invoice
    invoice = Invoice._api_retrieve(id)
    if invoice.status not in ("draft", "open"):
        raise UserError(400, f"Invoice is {invoice.status}, it cannot be paid")
    if invoice.status == "draft":
        invoice._finalize()
    invoice.paid_out_of_band = True
    invoice._on_payment_success()
    return invoice


Invoice.status = property(invoice_status)
Invoice.due_date = None
Invoice.paid_out_of_band = False
Invoice.hosted_invoice_url = property(invoice_hosted_url)
Invoice._on_payment_success = invoice_on_payment_success
Invoice._api_pay_invoice = classmethod(lambda cls, id, **data: invoice_pay(id, **data))
replace_extra_api("POST", "/v1/invoices/{id}/pay", invoice_pay)
