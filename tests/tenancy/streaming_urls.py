"""A city URLconf with a streamed page, for the routing tests."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.http import StreamingHttpResponse
from django.urls import path


def streamed_users(request):
    def rows():
        yield f"schema={connection.schema_name}\n"
        for email in get_user_model().objects.values_list("email", flat=True):
            yield f"{email}\n"

    return StreamingHttpResponse(rows(), content_type="text/plain")


urlpatterns = [path("stream/", streamed_users)]
