"""Each city's own languages and time zone (WIB, WITA, WIT), for every request on its site.

Runs right after Django's LocaleMiddleware. Pages are in the visitor's chosen language
(the switch's cookie) when the city offers it, otherwise in the city's first language:
many Indonesian phones run in English, so the browser's language alone does not turn an
Indonesian-first site English. The API, whose clients say what they want explicitly,
also honours Accept-Language among the city's languages. Times show in the city's zone,
whatever the server's.
"""

import zoneinfo

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation


def city_language_codes(city) -> list[str]:
    known = [code for code, _name in settings.LANGUAGES]
    offered = [code for code in city.languages if code in known]
    return offered or [settings.LANGUAGE_CODE]


def city_default_language(city) -> str:
    """The language a city speaks to someone who has not chosen: its first."""
    return city_language_codes(city)[0]


class CityLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        city = getattr(request, "city", None)
        if city is None:
            timezone.deactivate()
            return self.get_response(request)
        language = self._language(request, city_language_codes(city))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        timezone.activate(zoneinfo.ZoneInfo(city.time_zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    @staticmethod
    def _language(request: HttpRequest, offered: list[str]) -> str:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in offered:
            return chosen
        if request.path.startswith("/api/"):
            asked = translation.get_language_from_request(request)
            if asked in offered:
                return asked
        return offered[0]
