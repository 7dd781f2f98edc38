"""A city made through the signup wizard shows citizens a "coming soon" page until its
first admin has verified their email address. Its staff can already sign in and set
everything up in the console."""

from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kota.accounts.permissions import user_is_staff_member

# What works before the city opens: signing in, the console, the files pages need (of the
# city's own uploads only its branding: the logo and icons the pages show).
OPEN_PREFIXES = (
    "/accounts/",
    "/console/",
    "/static/",
    "/brand-icons/",
    "/i18n/",
    "/manifest.webmanifest",
    "/sw.js",
    "/offline/",
)
RETRY_AFTER_SECONDS = 3600


class ComingSoonMiddleware:
    """After AuthenticationMiddleware: citizens of a city not yet open get the page on every
    URL but the OPEN_PREFIXES (unknown URLs keep their 404)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        # After URL resolution, so that the page can link to the city's own URLs.
        city = getattr(request, "city", None)
        if (
            city is None
            or city.is_launched
            or request.path.startswith(OPEN_PREFIXES)
            or request.path.startswith(f"/media/{city.schema_name}/branding/")
            or user_is_staff_member(request.user)
        ):
            return None
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": _("This city's site opens soon.")}, status=503)
        else:
            response = render(request, "portal/coming_soon.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
