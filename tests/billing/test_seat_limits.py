"""Staff seats follow the plan: inviting, granting staff roles and reactivating are refused
once every seat is taken, and nobody already on the staff is ever removed for it."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import translation

from kota.accounts import services
from kota.audit.models import AuditEntry
from kota.billing.entitlements import entitlement_forget
from kota.billing.models import Account, Plan
from kota.tenancy.models import City
from kota.tenancy.routing import routing_forget
from kota.tenancy.scope import city_scope
from tests.conftest import logged_in, person

FULL = (
    "Your plan includes 2 staff seats and all are in use. "
    "Upgrade the plan or deactivate someone first."
)


@pytest.fixture(autouse=True)
def _english_pages(request):
    """Pages in English, as in tests/accounts (the slow test below has committed data of
    its own and no test transaction)."""
    if request.node.get_closest_marker("slow") is None:
        request.getfixturevalue("english_pages")


@pytest.fixture
def english_pages(settings, session_cities, db):
    settings.LANGUAGE_CODE = "en"
    City.objects.filter(pk__in=[c.pk for c in session_cities.values()]).update(
        languages=["en", "id"]
    )
    routing_forget()


def _seats(city, count: int) -> None:
    """City A's plan gives ``count`` staff seats."""
    Plan.objects.filter(key="kota").update(seat_limit=count)
    entitlement_forget(city.pk)


def _user(city, email: str):
    with city_scope(city):
        return get_user_model().objects.filter(email=email).first()


def _state(city, email: str) -> dict:
    with city_scope(city):
        user = get_user_model().objects.filter(email=email).first()
        if user is None:
            return {}
        return {
            "active": user.is_active,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "invitations": user.invitations.count(),
        }


def _audit_count(city) -> int:
    with city_scope(city):
        return AuditEntry.objects.count()


def _invite(client, email: str, roles=("officer-noticeboard",)):
    return client.post("/console/staff/invite/", {"email": email, "roles": list(roles)})


def test_inviting_beyond_the_seats_is_refused_and_creates_nothing(
    city_a, admin_client_a, officer_a
):
    _seats(city_a, 2)
    audits = _audit_count(city_a)

    response = _invite(admin_client_a, "baru@alfa.id")

    assert response.status_code == 400
    assert FULL in response.content.decode()
    assert _state(city_a, "baru@alfa.id") == {}
    assert mail.outbox == []
    assert _audit_count(city_a) == audits
    with city_scope(city_a), pytest.raises(ValidationError) as refused:
        services.staff_invite(
            city=city_a, email="baru@alfa.id", roles=["officer-noticeboard"], actor=None
        )
    assert refused.value.messages == [FULL]
    assert refused.value.code == "seat_limit"


def test_one_seat_is_said_in_the_singular(city_a, admin_client_a):
    _seats(city_a, 1)

    response = _invite(admin_client_a, "baru@alfa.id")

    assert response.status_code == 400
    assert (
        "Your plan includes 1 staff seat and it is in use. "
        "Upgrade the plan or deactivate someone first." in response.content.decode()
    )


def test_an_invitation_takes_a_seat_and_sending_it_again_takes_none(city_a, admin_client_a):
    _seats(city_a, 2)

    first = _invite(admin_client_a, "baru@alfa.id")
    again = _invite(admin_client_a, "baru@alfa.id")
    more_roles = _invite(admin_client_a, "baru@alfa.id", roles=["city-admin"])
    another = _invite(admin_client_a, "lain@alfa.id")

    assert (first.status_code, again.status_code, more_roles.status_code) == (302, 302, 302)
    assert _state(city_a, "baru@alfa.id") == {
        "active": False,
        "roles": ["city-admin", "officer-noticeboard"],
        "invitations": 3,
    }
    assert another.status_code == 400
    assert _state(city_a, "lain@alfa.id") == {}


def test_deactivating_someone_frees_a_seat(city_a, admin_client_a, officer_a):
    _seats(city_a, 2)

    refused = _invite(admin_client_a, "baru@alfa.id")
    deactivated = admin_client_a.post(f"/console/staff/{officer_a.public_id}/deactivate/")
    invited = _invite(admin_client_a, "baru@alfa.id")

    assert refused.status_code == 400
    assert deactivated.status_code == 302
    assert invited.status_code == 302
    assert _state(city_a, "baru@alfa.id")["roles"] == ["officer-noticeboard"]
    assert _state(city_a, "petugas@alfa.id")["active"] is False


