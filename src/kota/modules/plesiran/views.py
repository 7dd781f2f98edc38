"""Placeholder views: the citizen pages are being built."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("")


destination_list = destination_detail = review_submit = review_delete = review_flag = _todo
event_list = events_calendar = event_detail = event_calendar = map_page = _todo
trip_mine = trip_add = trip_remove = trip_shared = _todo
