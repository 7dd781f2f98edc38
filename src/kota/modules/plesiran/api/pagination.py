"""Pages of the e-plesiran API's lists: ``?page=2&page_size=50`` (page numbers, as the
project's default), ``count``, ``next`` and ``previous`` around the ``results``."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class PlesiranPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        # A page past the last is DRF's 404 ("Invalid page."); a page that is not a
        # number at all is a bad parameter.
        page = request.query_params.get(self.page_query_param)
        if page is not None and page not in self.last_page_strings and not _positive(page):
            raise ValidationError({self.page_query_param: [_("A page is a whole number from 1.")]})
        return super().paginate_queryset(queryset, request, view=view)


def paginated_response(view, queryset, serializer_class, **context) -> Response:
    """One page of ``queryset`` serialized by ``serializer_class`` (``view`` gives the
    pagination class and the request)."""
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, view.request, view=view)
    context["request"] = view.request
    return paginator.get_paginated_response(serializer_class(page, many=True, context=context).data)


def _positive(text: str) -> bool:
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    return text.isdecimal() and text.isascii() and int(text) >= 1
