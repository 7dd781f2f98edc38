"""Creating the city of a submitted signup: one call, all or nothing, exactly once."""

import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from kota.billing.models import Account, Plan
from kota.onboarding.models import Signup, SignupStatus
from kota.onboarding.services import signup_retry, signup_submit
from kota.registry.gating import live_module_keys
from kota.registry.models import ModuleState
from kota.tenancy.models import City, Domain
from kota.tenancy.scope import city_scope
from kota.tenancy.seeding import register_city_seeder, unregister_city_seeder
from tests.conftest import host_client
from tests.onboarding.signups import PASSWORD, signup_data, submission_key


def _submit(capture, **fields) -> Signup:
    with capture(execute=True):
        signup = signup_submit(
            data=signup_data(**fields),
            password=PASSWORD,
            logo_png=None,
            submission_key=submission_key(),
            client_address="203.0.113.7",
            city_base_url="http://delta.localhost:8000",
        )
    signup.refresh_from_db()
    return signup


def _schema_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s", [name])
        return cursor.fetchone()[0] == 1


@pytest.fixture
def noticeboard_plan(db):
    """A free plan that includes the test module."""
    return Plan.objects.create(key="uji", name="Uji", price_idr=0, modules=["noticeboard"])


def test_a_signup_makes_the_whole_city(
    db, session_cities, noticeboard_plan, django_capture_on_commit_callbacks
):
    signup = _submit(django_capture_on_commit_callbacks, modules=("noticeboard",), plan="uji")

    assert signup.status == SignupStatus.READY
    assert (signup.admin_password_hash, signup.logo_png) == ("", None)
    city = City.objects.get(slug="delta")
    assert (city.name, city.theme, city.primary_color, city.launched_at) == (
        "Kota Delta",
        "pesisir",
        "#7a1f5c",
        None,
    )
    assert city.enabled_modules == ["noticeboard"]
    with city_scope(city):
        admin = authenticate(username="dewi@delta.go.id", password=PASSWORD)
        assert admin is not None
        assert list(admin.groups.values_list("name", flat=True)) == ["city-admin"]
        assert ModuleState.objects.get(key="noticeboard").seeded_at is not None


def test_the_admin_gets_a_welcome_email_with_addresses_and_the_verification_link(
    db, session_cities, django_capture_on_commit_callbacks
):
    _submit(django_capture_on_commit_callbacks, plan="gratis")

    [welcome] = [m for m in mail.outbox if m.to == ["dewi@delta.go.id"]]
    assert "http://delta.localhost:8000/" in welcome.body
    assert "http://delta.localhost:8000/console/" in welcome.body
    [verify_path] = re.findall(r"http://delta.localhost:8000(/accounts/verify/\S+/)", welcome.body)
    client = host_client("delta.localhost")
    assert client.get("/").status_code == 503  # coming soon

    assert client.get(verify_path).status_code == 200

    assert City.objects.get(slug="delta").launched_at is not None
    assert client.get("/").status_code == 200


def test_the_same_wizard_submitted_twice_makes_one_city(
    db, session_cities, django_capture_on_commit_callbacks
):
    key = submission_key()
    with django_capture_on_commit_callbacks(execute=True):
        first = signup_submit(
            data=signup_data(),
            password=PASSWORD,
            logo_png=None,
            submission_key=key,
            client_address=None,
        )
        second = signup_submit(
            data=signup_data(),
            password=PASSWORD,
            logo_png=None,
            submission_key=key,
            client_address=None,
        )

    assert first.pk == second.pk
    assert Signup.objects.count() == 1
    assert City.objects.filter(slug="delta").count() == 1


def test_a_taken_address_is_refused_with_alternatives(
    db, session_cities, django_capture_on_commit_callbacks
):
    _submit(django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError) as refused:
        signup_submit(
            data=signup_data(admin_email="lain@delta.go.id"),
            password=PASSWORD,
            logo_png=None,
            submission_key=submission_key(),
            client_address=None,
        )

    [message] = refused.value.message_dict["slug"]
    assert message.startswith("delta was just taken. Free nearby: kota-delta")
    assert Signup.objects.count() == 1


