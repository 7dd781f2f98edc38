"""Placeholder views: being built."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("")


event_list = events_calendar = event_detail = event_calendar = _todo
