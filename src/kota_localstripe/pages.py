"""The small HTML pages that stand in for Stripe's hosted pages (development and tests only).

Plain HTML with no external assets. Buttons have stable ids for browser tests:
checkout `#pay-succeed` / `#pay-decline`; portal `#switch-<lookup_key or price id>`,
`#cancel`, `#resume`, `#card-succeed`, `#card-decline`.
"""

from datetime import UTC, datetime
from html import escape

from localstripe.resources import Invoice, Product

from kota_localstripe.resources import (
    BillingPortalSession,
    CheckoutSession,
    active_prices,
    checkout_session_price,
    customer_current_subscription,
)

ZERO_DECIMAL_CURRENCIES = {"bif", "clp", "jpy", "krw", "pyg", "vnd", "xaf", "xof"}


def money(amount: int, currency: str) -> str:
    if currency.lower() in ZERO_DECIMAL_CURRENCIES:
        return f"{currency.upper()} {amount:,}"
    return f"{currency.upper()} {amount / 100:,.2f}"


def day(timestamp: int | None) -> str:
    if timestamp is None:
        return "-"
    return datetime.fromtimestamp(timestamp, tz=UTC).strftime("%Y-%m-%d")


def price_label(price: dict) -> str:
    product = Product._api_retrieve(price["product"]).name
    interval = price["recurring"]["interval"]
    return f"{product}: {money(price['unit_amount'], price['currency'])} / {interval}"


def page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>\n"
        f"<body><h1>{escape(title)}</h1>\n{body}\n</body></html>\n"
    )


def _button(button_id: str, label: str, name: str, value: str) -> str:
    return (
        f'<button type="submit" id="{escape(button_id)}" name="{name}" '
        f'value="{escape(value)}">{escape(label)}</button>'
    )


def checkout_page(session: CheckoutSession, message: str | None = None) -> str:
    price = checkout_session_price(session)
    parts = [f"<p>{escape(price_label(price))}</p>"]
    if message:
        parts.append(f'<p role="alert" id="message">{escape(message)}</p>')
    if session.status == "open":
        parts.append(
            '<form method="post">'
            + _button("pay-succeed", "Pay with test card 4242", "outcome", "succeed")
            + " "
            + _button("pay-decline", "Pay with a card that is declined", "outcome", "decline")
            + "</form>"
        )
    else:
        parts.append(f"<p>This checkout session is {escape(session.status)}.</p>")
    if session.cancel_url:
        parts.append(f'<p><a id="back" href="{escape(session.cancel_url)}">Back</a></p>')
    return page("Test checkout", "\n".join(parts))


def _subscription_section(subscription) -> str:
    if subscription is None:
        return "<p>No subscription.</p>"
    item = subscription.items._list[0]
    price = item.price
    lines = [
        f'<p id="plan">{escape(price_label(price))}</p>',
        f'<p id="status">Status: {escape(subscription.status)}</p>',
        f'<p id="period-end">Current period ends: {day(item.current_period_end)}</p>',
    ]
    if subscription.cancel_at_period_end:
        lines.append('<p id="cancel-at-period-end">Cancels at the end of the period.</p>')
        lines.append(_form("resume", "Keep my subscription", action="resume"))
    else:
        lines.append(_form("cancel", "Cancel at the end of the period", action="cancel"))
    for other in active_prices():
        if other.id != price["id"]:
            key = other.lookup_key or other.id
            lines.append(
                _form(
                    f"switch-{key}",
                    f"Switch to {price_label(other._export())}",
                    action="switch",
                    price=other.id,
                )
            )
    return "\n".join(lines)


def _form(button_id: str, label: str, *, action: str, **fields: str) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{escape(value)}">'
        for name, value in fields.items()
    )
    return f'<form method="post">{hidden}{_button(button_id, label, "action", action)}</form>'


def portal_page(portal: BillingPortalSession, message: str | None = None) -> str:
    parts = [_subscription_section(customer_current_subscription(portal.customer))]
    if message:
        parts.insert(0, f'<p role="alert" id="message">{escape(message)}</p>')
    parts.append("<h2>Card</h2>")
    parts.append(_form("card-succeed", "Use test card 4242", action="card-succeed"))
    parts.append(_form("card-decline", "Use a card that is declined", action="card-decline"))
    if portal.return_url:
        parts.append(f'<p><a id="return" href="{escape(portal.return_url)}">Return</a></p>')
    return page("Test billing portal", "\n".join(parts))


def invoice_page(invoice: Invoice) -> str:
    body = (
        f'<p id="amount">Amount due: {money(invoice.amount_due, invoice.currency)}</p>\n'
        f'<p id="status">Status: {escape(invoice.status)}</p>\n'
        f'<p id="due-date">Due: {day(invoice.due_date)}</p>'
    )
    return page(f"Test invoice {invoice.id}", body)


def message_page(title: str, message: str) -> str:
    return page(title, f"<p>{escape(message)}</p>")
