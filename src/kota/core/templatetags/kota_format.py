"""Formatting in the city's locale: money in rupiah, the way Indonesians write it."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """15000 → "Rp15.000" in Indonesian, "IDR 15,000" in English; 0 stays a price."""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    digits = number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)
    if (get_language() or "id").startswith("id"):
        return f"Rp{digits}"
    return f"IDR {digits}"
