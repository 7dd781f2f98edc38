"""The language of a city's site: the visitor's choice among the city's languages, else the
city's first language (Bahasa Indonesia unless its manifest says otherwise).

Django's LocaleMiddleware would also follow the browser's Accept-Language, which could show
a city's site in a language the city does not offer, with no switch back. The platform's
own site keeps Django's negotiation.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from kota.portal.selectors import city_languages


class CityLanguageMiddleware:
    """Comes right after django.middleware.locale.LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        city = getattr(request, "city", None)
        if city is not None:
            offered = [code for code, _name in city_languages(city)]
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = chosen if chosen in offered else offered[0]
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
