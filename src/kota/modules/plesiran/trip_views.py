"""Placeholder views: being built."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("")


trip_mine = trip_add = trip_remove = trip_shared = _todo
