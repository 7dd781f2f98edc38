"""The fake Stripe server (localstripe + kota_localstripe), driven through stripe 16's
StripeClient as Kota's billing code drives it, with webhooks received and verified."""

import json
import threading
import time
import uuid
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import stripe

from kota_localstripe.launcher import server_running

WEBHOOK_SECRET = "whsec_kota_test"
LOCALSTRIPE_PICKLE = Path("/tmp/localstripe.pickle")


class WebhookReceiver:
    """Collects the events the server sends, once their signature checks out."""

    def __init__(self):
        self.events: list[stripe.Event] = []
        self.rejected: list[str] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                payload = self.rfile.read(int(self.headers["Content-Length"]))
                try:
                    event = stripe.Webhook.construct_event(
                        payload, self.headers["Stripe-Signature"], WEBHOOK_SECRET, tolerance=300
                    )
                except (ValueError, stripe.SignatureVerificationError) as error:
                    receiver.rejected.append(str(error))
                    self.send_response(400)
                else:
                    with receiver._lock:
                        receiver.events.append(event)
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, event_type: str, object_id: str, timeout: float = 5) -> stripe.Event:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.of(event_type, object_id)
            if found:
                return found[-1]
            time.sleep(0.05)
        raise AssertionError(f"no {event_type} for {object_id}; rejected: {self.rejected}")

    def wait_for_count(self, event_type: str, object_id: str, count: int, timeout: float = 5):
        """The events of a type for an object once there are `count` of them (delivery
        order is not guaranteed, as with Stripe)."""
        deadline = time.monotonic() + timeout
        while len(self.of(event_type, object_id)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        found = self.of(event_type, object_id)
        assert len(found) == count, f"{len(found)} {event_type} for {object_id}, not {count}"
        return found

    def of(self, event_type: str, object_id: str) -> list[stripe.Event]:
        with self._lock:
            return [
                event
                for event in self.events
                if event.type == event_type and event.data.object.id == object_id
            ]


def _pickle_state():
    return LOCALSTRIPE_PICKLE.stat().st_mtime_ns if LOCALSTRIPE_PICKLE.exists() else None


@pytest.fixture(scope="module")
def pickle_before():
    return _pickle_state()


@pytest.fixture(scope="module")
def server_url(pickle_before, tmp_path_factory):
    with server_running(log_path=tmp_path_factory.mktemp("stripe") / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def webhooks(server_url):
    receiver = WebhookReceiver()
    status, _, _ = http(
        "POST",
        f"{server_url}/_config/webhooks/test",
        {"url": receiver.url, "secret": WEBHOOK_SECRET},
    )
    assert status == 200
    yield receiver
    receiver.server.shutdown()


@pytest.fixture(scope="module")
def client(server_url):
    return stripe.StripeClient("sk_test_kota", base_addresses={"api": server_url})


def http(method: str, url: str, form: dict | None = None, json_body: dict | None = None):
    """(status, Location header, body text) without following redirects."""
    parts = urlsplit(url)
    connection = HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers, body = {}, None
    if form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urlencode(form)
    if json_body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(json_body)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    connection.request(method, path, body, headers)
    response = connection.getresponse()
    result = response.status, response.getheader("Location"), response.read().decode()
    connection.close()
    return result


def make_price(client, *, amount=150_000_00, name="Kota Basic", lookup_key=None):
    product = client.v1.products.create(params={"name": name, "metadata": {"tier": name}})
    return client.v1.prices.create(
        params={
            "product": product.id,
            "currency": "idr",
            "unit_amount": amount,
            "recurring": {"interval": "month"},
            "lookup_key": lookup_key or f"kota-{uuid.uuid4().hex[:8]}",
            "metadata": {"tier": name},
        }
    )


def make_customer(client):
    return client.v1.customers.create(
        params={"name": "Kota Alfa", "email": "billing@alfa.test", "metadata": {"city": "alfa"}}
    )


def checkout(client, customer, price):
    return client.v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "customer": customer.id,
            "line_items": [{"price": price.id, "quantity": 1}],
            "success_url": "http://alfa.localhost/billing/done?session_id={CHECKOUT_SESSION_ID}",
            "cancel_url": "http://alfa.localhost/billing",
            "client_reference_id": "alfa",
            "metadata": {"city": "alfa"},
            "subscription_data": {"metadata": {"city": "alfa"}},
        }
    )


def subscribe_through_checkout(client, server_url, customer, price):
    session = checkout(client, customer, price)
    status, location, _ = http("POST", session.url, {"outcome": "succeed"})
    assert status == 303
    return client.v1.checkout.sessions.retrieve(session.id).subscription


