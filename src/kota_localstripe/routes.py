"""HTTP routes added to localstripe's aiohttp app (development and tests only).

- GET  /_kota/health                       "ok" once the server answers
- GET  /_kota/checkout/<id>                test checkout page
- POST /_kota/checkout/<id>                outcome=succeed|decline
- GET  /_kota/portal/<id>                  test billing portal
- POST /_kota/portal/<id>                  action=switch (with price)|cancel|resume|
                                           card-succeed|card-decline, then 303 back
- GET  /_kota/invoices/<id>                an invoice's hosted page (read only)
- POST /_kota/subscriptions/<id>/renew     outcome=succeed|decline (form or JSON)

`/_kota/` needs no API key, like localstripe's `/_config/`. Every write also goes through
`subscription_updated_events`, which sends `customer.subscription.updated` for each
subscription whose status, plan, period, cancel_at_period_end or metadata changed.
"""

import json

from aiohttp import web
from localstripe import server as localstripe_server
from localstripe.errors import UserError
from localstripe.resources import Event, Invoice, schedule_webhook, store

from kota_localstripe import pages
from kota_localstripe.resources import (
    CheckoutSession,
    checkout_session_complete,
    customer_card_replace,
    customer_current_subscription,
    portal_session_retrieve,
    subscription_renew,
    subscription_switch_price,
)

WATCHED_FIELDS = (
    "status",
    "cancel_at_period_end",
    "current_period_start",
    "current_period_end",
    "metadata",
)


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html")


async def _form(request: web.Request) -> dict:
    if request.content_type == "application/json":
        try:
            data = await request.json()
        except json.JSONDecodeError:
            raise UserError(400, "The body is not valid JSON") from None
        return data if isinstance(data, dict) else {}
    return dict(await request.post())


def _watched(subscription) -> dict:
    state = {field: getattr(subscription, field) for field in WATCHED_FIELDS}
    state["metadata"] = dict(state["metadata"])
    state["plan"] = subscription.plan.id
    state["quantity"] = subscription.quantity
    return state


def _subscriptions() -> list:
    return [obj for key, obj in store.items() if key.startswith("subscription:")]


@web.middleware
async def subscription_updated_events(request, handler):
    if request.method == "GET":
        return await handler(request)
    before = {subscription.id: _watched(subscription) for subscription in _subscriptions()}
    try:
        return await handler(request)
    finally:
        for subscription in _subscriptions():
            old = before.get(subscription.id)
            if old is None or subscription.status == "canceled":
                continue  # created and deleted have their own events
            new = _watched(subscription)
            if new != old:
                event = Event("customer.subscription.updated", subscription)
                event.data["previous_attributes"] = {
                    field: old[field] for field in WATCHED_FIELDS if old[field] != new[field]
                }
                schedule_webhook(event)


@web.middleware
async def auth_except_kota_pages(request, handler):
    if request.path.startswith("/_kota/"):
        return await handler(request)
    return await localstripe_server.auth_middleware(request, handler)


async def health(request):
    return web.Response(text="ok")


def _checkout_session(request) -> CheckoutSession:
    session = store.get("checkout.session:" + request.match_info["id"])
    if session is None:
        raise web.HTTPNotFound(
            text=pages.message_page("Not found", "No such checkout session."),
            content_type="text/html",
        )
    return session


async def checkout_show(request):
    return _html(pages.checkout_page(_checkout_session(request)))


async def checkout_pay(request):
    session = _checkout_session(request)
    outcome = (await _form(request)).get("outcome")
    if session.status != "open":
        text = pages.checkout_page(session, f"This checkout session is {session.status}.")
        return _html(text, status=409)
    if outcome == "decline":
        return _html(pages.checkout_page(session, "Your card was declined."), status=402)
    if outcome != "succeed":
        return _html(pages.checkout_page(session, "Choose a card."), status=400)
    checkout_session_complete(session)
    raise web.HTTPSeeOther(session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id))


def _portal(request):
    try:
        return portal_session_retrieve(request.match_info["id"])
    except UserError:
        raise web.HTTPNotFound(
            text=pages.message_page("Not found", "No such portal session."),
            content_type="text/html",
        ) from None


async def portal_show(request):
    return _html(pages.portal_page(_portal(request)))


async def portal_act(request):
    portal = _portal(request)
    form = await _form(request)
    action = form.get("action")
    subscription = customer_current_subscription(portal.customer)
    try:
        if action in ("card-succeed", "card-decline"):
            customer_card_replace(portal.customer, works=action == "card-succeed")
        elif subscription is None:
            raise UserError(400, "There is no subscription to change")
        elif action == "switch":
            subscription_switch_price(subscription, form.get("price"))
        elif action in ("cancel", "resume"):
            subscription._update(cancel_at_period_end=action == "cancel")
        else:
            raise UserError(400, f"Unknown action: {action}")
    except UserError as error:
        message = error.body["error"].get("message", "That did not work.")
        return _html(pages.portal_page(portal, message), status=error.code)
    raise web.HTTPSeeOther(f"/_kota/portal/{portal.id}")


async def invoice_show(request):
    invoice = store.get("invoice:" + request.match_info["id"])
    if not isinstance(invoice, Invoice):
        raise web.HTTPNotFound(
            text=pages.message_page("Not found", "No such invoice."), content_type="text/html"
        )
    return _html(pages.invoice_page(invoice))


async def renew(request):
    outcome = (await _form(request)).get("outcome", "succeed")
    subscription = subscription_renew(request.match_info["id"], outcome=outcome)
    return localstripe_server.json_response(subscription._export())


def install(app: web.Application) -> None:
    """Add Kota's routes and middlewares (before the app starts)."""
    middlewares = app.middlewares
    middlewares[middlewares.index(localstripe_server.auth_middleware)] = auth_except_kota_pages
    middlewares.append(subscription_updated_events)
    app.router.add_get("/_kota/health", health)
    app.router.add_get("/_kota/checkout/{id}", checkout_show)
    app.router.add_post("/_kota/checkout/{id}", checkout_pay)
    app.router.add_get("/_kota/portal/{id}", portal_show)
    app.router.add_post("/_kota/portal/{id}", portal_act)
    app.router.add_get("/_kota/invoices/{id}", invoice_show)
    app.router.add_post("/_kota/subscriptions/{id}/renew", renew)
