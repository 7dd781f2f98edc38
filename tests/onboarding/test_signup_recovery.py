"""A signup whose worker died, or that no worker took, does not hold its address for ever."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kota.onboarding import tasks
from kota.onboarding.models import Signup, SignupStatus
from kota.onboarding.selectors import slug_taken
from kota.onboarding.services import (
    signup_city_create,
    signup_retry,
    signup_submit,
    signups_sweep,
)
from kota.tenancy.models import City
from tests.onboarding.signups import PASSWORD, signup_data, submission_key


def _queued() -> Signup:
    # Submitted without running the task: its on-commit hand-off never fires in a test
    # transaction unless captured.
    return signup_submit(
        data=signup_data(),
        password=PASSWORD,
        logo_png=None,
        submission_key=submission_key(),
        client_address=None,
    )


def test_a_run_whose_worker_died_is_claimed_again(db, session_cities):
    signup = _queued()
    Signup.objects.filter(pk=signup.pk).update(
        status=SignupStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=6)
    )

    city = signup_city_create(signup=signup)

    assert city.slug == "delta"
    signup.refresh_from_db()
    assert signup.status == SignupStatus.READY


def test_a_run_in_progress_is_not_claimed_twice(db, session_cities):
    signup = _queued()
    Signup.objects.filter(pk=signup.pk).update(
        status=SignupStatus.RUNNING, started_at=timezone.now()
    )

    assert signup_city_create(signup=signup) is None
    assert City.objects.filter(slug="delta").exists() is False


def test_the_sweep_fails_stuck_signups_and_frees_their_address(db, session_cities):
    signup = _queued()
    Signup.objects.filter(pk=signup.pk).update(created_at=timezone.now() - timedelta(hours=1))
    fresh = signup_submit(
        data=signup_data(slug="epsilon"),
        password=PASSWORD,
        logo_png=None,
        submission_key=submission_key(),
        client_address=None,
    )

    assert signups_sweep() == 1

    signup.refresh_from_db()
    fresh.refresh_from_db()
    assert (signup.status, fresh.status) == (SignupStatus.FAILED, SignupStatus.QUEUED)
    assert slug_taken("delta") is False


def test_a_broker_outage_fails_the_signup_instead_of_a_500(
    db, session_cities, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.signup_city_create_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        signup = _queued()

    signup.refresh_from_db()
    assert signup.status == SignupStatus.FAILED
    assert signup.error == "The city could not be started; please try again in a moment."


def test_a_failure_left_for_a_day_forgets_the_password_hash(db, session_cities):
    signup = _queued()
    Signup.objects.filter(pk=signup.pk).update(
        status=SignupStatus.FAILED, finished_at=timezone.now() - timedelta(days=2)
    )

    signups_sweep()

    signup.refresh_from_db()
    assert (signup.admin_password_hash, signup.logo_png) == ("", None)
    with pytest.raises(ValidationError) as refused:
        signup_retry(signup=signup)
    assert refused.value.messages == [
        "This signup is too old to retry; please fill in the wizard again."
    ]
