"""After "Create": progress, the hand-over to the console, retry; only for the browser
that submitted."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from kota.onboarding.models import Signup, SignupStatus
from kota.onboarding.ownership import SESSION_KEY
from kota.onboarding.services import signup_submit
from kota.tenancy.models import City
from kota.tenancy.scope import platform_scope
from kota.tenancy.seeding import register_city_seeder, unregister_city_seeder
from tests.conftest import host_client
from tests.onboarding.signups import PASSWORD, signup_data, submission_key


def _owner(signup) -> Client:
    """The browser that submitted ``signup`` (its session, in the platform's schema)."""
    client = host_client("localhost")
    with platform_scope():
        session = client.session
        session[SESSION_KEY] = [str(signup.public_id)]
        session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.fixture
def ready_signup(db, session_cities, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup = signup_submit(
            data=signup_data(),
            password=PASSWORD,
            logo_png=None,
            submission_key=submission_key(),
            client_address=None,
            city_base_url="http://delta.localhost",
        )
    signup.refresh_from_db()
    return signup


def test_the_status_says_ready_and_where_to_go(ready_signup):
    state = _owner(ready_signup).get(f"/daftar/proses/{ready_signup.public_id}/status/").json()

    assert state["status"] == "ready"
    assert state["step"] == "ready"
    assert [s["key"] for s in state["steps"]] == [
        "reserving",
        "creating",
        "seeding",
        "styling",
        "ready",
    ]
    assert state["console_url"] == f"/daftar/proses/{ready_signup.public_id}/konsol/"


def test_another_browser_sees_nothing_of_the_signup(ready_signup, platform_client):
    base = f"/daftar/proses/{ready_signup.public_id}"

    assert platform_client.get(f"{base}/").status_code == 404
    assert platform_client.get(f"{base}/status/").status_code == 404
    assert platform_client.post(f"{base}/konsol/").status_code == 404
    ready_signup.refresh_from_db()
    assert ready_signup.handed_over_at is None


def test_the_console_hand_over_signs_the_admin_in_once(ready_signup):
    owner = _owner(ready_signup)
    go = owner.post(f"/daftar/proses/{ready_signup.public_id}/konsol/")

    assert go.status_code == 302
    link = go["Location"]
    assert link.startswith("http://delta.localhost/accounts/login/link/")
    city_client = host_client("delta.localhost")
    path = link.removeprefix("http://delta.localhost")

    landed = city_client.get(path)
    assert landed.status_code == 302
    assert landed["Location"] == "/console/"
    assert city_client.get("/console/").status_code == 200

    replay = host_client("delta.localhost").get(path)
    assert replay.status_code == 400
    # The hand-over happens once: afterwards the owner is sent to log in like anyone.
    again = owner.post(f"/daftar/proses/{ready_signup.public_id}/konsol/")
    assert again["Location"] == "http://delta.localhost/accounts/login/?next=/console/"


def test_a_login_link_of_one_city_opens_nothing_on_another(ready_signup, client_a):
    link = _owner(ready_signup).post(f"/daftar/proses/{ready_signup.public_id}/konsol/")
    path = link["Location"].removeprefix("http://delta.localhost")

    assert client_a.get(path).status_code == 400
    assert client_a.get("/console/").status_code == 302  # still anonymous on city A


def _failing_seeder(city):
    raise RuntimeError("disk full")


def test_a_failed_signup_shows_why_and_retries(
    db, session_cities, django_capture_on_commit_callbacks
):
    register_city_seeder(_failing_seeder)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            signup = signup_submit(
                data=signup_data(),
                password=PASSWORD,
                logo_png=None,
                submission_key=submission_key(),
                client_address=None,
            )
    finally:
        unregister_city_seeder(_failing_seeder)
    owner = _owner(signup)

    page = owner.get(f"/daftar/proses/{signup.public_id}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["state"]["status"] == "failed"
    assert page.context["state"]["console_url"] is None

    with django_capture_on_commit_callbacks(execute=True):
        retried = owner.post(f"/daftar/proses/{signup.public_id}/ulang/")

    assert retried.status_code == 302
    signup.refresh_from_db()
    assert signup.status == SignupStatus.READY
    assert City.objects.filter(slug="delta").count() == 1


def test_the_hand_over_expires(ready_signup):
    Signup.objects.filter(pk=ready_signup.pk).update(
        finished_at=timezone.now() - timedelta(minutes=16)
    )

    go = _owner(ready_signup).post(f"/daftar/proses/{ready_signup.public_id}/konsol/")

    assert go["Location"] == "http://delta.localhost/accounts/login/?next=/console/"


def test_the_hand_over_is_a_post(ready_signup):
    response = _owner(ready_signup).get(f"/daftar/proses/{ready_signup.public_id}/konsol/")

    assert response.status_code == 405