def test_reactivation_is_refused_while_every_seat_is_taken(city_a, admin_client_a, officer_a):
    _seats(city_a, 2)
    admin_client_a.post(f"/console/staff/{officer_a.public_id}/deactivate/")
    _invite(admin_client_a, "baru@alfa.id")
    audits = _audit_count(city_a)

    response = admin_client_a.post(f"/console/staff/{officer_a.public_id}/reactivate/")

    assert response.status_code == 400
    assert FULL in response.content.decode()
    assert _state(city_a, "petugas@alfa.id")["active"] is False
    assert _audit_count(city_a) == audits

    _seats(city_a, 3)
    again = admin_client_a.post(f"/console/staff/{officer_a.public_id}/reactivate/")

    assert again.status_code == 302
    assert _state(city_a, "petugas@alfa.id")["active"] is True


def test_giving_staff_roles_to_a_citizen_is_refused_at_the_limit(
    city_a, admin_client_a, officer_a, warga_a
):
    _seats(city_a, 2)

    response = _invite(admin_client_a, "warga@alfa.id")

    assert response.status_code == 400
    assert FULL in response.content.decode()
    assert _state(city_a, "warga@alfa.id")["roles"] == ["citizen"]
    assert mail.outbox == []
    with city_scope(city_a), pytest.raises(ValidationError) as refused:
        services.staff_roles_set(user=warga_a, roles=["officer-noticeboard"], actor=None)
    assert refused.value.messages == [FULL]
    assert _state(city_a, "warga@alfa.id")["roles"] == ["citizen"]


def test_changing_the_roles_of_staff_at_the_limit_takes_no_seat(city_a, admin_client_a, officer_a):
    _seats(city_a, 2)

    response = admin_client_a.post(
        f"/console/staff/{officer_a.public_id}/", {"roles": ["officer-noticeboard", "city-admin"]}
    )

    assert response.status_code == 302
    assert _state(city_a, "petugas@alfa.id")["roles"] == ["city-admin", "officer-noticeboard"]


def test_after_a_downgrade_the_staff_stay_but_no_one_joins(city_a, admin_client_a, officer_a):
    for n in range(3):
        person(city_a, email=f"staf{n}@alfa.id", roles=["officer-noticeboard"])
    Account.objects.filter(city=city_a).update(plan=Plan.objects.get(key="gratis"))
    entitlement_forget(city_a.pk)

    page = admin_client_a.get("/console/staff/")
    refused = _invite(admin_client_a, "baru@alfa.id")
    officer = logged_in("alfa.localhost", officer_a, city_a)

    assert (page.context["seats_used"], page.context["seat_limit"]) == (5, 3)
    assert "Staff seats: 5 of 3 in use." in page.content.decode()
    assert refused.status_code == 400
    assert "Your plan includes 3 staff seats and all are in use." in refused.content.decode()
    with city_scope(city_a):
        assert get_user_model().objects.filter(is_active=True).count() == 5
    assert officer.get("/console/").status_code == 200


def test_without_a_seat_setting_nothing_is_limited(city_a, admin_client_a, settings):
    settings.KOTA_STAFF_SEATS = ""
    _seats(city_a, 1)

    response = _invite(admin_client_a, "baru@alfa.id")
    page = admin_client_a.get("/console/staff/")

    assert response.status_code == 302
    assert page.context["seat_limit"] is None
    assert "staff-seats" not in page.content.decode()


def test_the_staff_page_shows_the_seats(city_a, admin_client_a, officer_a):
    response = admin_client_a.get("/console/staff/")

    assert (response.context["seats_used"], response.context["seat_limit"]) == (2, 25)
    assert "Staff seats: 2 of 25 in use." in response.content.decode()


@pytest.mark.slow
def test_two_invitations_at_the_same_instant_cannot_both_take_the_last_seat(
    paying_city, django_db_blocker
):
    # The free plan gives 3 seats: the admin, one officer, and one left.
    with django_db_blocker.unblock(), city_scope(paying_city):
        person(paying_city, email="petugas@sigma.example.id", roles=["officer-noticeboard"])
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def invite(email: str) -> None:
        try:
            # A new thread speaks the default language (Indonesian) unless told otherwise.
            with city_scope(paying_city), translation.override("en"):
                barrier.wait(timeout=10)
                services.staff_invite(
                    city=paying_city, email=email, roles=["officer-noticeboard"], actor=None
                )
            outcomes[email] = "invited"
        except ValidationError as error:
            outcomes[email] = error.messages
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [
            threading.Thread(target=invite, args=(f"baru{n}@sigma.example.id",)) for n in (1, 2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        with city_scope(paying_city):
            staff = get_user_model().objects.filter(groups__name="officer-noticeboard").count()

    assert sorted(map(str, outcomes.values())) == [
        "['Your plan includes 3 staff seats and all are in use. "
        "Upgrade the plan or deactivate someone first.']",
        "invited",
    ]
    assert staff == 2
