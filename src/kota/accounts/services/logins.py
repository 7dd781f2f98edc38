"""Writes for logging in: checking passwords within the login limits, and API tokens."""

from django.contrib.auth import authenticate, get_user_model
from rest_framework.authtoken.models import Token

from kota.accounts.login_limits import (
    client_address,
    login_block_check,
    login_failure_record,
    login_success_record,
)


def login_authenticate(*, request, email: str, password: str):
    """The account of the request's city that ``email`` and ``password`` open, or None.

    Refuses without checking the password (LoginBlocked) while the account or the client
    address is over its failure limit (kota.accounts.login_limits); a failure counts
    towards both, a success clears the account's count.
    """
    email = get_user_model().objects.normalize_email(email)
    address = client_address(request)
    login_block_check(email=email, address=address)
    user = authenticate(request, username=email, password=password)
    if user is None:
        login_failure_record(email=email, address=address)
        return None
    login_success_record(email=email)
    return user


def auth_token_issue(*, user) -> Token:
    """The person's API token (one per account, shared by their devices)."""
    token, _created = Token.objects.get_or_create(user=user)
    return token


def auth_token_revoke(*, user) -> bool:
    """Sign the person's apps out: their API token stops working."""
    deleted, _by_model = Token.objects.filter(user=user).delete()
    return deleted > 0