def renew(server_url, subscription_id, outcome):
    return http(
        "POST", f"{server_url}/_kota/subscriptions/{subscription_id}/renew", {"outcome": outcome}
    )


def test_listens_on_127_0_0_1_only_and_writes_no_pickle(server_url, client, pickle_before):
    port = int(urlsplit(server_url).port)
    make_customer(client)  # a write, which localstripe alone would pickle

    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                listening.append((table, local.rsplit(":", 1)[0]))

    assert listening == [("/proc/net/tcp", "0100007F")]
    assert _pickle_state() == pickle_before


def test_prices_are_plans_listed_by_lookup_key(client):
    key = f"kota-{uuid.uuid4().hex[:8]}"
    price = make_price(client, amount=99_000_00, lookup_key=key)

    listed = client.v1.prices.list(params={"lookup_keys": [key], "active": True})
    everything = client.v1.prices.list(params={"limit": 100})

    assert price.id.startswith("price_")
    assert (price.object, price.active, price.currency, price.unit_amount) == (
        "price",
        True,
        "idr",
        99_000_00,
    )
    assert price.recurring.interval == "month"
    assert price.lookup_key == key
    assert price.metadata.to_dict() == {"tier": "Kota Basic"}
    assert [p.id for p in listed.data] == [price.id]
    assert price.id in [p.id for p in everything.data]
    assert client.v1.prices.retrieve(price.id).lookup_key == key
    assert client.v1.plans.retrieve(price.id).amount == 99_000_00


def test_checkout_succeed_subscribes_and_redirects(client, server_url, webhooks):
    customer, price = make_customer(client), make_price(client)
    session = checkout(client, customer, price)
    assert session.url == f"{server_url}/_kota/checkout/{session.id}"
    assert (session.status, session.payment_status, session.subscription) == (
        "open",
        "unpaid",
        None,
    )

    page_status, _, page = http("GET", session.url)
    status, location, _ = http("POST", session.url, {"outcome": "succeed"})

    assert page_status == 200
    assert 'id="pay-succeed"' in page
    assert 'id="pay-decline"' in page
    assert "Kota Basic" in page
    assert status == 303
    assert location == f"http://alfa.localhost/billing/done?session_id={session.id}"
    done = client.v1.checkout.sessions.retrieve(session.id)
    assert (done.status, done.payment_status) == ("complete", "paid")
    subscription = client.v1.subscriptions.retrieve(done.subscription)
    assert subscription.status == "active"
    assert subscription.metadata.to_dict() == {"city": "alfa"}
    item = subscription["items"].data[0]
    assert item.price.id == price.id
    assert item.current_period_start == subscription.current_period_start
    assert item.current_period_end > item.current_period_start
    card = client.v1.customers.retrieve(customer.id).invoice_settings.default_payment_method
    assert card.startswith("pm_")
    event = webhooks.wait_for("checkout.session.completed", session.id)
    assert event.data.object.subscription == subscription.id
    assert event.data.object.client_reference_id == "alfa"
    webhooks.wait_for("invoice.paid", subscription.latest_invoice)


def test_checkout_decline_subscribes_nothing_and_stays_open(client, server_url):
    customer, price = make_customer(client), make_price(client)
    session = checkout(client, customer, price)

    status, location, page = http("POST", session.url, {"outcome": "decline"})

    assert (status, location) == (402, None)
    assert "Your card was declined." in page
    assert client.v1.checkout.sessions.retrieve(session.id).status == "open"
    subscriptions = client.v1.subscriptions.list(params={"customer": customer.id, "status": "all"})
    assert subscriptions.data == []


def test_checkout_completes_once_and_expired_sessions_do_not(client, server_url):
    customer, price = make_customer(client), make_price(client)
    done = checkout(client, customer, price)
    http("POST", done.url, {"outcome": "succeed"})
    expired = client.v1.checkout.sessions.expire(checkout(client, customer, price).id)

    again, _, _ = http("POST", f"{server_url}/_kota/checkout/{done.id}", {"outcome": "succeed"})
    late, _, _ = http("POST", f"{server_url}/_kota/checkout/{expired.id}", {"outcome": "succeed"})

    assert (again, late) == (409, 409)
    assert expired.status == "expired"
    subscriptions = client.v1.subscriptions.list(params={"customer": customer.id, "status": "all"})
    assert len(subscriptions.data) == 1


