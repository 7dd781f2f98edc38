"""What every console page shows around its content: the menu the person may use, and
for the city's admins a notice when a payment is overdue."""

from django.urls import reverse

from kota.accounts.permissions import user_is_city_admin, user_is_officer
from kota.billing.models import Account
from kota.billing.selectors import overdue_notice
from kota.billing.services import account_for
from kota.console.navigation import CONSOLE_PAGES
from kota.registry.gating import live_modules


def console_menu(request) -> list[dict]:
    is_admin = user_is_city_admin(request.user)
    items = [
        {"url": reverse(page.url_name), "label": page.label}
        for page in CONSOLE_PAGES
        if is_admin or not page.admin_only
    ]
    for module in live_modules(request.city):
        if module.console_urls and user_is_officer(request.user, module.key):
            items.append(
                {"url": f"/console/{module.key}/", "label": module.name, "icon": module.icon}
            )
    for item in items:
        item["current"] = request.path == item["url"] or (
            item["url"] != "/console/" and request.path.startswith(item["url"])
        )
    return items


def billing_account(request) -> Account:
    """The city's billing account, read once per request (the billing page and the
    overdue notice both show it)."""
    account = getattr(request, "_kota_billing_account", None)
    if account is None:
        account = account_for(request.city)
        request._kota_billing_account = account
    return account


def billing_notice(request) -> dict | None:
    """For a city admin whose city's payment is overdue: until when its plan holds (and
    which plan), or that the grace period is over. Nothing for anyone else, and no query
    at all while payments are in order."""
    if not user_is_city_admin(request.user):
        return None
    notice = overdue_notice(city=request.city)
    if notice is None:
        return None
    plan = None if notice.lapsed else billing_account(request).plan
    return {"grace_ends_at": notice.grace_ends_at, "lapsed": notice.lapsed, "plan": plan}
