"""Pieces every e-plesiran API class shares: one path answering several operations, and
services' validation errors as the API's 400s."""

from typing import ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.views import APIView


class OperationsApi(APIView):
    """A path whose methods are separate operations (one API class each): Django gives a
    path one view, so this one answers each method with the authentication, permissions
    and throttles of the operation class that defines it. Subclass it together with the
    operation classes, which supply the methods themselves."""

    operations: ClassVar[dict[str, type[APIView]]] = {}

    def _operation(self) -> type[APIView]:
        # No request yet while the schema generator sets the view up.
        method = getattr(getattr(self, "request", None), "method", None)
        if method == "HEAD":
            method = "GET"
        return self.operations.get(method, APIView)

    def get_authenticators(self):
        return [auth() for auth in self._operation().authentication_classes]

    def get_permissions(self):
        return [permission() for permission in self._operation().permission_classes]

    def get_throttles(self):
        return [throttle() for throttle in self._operation().throttle_classes]


def api_validation_error(error: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as the API's 400: keyed by field when the service
    named one, else ``{"detail": "..."}``."""
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"detail": " ".join(error.messages)})