def test_checkout_rejects_other_modes(client):
    customer, price = make_customer(client), make_price(client)

    with pytest.raises(stripe.InvalidRequestError) as error:
        client.v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "customer": customer.id,
                "line_items": [{"price": price.id, "quantity": 1}],
                "success_url": "http://alfa.localhost/done",
            }
        )

    assert error.value.http_status == 400


def test_portal_switches_cancels_resumes_and_replaces_the_card(client, server_url, webhooks):
    customer = make_customer(client)
    basic = make_price(client, amount=100_000_00, name="Kota Basic")
    plus = make_price(client, amount=250_000_00, name="Kota Plus")
    subscription_id = subscribe_through_checkout(client, server_url, customer, basic)
    portal = client.v1.billing_portal.sessions.create(
        params={"customer": customer.id, "return_url": "http://alfa.localhost/billing"}
    )
    assert portal.url == f"{server_url}/_kota/portal/{portal.id}"

    _, _, page = http("GET", portal.url)
    switched = http("POST", portal.url, {"action": "switch", "price": plus.id})
    after_switch = client.v1.subscriptions.retrieve(subscription_id)
    canceled = http("POST", portal.url, {"action": "cancel"})
    after_cancel = client.v1.subscriptions.retrieve(subscription_id)
    resumed = http("POST", portal.url, {"action": "resume"})
    after_resume = client.v1.subscriptions.retrieve(subscription_id)
    card = http("POST", portal.url, {"action": "card-succeed"})

    assert f'id="switch-{plus.lookup_key}"' in page
    assert 'id="cancel"' in page
    assert 'id="return" href="http://alfa.localhost/billing"' in page
    assert [switched[:2], canceled[:2], resumed[:2], card[:2]] == [
        (303, f"/_kota/portal/{portal.id}")
    ] * 4
    assert after_switch["items"].data[0].price.id == plus.id
    assert after_switch.status == "active"
    assert after_cancel.cancel_at_period_end is True
    assert after_resume.cancel_at_period_end is False
    assert after_resume.status == "active"
    assert client.v1.invoices.list(params={"subscription": subscription_id}).data[0].amount_due == (
        100_000_00
    )
    _, _, page = http("GET", portal.url)
    assert 'id="card-succeed"' in page
    updates = webhooks.wait_for_count("customer.subscription.updated", subscription_id, 3)
    assert sorted(event.data.object.cancel_at_period_end for event in updates) == [
        False,
        False,
        True,
    ]
    assert {event.data.object["items"].data[0].price.id for event in updates} == {plus.id}


def test_renew_decline_goes_past_due_until_the_card_is_fixed(client, server_url, webhooks):
    customer, price = make_customer(client), make_price(client)
    subscription_id = subscribe_through_checkout(client, server_url, customer, price)
    first = client.v1.subscriptions.retrieve(subscription_id)

    paid_status, _, paid_body = renew(server_url, subscription_id, "succeed")
    renewed = json.loads(paid_body)
    declined_status, _, declined_body = renew(server_url, subscription_id, "decline")
    declined = json.loads(declined_body)
    invoices = client.v1.invoices.list(
        params={"customer": customer.id, "subscription": subscription_id, "limit": 10}
    )

    assert (paid_status, declined_status) == (200, 200)
    assert renewed["status"] == "active"
    assert renewed["items"]["data"][0]["current_period_start"] == first.current_period_end
    assert renewed["current_period_start"] == first.current_period_end
    assert declined["status"] == "past_due"
    assert declined["current_period_start"] == renewed["current_period_end"]
    assert [invoice.status for invoice in invoices.data] == ["open", "paid", "paid"]
    overdue = invoices.data[0]
    assert overdue.parent.subscription_details.subscription == subscription_id
    assert (overdue.amount_due, overdue.amount_paid) == (150_000_00, 0)
    assert overdue.period_start == declined["current_period_start"]
    webhooks.wait_for("invoice.payment_failed", overdue.id)
    webhooks.wait_for("invoice.paid", invoices.data[1].id)
    updates = webhooks.wait_for_count("customer.subscription.updated", subscription_id, 2)
    assert sorted(event.data.object.status for event in updates) == ["active", "past_due"]

    portal = client.v1.billing_portal.sessions.create(params={"customer": customer.id})
    http("POST", portal.url, {"action": "card-decline"})
    still = client.v1.subscriptions.retrieve(subscription_id)
    http("POST", portal.url, {"action": "card-succeed"})
    fixed = client.v1.subscriptions.retrieve(subscription_id)

    assert still.status == "past_due"
    assert fixed.status == "active"
    assert client.v1.invoices.retrieve(overdue.id).status == "paid"
    webhooks.wait_for("invoice.paid", overdue.id)
    updates = webhooks.wait_for_count("customer.subscription.updated", subscription_id, 3)
    assert sorted(event.data.object.status for event in updates) == ["active", "active", "past_due"]


