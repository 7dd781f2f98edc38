"""Writes of the signup wizard: submitting a signup and creating its city."""

from kota.onboarding.models import Signup
from kota.onboarding.specs import SignupData


def signup_submit(
    *,
    data: SignupData,
    password: str,
    logo_png: bytes | None,
    submission_key: str,
    client_address: str | None,
) -> Signup:
    """Validate everything once more, record the signup and start creating its city (a
    Celery task, after commit). The same ``submission_key`` twice returns the first
    signup. Raises ValidationError (field → messages) for bad data or too many signups
    from one address."""
    raise NotImplementedError
