"""What a city may use follows its billing account: the plan while it is paid for (or
given), through a grace period when a payment fails, then the free plan. Read once and
cached; every change to an account or a plan is seen at once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kota.billing.entitlements import allowed_module_keys, city_entitlement, staff_seat_limit
from kota.billing.models import Account, Plan
from kota.billing.services import account_open
from kota.registry.gating import live_module_keys
from kota.tenancy.manifests import ManifestsInvalid, manifests_apply
from kota.tenancy.models import City
from kota.tenancy.services import city_provision
from tests.factories import CitySpecFactory

FREE = {"reports"}


def _set(city, **fields) -> None:
    account = Account.objects.get(city=city)
    for name, value in fields.items():
        setattr(account, name, value)
    account.save()


@pytest.fixture
def on_free(city_a):
    _set(city_a, plan=Plan.objects.get(key="gratis"))
    return city_a


def test_a_new_city_starts_on_the_free_plan(db):
    city = city_provision(spec=CitySpecFactory(slug="baru", plan=""))

    account = Account.objects.get(city=city)
    assert (account.plan.key, account.status, account.stripe_customer_id) == ("gratis", "", None)
    assert allowed_module_keys(city) == FREE
    assert staff_seat_limit(city) == 3


def test_a_city_can_be_given_a_plan_when_it_is_made(db):
    city = city_provision(spec=CitySpecFactory(slug="diberi", plan="kontrak"))

    assert Account.objects.get(city=city).plan.key == "kontrak"
    assert "plesiran" in allowed_module_keys(city)
    assert staff_seat_limit(city) == 100


def test_an_unknown_plan_refuses_the_city_and_makes_nothing(db):
    with pytest.raises(ValidationError, match="no plan emas"):
        city_provision(spec=CitySpecFactory(slug="emas", plan="emas"))

    assert not City.objects.filter(slug="emas").exists()


def test_a_plan_given_without_a_subscription_holds(city_a):
    assert Account.objects.get(city=city_a).plan.key == "kota"

    assert {"plesiran", "reports", "permits", "noticeboard"} <= allowed_module_keys(city_a)


@pytest.mark.parametrize("status", ["active", "trialing"])
def test_a_paid_subscription_gives_its_plan(status, on_free):
    _set(on_free, plan=Plan.objects.get(key="kota"), status=status, stripe_subscription_id="sub_1")

    assert "noticeboard" in allowed_module_keys(on_free)


@pytest.mark.parametrize("status", ["incomplete", "incomplete_expired", "canceled"])
def test_an_unpaid_subscription_gives_the_free_plan(status, on_free):
    _set(on_free, plan=Plan.objects.get(key="kota"), status=status, stripe_subscription_id="sub_1")

    assert allowed_module_keys(on_free) == FREE
    assert staff_seat_limit(on_free) == 3


@pytest.mark.parametrize("status", ["past_due", "unpaid"])
def test_overdue_keeps_the_plan_for_the_grace_period_then_falls_back(status, city_a, settings):
    since = timezone.now() - timedelta(days=13, hours=23)
    _set(city_a, status=status, stripe_subscription_id="sub_1", past_due_since=since)
    city_a.enabled_modules = ["noticeboard"]

    assert live_module_keys(city_a) == {"noticeboard"}
    assert staff_seat_limit(city_a) == 25

    _set(city_a, past_due_since=since - timedelta(hours=2))

    assert live_module_keys(city_a) == frozenset()
    assert staff_seat_limit(city_a) == 3

    settings.KOTA_BILLING_GRACE_DAYS = 30
    _set(city_a, past_due_since=since - timedelta(hours=2))  # (re-read under the new setting)

    assert live_module_keys(city_a) == {"noticeboard"}


def test_the_grace_period_ends_without_anything_being_written(city_a):
    """The cached answer carries the moment the plan stops: no job has to run then."""
    _set(city_a, status="past_due", stripe_subscription_id="sub_1", past_due_since=timezone.now())
    entitlement = city_entitlement(city_a)

    assert "noticeboard" in entitlement.modules(timezone.now())
    assert entitlement.modules(timezone.now() + timedelta(days=14, minutes=1)) == FREE


def test_the_answer_is_cached_and_changes_with_the_account_or_plan(
    city_a, django_assert_num_queries
):
    with django_assert_num_queries(1):
        allowed_module_keys(city_a)
    with django_assert_num_queries(0):
        allowed_module_keys(city_a)
        staff_seat_limit(city_a)

    _set(city_a, plan=Plan.objects.get(key="gratis"))
    assert allowed_module_keys(city_a) == FREE

    gratis = Plan.objects.get(key="gratis")
    gratis.modules = ["reports", "plesiran"]
    gratis.save()
    assert allowed_module_keys(city_a) == {"reports", "plesiran"}


def test_another_citys_account_changes_nothing_here(city_a, city_b):
    before = allowed_module_keys(city_a)

    _set(city_b, plan=Plan.objects.get(key="gratis"))

    assert allowed_module_keys(city_a) == before
    assert allowed_module_keys(city_b) == FREE


def test_giving_a_plan_to_a_city_that_pays_through_stripe_changes_nothing(city_a):
    _set(city_a, status="active", stripe_subscription_id="sub_1")

    assert account_open(city=city_a, plan_key="gratis") is False
    assert Account.objects.get(city=city_a).plan.key == "kota"


def test_a_manifest_gives_its_plan_and_refuses_an_unknown_one(db, tmp_path):
    manifest = tmp_path / "omega.toml"
    manifest.write_text(
        'slug = "omega"\nname = "Kota Omega"\nkind = "kota"\nprovince = "Banten"\nplan = "kota"\n'
    )
    manifests_apply(tmp_path)
    city = City.objects.get(slug="omega")
    assert Account.objects.get(city=city).plan.key == "kota"

    manifest.write_text(manifest.read_text().replace('plan = "kota"', 'plan = "gratis"'))
    result = manifests_apply(tmp_path)
    assert result.updated == ["omega"]
    assert Account.objects.get(city=city).plan.key == "gratis"

    manifest.write_text(manifest.read_text().replace('plan = "gratis"', 'plan = "emas"'))
    with pytest.raises(ManifestsInvalid) as invalid:
        manifests_apply(tmp_path)
    assert "plan" in str(invalid.value.problems[0])
    assert Account.objects.get(city=city).plan.key == "gratis"
