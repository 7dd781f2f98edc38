"""The city's URLs plus an ``accounts:register`` page, for the home page's register link."""

from django.http import HttpResponse
from django.urls import include, path

from kota.accounts import urls as accounts_urls
from kota.config import urls_city


def register(request):
    return HttpResponse("register")


urlpatterns = [
    path(
        "accounts/",
        include(
            ([*accounts_urls.urlpatterns, path("register/", register, name="register")], "accounts")
        ),
    ),
    *urls_city.urlpatterns,
]
