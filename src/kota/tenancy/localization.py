"""Each city's own time zone (WIB, WITA, WIT) and languages, for every request on its site.

Runs after Django's LocaleMiddleware: that picks the person's language (cookie, then
browser), this keeps it to the languages the city offers and shows times in the city's
zone, whatever the server's.
"""

import zoneinfo

from django.http import HttpRequest
from django.utils import timezone, translation


class CityLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        city = getattr(request, "city", None)
        if city is None:
            timezone.deactivate()
            return self.get_response(request)
        timezone.activate(zoneinfo.ZoneInfo(city.time_zone))
        offered = list(city.languages)
        if offered and translation.get_language() not in offered:
            translation.activate(offered[0])
            request.LANGUAGE_CODE = offered[0]
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
