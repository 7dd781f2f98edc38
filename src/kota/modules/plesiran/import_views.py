"""Placeholder views: being built."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("")


import_page = _todo
