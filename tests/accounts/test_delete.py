import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from rest_framework.authtoken.models import Token

from kota.accounts.roles import CITIZEN, CITY_ADMIN
from kota.audit.models import AuditEntry
from kota.registry.catalog import module_register, module_unregister
from kota.registry.modules import Module
from kota.tenancy.scope import city_scope
from tests.conftest import PASSWORD, cookies_to, logged_in, person
from tests.registry.noticeboard.models import Notice


def _filings_of(city, user):
    with city_scope(city):
        return Notice.objects.create(
            slug=f"aduan-{user.pk}", title="Jalan berlubang", author=user, author_name="Budi"
        )


def _state(city, user) -> dict:
    with city_scope(city):
        user = get_user_model().objects.get(pk=user.pk)
        return {
            "email": user.email,
            "full_name": user.full_name,
            "active": user.is_active,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "tokens": Token.objects.filter(user=user).count(),
            "password_usable": user.has_usable_password(),
        }


def test_delete_page_asks_for_the_password(city_a, warga_a):
    client = logged_in("alfa.localhost", warga_a, city_a)

    body = client.get("/accounts/delete/").content.decode()

    assert 'autocomplete="current-password"' in body
    assert "UU PDP" in body


def test_deleting_erases_personal_data_and_keeps_filings_anonymised(city_a, city_b, warga_a):
    twin = person(city_b, email=warga_a.email, full_name="Budi di Beta")
    client = logged_in("alfa.localhost", warga_a, city_a)
    other_device = logged_in("alfa.localhost", warga_a, city_a)
    notice = _filings_of(city_a, warga_a)
    with city_scope(city_a):
        Token.objects.create(user=warga_a)
        warga_a.phone = "0812 3456 7890"
        warga_a.save()

    response = client.post("/accounts/delete/", {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/deleted/"
    with city_scope(city_a):
        user = get_user_model().objects.get(pk=warga_a.pk)
        notice.refresh_from_db()
        sessions = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
        entry = AuditEntry.objects.get(action="account.erase")
        roles = list(user.groups.all())
    assert user.email.startswith("erased-")
    assert user.email.endswith("@erased.invalid")
    assert (user.full_name, user.phone, user.is_active) == ("", "", False)
    assert user.preferred_language == "id"  # the default, no longer their choice
    assert user.has_usable_password() is False
    assert user.email_verified_at is None
    assert user.erased_at is not None
    assert roles == []
    assert str(warga_a.pk) not in sessions
    with city_scope(city_a):
        assert Token.objects.filter(user_id=warga_a.pk).exists() is False
    assert (notice.title, notice.author_id, notice.author_name) == ("Jalan berlubang", None, "")
    assert (entry.actor_id, entry.actor_label, entry.target) == (
        user.pk,
        user.email,
        str(user.public_id),
    )
    assert sorted(entry.after["anonymised_in"]) == ["noticeboard", "plesiran"]
    assert other_device.get("/accounts/")["Location"].startswith("/accounts/login/")
    assert (
        client.post(
            "/accounts/login/", {"username": "warga@alfa.id", "password": PASSWORD}
        ).status_code
        == 200
    )
    # The same email in another city is another person: untouched.
    assert _state(city_b, twin) == {
        "email": "warga@alfa.id",
        "full_name": "Budi di Beta",
        "active": True,
        "roles": [],
        "tokens": 0,
        "password_usable": True,
    }


def test_two_erased_accounts_get_distinct_placeholders(city_a):
    first = person(city_a, email="satu@example.id")
    second = person(city_a, email="dua@example.id")

    for user in (first, second):
        logged_in("alfa.localhost", user, city_a).post("/accounts/delete/", {"password": PASSWORD})

    assert _state(city_a, first)["email"] != _state(city_a, second)["email"]


def test_a_wrong_password_deletes_nothing(city_a, warga_a):
    client = logged_in("alfa.localhost", warga_a, city_a)
    notice = _filings_of(city_a, warga_a)
    before = _state(city_a, warga_a)

    response = client.post("/accounts/delete/", {"password": "bukan-ini"})

    assert response.status_code == 400
    assert 'aria-describedby="id_password_error"' in response.content.decode()
    assert _state(city_a, warga_a) == before
    with city_scope(city_a):
        notice.refresh_from_db()
    assert (notice.author_id, notice.author_name) == (warga_a.pk, "Budi")


def test_a_failing_module_leaves_everything_as_it_was(city_a, warga_a):
    failing = Module(
        key="rusak",
        name="Rusak",
        summary="Gagal menghapus.",
        icon="x",
        personal_data_erase="tests.accounts.test_delete.erase_that_fails",
    )
    module_register(failing)
    client = logged_in("alfa.localhost", warga_a, city_a)
    notice = _filings_of(city_a, warga_a)
    before = _state(city_a, warga_a)
    try:
        with pytest.raises(RuntimeError, match="storage unavailable"):
            client.post("/accounts/delete/", {"password": PASSWORD})
    finally:
        module_unregister("rusak")

    assert _state(city_a, warga_a) == before
    with city_scope(city_a):
        notice.refresh_from_db()
        assert AuditEntry.objects.filter(action="account.erase").exists() is False
    assert (notice.author_id, notice.author_name) == (warga_a.pk, "Budi")


def erase_that_fails(user) -> None:
    Notice.objects.filter(author=user).update(author_name="")  # undone by the rollback
    raise RuntimeError("storage unavailable")


def test_the_last_admin_cannot_delete_their_account(city_a, admin_a):
    client = logged_in("alfa.localhost", admin_a, city_a)

    response = client.post("/accounts/delete/", {"password": PASSWORD})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "You are the city's only admin. Make someone else an admin before you go."
    ]
    assert _state(city_a, admin_a)["active"] is True


def test_an_admin_with_another_admin_can_delete_their_account(city_a, admin_a):
    person(city_a, email="admin2@alfa.id", roles=[CITY_ADMIN])
    client = logged_in("alfa.localhost", admin_a, city_a)

    response = client.post("/accounts/delete/", {"password": PASSWORD})

    assert response.status_code == 302
    assert _state(city_a, admin_a)["active"] is False


def test_delete_needs_a_login_and_touches_no_other_city(client_a, city_b):
    budi_b = person(city_b, email="budi@example.id", roles=[CITIZEN])
    before = _state(city_b, budi_b)

    response = client_a.post("/accounts/delete/", {"password": PASSWORD})
    # Budi's city-B session is worthless on city A.
    stolen = cookies_to("alfa.localhost", logged_in("beta.localhost", budi_b, city_b))
    stolen_response = stolen.post("/accounts/delete/", {"password": PASSWORD})

    assert response["Location"].startswith("/accounts/login/")
    assert stolen_response["Location"].startswith("/accounts/login/")
    assert _state(city_b, budi_b) == before
