"""Background work of the signup wizard."""

from celery import shared_task

from kota.onboarding.models import Signup


@shared_task(time_limit=300, soft_time_limit=240)
def signup_city_create_task(public_id: str) -> str:
    """Create the city of a submitted signup; safe to run twice (the second does nothing)."""
    from kota.onboarding.services import signup_city_create

    signup = Signup.objects.filter(public_id=public_id).first()
    if signup is None:
        return "missing"
    city = signup_city_create(signup=signup)
    return city.slug if city else "not created"


@shared_task(time_limit=60, soft_time_limit=45)
def signups_sweep() -> int:
    """Fail signups whose creation can no longer finish (see services.signups_sweep)."""
    from kota.onboarding.services import signups_sweep as sweep

    return sweep()
