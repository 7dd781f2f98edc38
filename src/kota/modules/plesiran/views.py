"""Placeholder views: the destination pages are being built."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("")


destination_list = destination_detail = map_page = _todo
