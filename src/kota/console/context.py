"""What every console page shows around its content: the menu the person may use."""

from django.urls import reverse

from kota.accounts.permissions import user_is_city_admin, user_is_officer
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