def test_bad_data_is_refused_and_nothing_is_stored(db, session_cities):
    with pytest.raises(ValidationError) as refused:
        signup_submit(
            data=signup_data(name="<script>", slug="www", primary_color="merah"),
            password="123",
            logo_png=None,
            submission_key=submission_key(),
            client_address=None,
        )

    assert set(refused.value.message_dict) >= {"name", "slug", "primary_color", "password"}
    assert (Signup.objects.count(), City.objects.filter(slug="www").exists()) == (0, False)


def test_a_module_outside_the_plan_is_refused(db, session_cities):
    with pytest.raises(ValidationError) as refused:
        signup_submit(
            data=signup_data(modules=("noticeboard",), plan="gratis"),
            password=PASSWORD,
            logo_png=None,
            submission_key=submission_key(),
            client_address=None,
        )

    assert refused.value.message_dict == {
        "modules": ["The Gratis plan does not include Papan pengumuman."]
    }


def test_a_free_signup_makes_a_city_on_the_free_plan_without_stripe(
    db, session_cities, django_capture_on_commit_callbacks
):
    signup = _submit(django_capture_on_commit_callbacks, plan="gratis")

    account = Account.objects.get(city_id=signup.city_id)
    assert signup.plan_key == "gratis"
    assert (account.plan.key, account.status, account.stripe_customer_id) == ("gratis", "", None)


def test_a_paid_plan_makes_the_city_on_the_free_plan_with_the_modules_chosen_switched_on(
    db, session_cities, django_capture_on_commit_callbacks
):
    signup = _submit(
        django_capture_on_commit_callbacks, plan="kota", modules=("aduan-uji", "wisata-uji")
    )

    assert signup.status == SignupStatus.READY
    assert signup.plan_key == "kota"
    city = City.objects.get(pk=signup.city_id)
    account = Account.objects.get(city=city)
    # Switched on as chosen; live only as far as the free plan goes, until paid for.
    assert city.enabled_modules == ["aduan-uji", "wisata-uji"]
    assert (account.plan.key, account.status, account.stripe_customer_id) == ("gratis", "", None)
    assert live_module_keys(city) == {"aduan-uji"}


def test_a_plan_billed_by_invoice_is_refused_at_signup(db, session_cities):
    Plan.objects.filter(key="kontrak").update(is_public=True)

    with pytest.raises(ValidationError) as refused:
        signup_submit(
            data=signup_data(plan="kontrak"),
            password=PASSWORD,
            logo_png=None,
            submission_key=submission_key(),
            client_address=None,
        )

    assert refused.value.message_dict["plan"] == [
        "The Kontrak plan is billed by invoice and arranged with us; choose another."
    ]
    assert Signup.objects.count() == 0


def test_signups_are_limited_per_address(db, session_cities, settings):
    settings.KOTA_SIGNUPS_PER_HOUR = 2
    for n in range(2):
        signup_submit(
            data=signup_data(slug=f"kota-uji-batas-{n}"),
            password=PASSWORD,
            logo_png=None,
            submission_key=submission_key(),
            client_address="198.51.100.9",
        )

    with pytest.raises(ValidationError) as refused:
        signup_submit(
            data=signup_data(slug="kota-uji-batas-9"),
            password=PASSWORD,
            logo_png=None,
            submission_key=submission_key(),
            client_address="198.51.100.9",
        )

    assert refused.value.message_dict == {
        "__all__": ["Too many signups from your network; please try again in an hour."]
    }
    assert Signup.objects.count() == 2


def _failing_seeder(city):
    raise RuntimeError("disk full")


def test_a_failure_while_creating_leaves_nothing_and_can_be_retried(
    db, session_cities, django_capture_on_commit_callbacks
):
    register_city_seeder(_failing_seeder)
    try:
        signup = _submit(django_capture_on_commit_callbacks)
    finally:
        unregister_city_seeder(_failing_seeder)

    assert signup.status == SignupStatus.FAILED
    assert signup.error == "Something went wrong while creating the city; nothing was kept."
    assert City.objects.filter(slug="delta").exists() is False
    assert Domain.objects.filter(domain="delta.localhost").exists() is False
    assert _schema_exists("city_delta") is False
    assert [m for m in mail.outbox if m.to == ["dewi@delta.go.id"]] == []

    with django_capture_on_commit_callbacks(execute=True):
        signup_retry(signup=signup)
    signup.refresh_from_db()

    assert signup.status == SignupStatus.READY
    city = City.objects.get(slug="delta")
    with city_scope(city):
        assert get_user_model().objects.filter(email="dewi@delta.go.id").count() == 1
