from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kota.registry.gating import live_modules


def home(request: HttpRequest) -> HttpResponse:
    """The city's citizen home."""
    return render(request, "portal/home.html", {"live_modules": live_modules(request.city)})
