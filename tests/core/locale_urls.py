import datetime

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone, translation

NOON_UTC = datetime.datetime(2026, 8, 17, 12, 0, tzinfo=datetime.UTC)


def clock(request):
    local = timezone.localtime(NOON_UTC)
    return HttpResponse(f"{local:%H:%M} {timezone.get_current_timezone_name()}")


def language(request):
    return HttpResponse(translation.get_language())


urlpatterns = [path("jam/", clock), path("bahasa/", language)]
