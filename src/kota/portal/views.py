from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The city's citizen home."""
    return render(request, "portal/home.html")
