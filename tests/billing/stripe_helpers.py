"""Talking to the fake Stripe server from tests: its hosted pages, its test controls."""

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

STRIPE_KEY = "sk_test_kota_suite"
WEBHOOK_SECRET = "whsec_kota_suite"


@dataclass
class Answer:
    status: int
    location: str
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def post_form(url: str, data: dict) -> Answer:
    """POST a form the way a browser would, without following the redirect."""
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - 127.0.0.1
    try:
        with _opener.open(request, timeout=10) as response:
            return Answer(
                response.status, response.headers.get("Location", ""), response.read().decode()
            )
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers.get("Location", ""), error.read().decode())


def webhook_register(stripe_url: str, *, url: str, name: str = "kota") -> None:
    """Have the fake Stripe server sign and send every event to ``url``."""
    answer = post_form(
        f"{stripe_url}/_config/webhooks/{name}", {"url": url, "secret": WEBHOOK_SECRET}
    )
    assert answer.status == 200, answer.body


def subscription_renew(stripe_url: str, subscription_id: str, *, outcome: str) -> dict:
    """Bill the subscription's next period now (in place of Stripe's test clocks)."""
    answer = post_form(
        f"{stripe_url}/_kota/subscriptions/{subscription_id}/renew", {"outcome": outcome}
    )
    assert answer.status == 200, answer.body
    return json.loads(answer.body)


def wait_until(predicate, *, timeout: float = 20, what: str = "the webhook events"):
    """Poll ``predicate`` until it returns something truthy (webhooks arrive ~1 s late)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}.")
        time.sleep(0.2)
