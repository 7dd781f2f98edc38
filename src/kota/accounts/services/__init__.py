"""Writes for accounts, by area: roles, operators, citizens' accounts (users), logins and
API tokens, staff, and the city's email identity.

Every function runs in the schema of the city it concerns (a request's, or city_scope()).
Functions that can refuse raise ValidationError, with messages per field where a form
shows them. Everything is importable from here.
"""

from kota.accounts.services.identity import city_email_identity_update
from kota.accounts.services.login_links import login_link_create, login_link_use
from kota.accounts.services.logins import auth_token_issue, auth_token_revoke, login_authenticate
from kota.accounts.services.operators import operator_ensure
from kota.accounts.services.roles import roles_seed
from kota.accounts.services.sessions import sessions_clear_expired
from kota.accounts.services.staff import (
    city_admin_ensure,
    staff_deactivate,
    staff_invitation_accept,
    staff_invite,
    staff_reactivate,
    staff_roles_set,
)
from kota.accounts.services.users import (
    email_verification_resend,
    email_verification_send,
    email_verification_url,
    email_verify,
    user_erase,
    user_password_changed,
    user_profile_update,
    user_register,
)

__all__ = [
    "auth_token_issue",
    "auth_token_revoke",
    "city_admin_ensure",
    "city_email_identity_update",
    "email_verification_resend",
    "email_verification_send",
    "email_verification_url",
    "email_verify",
    "login_authenticate",
    "login_link_create",
    "login_link_use",
    "operator_ensure",
    "roles_seed",
    "sessions_clear_expired",
    "staff_deactivate",
    "staff_invitation_accept",
    "staff_invite",
    "staff_reactivate",
    "staff_roles_set",
    "user_erase",
    "user_password_changed",
    "user_profile_update",
    "user_register",
]
