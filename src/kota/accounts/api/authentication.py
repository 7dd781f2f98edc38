"""API authentication by token, bound to the requesting city."""

from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from kota.accounts.selectors import token_belongs_to_city


class CityTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, valid only on the city that issued it.

    Tokens live in each city's schema, so another city's token is normally simply not
    found. On top of that, and failing closed, a token is accepted only on a city's host,
    with the connection in that city's schema, and after the token and its user have been
    found again in that schema named explicitly (a token issued on one tenant being valid
    on all of them is a known failure of schema-per-tenant stacks).
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        city = getattr(request, "city", None)
        if (
            city is None
            or connection.schema_name != city.schema_name
            or not token_belongs_to_city(key=token.key, user_id=user.pk, city=city)
        ):
            raise AuthenticationFailed(_("Invalid token."))
        return user, token
