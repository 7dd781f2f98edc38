from django import template

from kota.console.context import console_menu as build_console_menu

register = template.Library()


@register.simple_tag(takes_context=True)
def console_menu(context) -> list[dict]:
    return build_console_menu(context["request"])
