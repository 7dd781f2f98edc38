import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ImproperlyConfigured, ValidationError

from kota.accounts.models import StaffInvitation
from kota.accounts.services import city_admin_ensure
from kota.audit.models import AuditEntry
from kota.tenancy import seeding
from kota.tenancy.manifests import (
    ManifestProblem,
    ManifestsInvalid,
    manifests_apply,
    manifests_load,
)
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope
from tests.conftest import host_client, person

MANIFEST = """
slug = "{slug}"
name = "Kota {slug}"
kind = "kota"
province = "Jawa Tengah"

[admin]
email = "{email}"
name = "Admin {slug}"
"""


def _admin_state(city, email: str) -> dict:
    with city_scope(city):
        user = get_user_model().objects.get(email=email)
        return {
            "active": user.is_active,
            "password_usable": user.has_usable_password(),
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "open_invitations": StaffInvitation.objects.filter(
                user=user, accepted_at=None, revoked_at=None
            ).count(),
        }


def test_without_a_password_the_admin_is_invited_once(city_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user, created = city_admin_ensure(
            city=city_a, email="Kepala@Alfa.go.id", full_name="Kepala Dinas"
        )
        again, created_again = city_admin_ensure(
            city=city_a, email="kepala@alfa.go.id", full_name="Kepala Dinas"
        )

    assert (created, created_again, again.pk) == (True, False, user.pk)
    assert _admin_state(city_a, "kepala@alfa.go.id") == {
        "active": False,
        "password_usable": False,
        "roles": ["city-admin"],
        "open_invitations": 1,
    }
    (message,) = mail.outbox
    assert message.to == ["kepala@alfa.go.id"]
    assert message.subject == "Anda diundang menjadi staf Kota Alfa"  # the default language
    link = re.search(r"http://alfa\.localhost(/accounts/invitation/\S+/)", message.body).group(1)
    with city_scope(city_a):
        assert AuditEntry.objects.filter(action="staff.invite").count() == 1

    response = host_client("alfa.localhost").post(
        link, {"new_password1": "teh-manis-sore-42", "new_password2": "teh-manis-sore-42"}
    )

    assert response["Location"] == "/console/"
    assert _admin_state(city_a, "kepala@alfa.go.id") == {
        "active": True,
        "password_usable": True,
        "roles": ["city-admin"],
        "open_invitations": 0,
    }


def test_with_a_password_the_admin_can_log_in_at_once(city_a, client_a):
    city_admin_ensure(
        city=city_a, email="kepala@alfa.go.id", full_name="Kepala", password="sandi-kota-alfa-1"
    )

    response = client_a.post(
        "/accounts/login/", {"username": "kepala@alfa.go.id", "password": "sandi-kota-alfa-1"}
    )

    assert response.status_code == 302
    assert client_a.get("/console/staff/").status_code == 200


def test_a_password_is_set_only_on_an_account_without_one(
    city_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        city_admin_ensure(city=city_a, email="kepala@alfa.go.id", full_name="Kepala")
    city_admin_ensure(
        city=city_a, email="kepala@alfa.go.id", full_name="Kepala", password="sandi-pertama-1"
    )
    city_admin_ensure(
        city=city_a, email="kepala@alfa.go.id", full_name="Kepala", password="sandi-kedua-22"
    )

    with city_scope(city_a):
        user = get_user_model().objects.get(email="kepala@alfa.go.id")
    assert user.check_password("sandi-pertama-1") is True
    assert _admin_state(city_a, "kepala@alfa.go.id")["open_invitations"] == 0


def test_an_existing_citizen_becomes_admin_and_keeps_their_password(city_a, warga_a):
    user, created = city_admin_ensure(
        city=city_a, email=warga_a.email, full_name="x", password="tidak-dipakai-9"
    )

    assert created is False
    assert _admin_state(city_a, warga_a.email) == {
        "active": True,
        "password_usable": True,
        "roles": ["citizen", "city-admin"],
        "open_invitations": 0,
    }
    with city_scope(city_a):
        user.refresh_from_db()
    assert user.full_name == "Budi Santoso"
    assert user.check_password("tidak-dipakai-9") is False


def test_a_deactivated_admin_stays_deactivated(city_a):
    person(city_a, email="lama@alfa.id", roles=["city-admin"], is_active=False)

    city_admin_ensure(city=city_a, email="lama@alfa.id", full_name="", password="sandi-baru-77")

    assert _admin_state(city_a, "lama@alfa.id")["active"] is False


def test_a_weak_password_or_bad_email_is_refused(city_a):
    with pytest.raises(ValidationError):
        city_admin_ensure(city=city_a, email="kepala@alfa.go.id", full_name="", password="123")
    with pytest.raises(ValidationError):
        city_admin_ensure(city=city_a, email="bukan email", full_name="")
    with city_scope(city_a):
        assert get_user_model().objects.filter(email="kepala@alfa.go.id").exists() is False


def test_the_manifest_admin_is_made_in_that_city_only_and_idempotently(
    tmp_path, city_a, django_capture_on_commit_callbacks
):
    (tmp_path / "semarang.toml").write_text(
        MANIFEST.format(slug="semarang", email="admin@semarang.localhost")
    )

    with django_capture_on_commit_callbacks(execute=True):
        manifests_apply(tmp_path)
        manifests_apply(tmp_path)

    semarang = City.objects.get(slug="semarang")
    assert _admin_state(semarang, "admin@semarang.localhost") == {
        "active": False,
        "password_usable": False,
        "roles": ["city-admin"],
        "open_invitations": 1,
    }
    (message,) = mail.outbox
    assert message.from_email == "Kota semarang <no-reply@localhost>"
    assert "http://semarang.localhost/accounts/invitation/" in message.body
    with city_scope(city_a):
        assert get_user_model().objects.filter(email="admin@semarang.localhost").exists() is False


def test_manifest_admin_problems_are_reported_and_nothing_is_applied(db, tmp_path):
    (tmp_path / "semarang.toml").write_text(
        MANIFEST.format(slug="semarang", email="bukan-email") + 'phone = "1"\n'
    )
    (tmp_path / "solo.toml").write_text(
        MANIFEST.format(slug="solo", email="a@solo.id").replace('email = "a@solo.id"\n', "")
    )

    with pytest.raises(ManifestsInvalid) as invalid:
        manifests_apply(tmp_path)

    assert invalid.value.problems == [
        ManifestProblem("semarang.toml", "admin.phone", "unknown field"),
        ManifestProblem("semarang.toml", "admin.email", "Enter a valid email address."),
        ManifestProblem("solo.toml", "admin.email", "is required"),
    ]
    assert City.objects.filter(slug__in=["semarang", "solo"]).exists() is False


def test_a_declared_admin_with_nobody_to_make_it_is_an_error(db, tmp_path, monkeypatch):
    (tmp_path / "semarang.toml").write_text(
        MANIFEST.format(slug="semarang", email="admin@semarang.localhost")
    )
    monkeypatch.setattr(seeding, "_admin_handlers", [])

    with pytest.raises(ImproperlyConfigured):
        manifests_apply(tmp_path)

    assert City.objects.filter(slug="semarang").exists() is False


def test_the_demo_manifests_declare_their_admins():
    specs = manifests_load(Path(settings.KOTA_HOME) / "tenants")

    assert {spec.slug: spec.admin_email for spec in specs} == {
        "badung": "admin@badung.localhost",
        "jayapura": "admin@jayapura.localhost",
        "tangerang": "admin@tangerang.localhost",
    }