def test_send_invoice_subscription_is_paid_out_of_band(client, webhooks):
    customer, price = make_customer(client), make_price(client)

    subscription = client.v1.subscriptions.create(
        params={
            "customer": customer.id,
            "items": [{"price": price.id}],
            "metadata": {"city": "alfa"},
            "collection_method": "send_invoice",
            "days_until_due": 30,
        }
    )
    invoice = client.v1.invoices.retrieve(subscription.latest_invoice)
    paid = client.v1.invoices.pay(invoice.id, params={"paid_out_of_band": True})

    assert (subscription.status, subscription.collection_method) == ("active", "send_invoice")
    assert subscription.days_until_due == 30
    assert (invoice.status, invoice.collection_method) == ("open", "send_invoice")
    assert abs(invoice.due_date - (time.time() + 30 * 86400)) < 60
    assert invoice.hosted_invoice_url.endswith(f"/_kota/invoices/{invoice.id}")
    assert (invoice.amount_due, invoice.amount_paid, invoice.currency) == (150_000_00, 0, "idr")
    assert (paid.status, paid.amount_paid) == ("paid", 150_000_00)
    assert http("GET", invoice.hosted_invoice_url)[0] == 200
    webhooks.wait_for("invoice.paid", invoice.id)


def test_send_invoice_renewal_declined_is_past_due(client, server_url, webhooks):
    customer, price = make_customer(client), make_price(client)
    subscription = client.v1.subscriptions.create(
        params={
            "customer": customer.id,
            "items": [{"price": price.id}],
            "collection_method": "send_invoice",
            "days_until_due": 14,
        }
    )

    status, _, body = renew(server_url, subscription.id, "decline")

    assert (status, json.loads(body)["status"]) == (200, "past_due")
    invoices = client.v1.invoices.list(params={"subscription": subscription.id})
    assert [invoice.status for invoice in invoices.data] == ["open", "open"]
    event = webhooks.wait_for("customer.subscription.updated", subscription.id)
    assert event.data.object.status == "past_due"
    assert event.data.previous_attributes.status == "active"


def test_api_update_switches_price_and_sets_cancel_at_period_end(client, server_url, webhooks):
    customer = make_customer(client)
    basic, plus = make_price(client), make_price(client, amount=300_000_00, name="Kota Plus")
    subscription_id = subscribe_through_checkout(client, server_url, customer, basic)
    item_id = client.v1.subscriptions.retrieve(subscription_id)["items"].data[0].id

    updated = client.v1.subscriptions.update(
        subscription_id,
        params={
            "items": [{"id": item_id, "price": plus.id}],
            "proration_behavior": "none",
            "cancel_at_period_end": True,
        },
    )

    assert updated["items"].data[0].price.id == plus.id
    assert updated["items"].data[0].id == item_id
    assert updated.cancel_at_period_end is True
    event = webhooks.wait_for("customer.subscription.updated", subscription_id)
    assert event.data.object.cancel_at_period_end is True


def test_renew_with_cancel_at_period_end_ends_the_subscription(client, server_url, webhooks):
    customer, price = make_customer(client), make_price(client)
    subscription_id = subscribe_through_checkout(client, server_url, customer, price)
    client.v1.subscriptions.update(subscription_id, params={"cancel_at_period_end": True})

    status, _, body = renew(server_url, subscription_id, "succeed")

    assert (status, json.loads(body)["status"]) == (200, "canceled")
    assert client.v1.subscriptions.retrieve(subscription_id).status == "canceled"
    assert len(client.v1.invoices.list(params={"subscription": subscription_id}).data) == 1
    event = webhooks.wait_for("customer.subscription.deleted", subscription_id)
    assert event.data.object.status == "canceled"


def test_renew_unknown_subscription_is_a_404(server_url):
    status, _, body = renew(server_url, "sub_nope", "succeed")

    assert status == 404
    assert json.loads(body)["error"]["type"] == "invalid_request_error"


def test_clearing_data_clears_sessions_too(client, server_url):
    customer, price = make_customer(client), make_price(client)
    session = checkout(client, customer, price)

    status, _, _ = http("DELETE", f"{server_url}/_config/data")

    assert status == 200
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.checkout.sessions.retrieve(session.id)
    assert http("GET", session.url)[0] == 404
