from django import template

from kota.console.context import billing_notice
from kota.console.context import console_menu as build_console_menu

register = template.Library()


@register.simple_tag(takes_context=True)
def console_menu(context) -> list[dict]:
    return build_console_menu(context["request"])


@register.simple_tag(takes_context=True)
def console_billing_notice(context) -> dict | None:
    return billing_notice(context["request"])
