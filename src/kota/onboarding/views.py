from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import render

from kota.tenancy.selectors import city_list_live, city_primary_host


def home(request: HttpRequest) -> HttpResponse:
    """The platform's front page: what Kota is, and the cities already live."""
    port = split_domain_port(request.get_host())[1]
    suffix = f":{port}" if port else ""
    cities = [
        {"city": city, "url": f"{request.scheme}://{host}{suffix}/"}
        for city in city_list_live()
        if (host := city_primary_host(city))
    ]
    return render(request, "onboarding/home.html", {"cities": cities})
