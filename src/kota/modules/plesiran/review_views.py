"""Placeholder views: being built."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("")


review_submit = review_delete = review_flag = _todo
