"""Template tags of e-plesiran's citizen pages: distances, the open-now line, icons of
facilities, and JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.formats import time_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kota.modules.plesiran.presentation import FACILITY_ICONS, OpenStatus

register = template.Library()

# Characters that could end the script element or start markup, written as JSON escapes
# (what Django's json_script does, for a script type it does not offer).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def distance(km) -> str:
    """1.234 → "1,2 km" (the language's decimal mark); under a kilometre in metres,
    rounded to ten: 0.347 → "350 m"."""
    if km is None or km == "":
        return ""
    km = float(km)
    if km < 1:
        return f"{max(10, round(km * 100) * 10)} m"
    return f"{floatformat(km, 1)} km"


@register.filter
def facility_icon(kind: str) -> str:
    return FACILITY_ICONS.get(kind, "map-pin")


@register.simple_tag
def open_label(status: OpenStatus) -> str:
    """ "Open now · closes 17.00", "Closed · opens Monday 08.00"… in the page's language."""
    if status.kind == "unknown":
        return ""
    if status.kind == "open-all-day":
        return _("Open 24 hours")
    at = time_format(status.changes_at.time()) if status.changes_at else ""
    if status.kind == "open":
        return _("Open now · closes %(time)s") % {"time": at}
    if status.changes_at is None:
        return _("Closed")
    if status.day == "today":
        return _("Closed · opens %(time)s") % {"time": at}
    if status.day == "tomorrow":
        return _("Closed · opens tomorrow %(time)s") % {"time": at}
    return _("Closed · opens %(day)s %(time)s") % {
        "day": WEEKDAYS[status.changes_at.weekday()],
        "time": at,
    }


@register.filter
def json_ld(data: dict) -> SafeString:
    """``data`` as a ``<script type="application/ld+json">`` element, safe to embed."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def list_url(context, **changes) -> str:
    """The destination list's URL with the current query changed (None removes a key):
    like ``{% querystring %}``, but never a bare "?" (the list's own URL instead)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return reverse("plesiran:home") + (f"?{encoded}" if encoded else "")
