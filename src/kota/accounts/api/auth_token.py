"""POST /api/v1/auth/token/ (sign an app in) and DELETE /api/v1/auth/token/ (sign it out)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kota.accounts.api.authentication import CityTokenAuthentication
from kota.accounts.login_limits import LoginBlocked
from kota.accounts.services import auth_token_issue, auth_token_revoke, login_authenticate


class TokenCreateInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class TokenCreateOutputSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    email_verified = serializers.BooleanField()


class TokenCreateApi(APIView):
    """Exchange an account's email and password for its API token (rate-limited like the
    login page)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="auth_token_create",
        summary="Sign an app in",
        description=(
            "Exchanges the email and password of an account of this city for the account's "
            "API token. Failed attempts are limited per account and per client address; "
            "past the limit the answer is 429 until Retry-After seconds have passed."
        ),
        request=TokenCreateInputSerializer,
        responses={
            200: TokenCreateOutputSerializer,
            400: OpenApiResponse(description="Wrong email or password."),
            429: OpenApiResponse(description="Too many failed attempts; see Retry-After."),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = TokenCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = login_authenticate(
                request=request._request,
                email=data.validated_data["email"],
                password=data.validated_data["password"],
            )
        except LoginBlocked as blocked:
            minutes = max(1, round(blocked.retry_after / 60))
            raise Throttled(
                wait=blocked.retry_after,
                detail=ngettext(
                    "Too many failed attempts. Try again in %(minutes)d minute.",
                    "Too many failed attempts. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            ) from None
        if user is None:
            raise ValidationError({"detail": _("The email or password is not correct.")})
        token = auth_token_issue(user=user)
        return Response(
            TokenCreateOutputSerializer(
                {"token": token.key, "email_verified": user.email_verified}
            ).data
        )


class TokenDeleteApi(APIView):
    """Sign the account's apps out: its API token stops working."""

    authentication_classes = [CityTokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="auth_token_delete",
        summary="Sign the apps out",
        description="The account's API token stops working, on every device that uses it.",
        request=None,
        responses={204: None},
    )
    def delete(self, request: Request) -> Response:
        auth_token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenApi(TokenCreateApi, TokenDeleteApi):
    """Both operations share one path, and Django gives a path one view: this one answers
    each method with the authentication and permissions of the operation class that
    defines it (the methods themselves come from those classes)."""

    _operations = {"POST": TokenCreateApi, "DELETE": TokenDeleteApi}

    def _operation(self) -> type[APIView]:
        # No request yet while the schema generator sets the view up.
        method = getattr(getattr(self, "request", None), "method", None)
        return self._operations.get(method, APIView)

    def get_authenticators(self):
        return [auth() for auth in self._operation().authentication_classes]

    def get_permissions(self):
        return [permission() for permission in self._operation().permission_classes]
