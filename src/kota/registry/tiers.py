"""Plan tiers a module can require, cheapest first. Billing maps its plans onto these."""

from django.utils.translation import gettext_lazy as _

PLAN_TIERS = {
    "free": _("Free"),
    "city": _("City"),
    "contract": _("Contract"),
}


def tier_label(tier: str) -> str:
    return str(PLAN_TIERS.get(tier, tier))
