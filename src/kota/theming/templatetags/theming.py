"""Template tags of the theming app: ``{% icon %}`` and ``{% citycache %}``."""

from django import template
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db import connection
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import get_language

from kota.theming.packs import theme_active_key

register = template.Library()

ICON_SPRITE = "kota/icons.svg"


@register.simple_tag
def icon(name: str, css_class: str = "icon") -> str:
    """An icon of the shared sprite (kota/theming/static/kota/icons.svg), decorative: the
    text beside it says what it means."""
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        css_class,
        static(ICON_SPRITE),
        name,
    )


class CityCacheNode(template.Node):
    def __init__(self, nodelist, timeout, fragment_name: str, vary_on: list):
        self.nodelist = nodelist
        self.timeout = timeout
        self.fragment_name = fragment_name
        self.vary_on = vary_on

    def render(self, context) -> str:
        timeout = self.timeout.resolve(context)
        if timeout is not None and (not isinstance(timeout, int) or timeout < 0):
            raise template.TemplateSyntaxError(f"citycache timeout {timeout!r} is not a number")
        key = make_template_fragment_key(
            f"kota:city:{self.fragment_name}",
            [*citycache_scope(), *(value.resolve(context) for value in self.vary_on)],
        )
        fragment = cache.get(key)
        if fragment is None:
            fragment = self.nodelist.render(context)
            cache.set(key, fragment, timeout)
        return fragment


def citycache_scope() -> list[str]:
    """What every cached fragment is keyed by: the active schema (whose data it shows), the
    theme (its markup), the language, and when the city last changed (its branding and
    modules)."""
    tenant = getattr(connection, "tenant", None)
    changed = getattr(tenant, "updated_at", None)
    return [
        connection.schema_name,
        theme_active_key(),
        get_language() or "",
        changed.isoformat() if changed else "",
    ]


@register.tag
def citycache(parser, token) -> CityCacheNode:
    """Cache a fragment for one city, theme and language::

        {% citycache 300 "home-services" live_keys %} … {% endcitycache %}

    Like Django's ``{% cache %}``, but the key always includes the city's schema, its theme,
    the language and the city's last change, so one city's fragment is never served to
    another. Extra arguments after the name vary the key further.
    """
    nodelist = parser.parse(("endcitycache",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]!r} takes a timeout and a fragment name.")
    name = bits[2].strip("\"'")
    return CityCacheNode(
        nodelist,
        parser.compile_filter(bits[1]),
        name,
        [parser.compile_filter(bit) for bit in bits[3:]],
    )
