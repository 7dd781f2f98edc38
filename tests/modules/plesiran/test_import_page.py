"""The console's import page: check a file, then import it on confirmation; officers of
the city only, and nothing is written before the confirmation or from another city."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kota.audit.models import AuditEntry
from kota.modules.plesiran import import_views
from kota.modules.plesiran.models import Destination, Event
from kota.tenancy.scope import city_scope
from tests.accounts.conftest import _english  # noqa: F401 - a fixture
from tests.conftest import cookies_to, logged_in, person
from tests.modules.plesiran.conftest import destination

# The problems are asserted in English, the source language.
pytestmark = pytest.mark.usefixtures("_english")

URL = "/console/plesiran/impor/"
CLEAN = (
    "name;category;description_id;address;latitude;longitude;status\n"
    "Taman Potret;taman-alam;Taman bertema kamera.;Jl. Perintis Kemerdekaan;-6,1805;106,6352;"
    "published\n"
    "Situ Cipondoh;taman-alam;Danau terbesar.;Jl. KH Hasyim Ashari;-6.1862;106.6781;draft\n"
)
BAD = CLEAN.replace("taman-alam;Danau", "taman;Danau").replace("106,6352", "timur")


def _upload(text: str, name: str = "tempat.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def _check(client, text=CLEAN, kind="destinations", action="check"):
    return client.post(URL, {"action": action, "kind": kind, "file": _upload(text)})


def _kept(client, city):
    """What the client's session keeps between the check and the import (sessions live
    in the city's schema)."""
    with city_scope(city):
        return client.session.get(import_views.SESSION_KEY)


def _slugs(city):
    with city_scope(city):
        return sorted(Destination.objects.values_list("slug", flat=True))


def test_url_name_is_the_console_import_page():
    assert reverse("plesiran-console:import", urlconf="kota.config.urls_city") == URL


def test_officer_sees_the_form_and_every_kind_of_column(plesiran_a, tourism_officer_client_a):
    response = tourism_officer_client_a.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    for column in ("description_id", "amenities", "open_all_day", "starts_at", "ticket_note"):
        assert f"<code>{column}</code>" in page


def test_citizens_get_404_and_visitors_are_sent_to_log_in(plesiran_a, warga_a, client_a):
    citizen = logged_in("alfa.localhost", warga_a, plesiran_a)

    assert citizen.get(URL).status_code == 404
    assert citizen.post(URL, {"kind": "destinations", "file": _upload(CLEAN)}).status_code == 404
    anonymous = client_a.post(URL, {"kind": "destinations", "file": _upload(CLEAN)})
    assert anonymous.status_code == 302
    login = reverse("accounts:login", urlconf="kota.config.urls_city")
    assert anonymous["Location"] == f"{login}?next={URL}"
    assert _slugs(plesiran_a) == []


def test_a_clean_file_is_checked_without_writing_then_imported_on_confirmation(
    plesiran_a, tourism_officer_client_a, tourism_officer_a
):
    checked = _check(tourism_officer_client_a)

    assert checked.status_code == 200
    assert checked.context["report"].created == 2
    assert _slugs(plesiran_a) == []
    kept = _kept(tourism_officer_client_a, plesiran_a)
    assert kept["kind"] == "destinations"

    confirmed = tourism_officer_client_a.post(
        URL, {"action": "confirm", "digest": kept["digest"]}, follow=True
    )

    assert confirmed.redirect_chain == [(URL, 302)]
    assert "tempat.csv imported: 2 created, 0 updated, 0 unchanged." in confirmed.content.decode()
    assert _slugs(plesiran_a) == ["situ-cipondoh", "taman-potret"]
    with city_scope(plesiran_a):
        entry = AuditEntry.objects.get(action="plesiran.import")
        assert (entry.actor_id, entry.target, entry.after["created"]) == (
            tourism_officer_a.pk,
            "destinations",
            2,
        )
        assert Destination.objects.get(slug="taman-potret").latitude == -6.1805
    assert _kept(tourism_officer_client_a, plesiran_a) is None


def test_a_bad_file_lists_every_problem_and_nothing_is_kept_or_written(
    plesiran_a, tourism_officer_client_a
):
    response = _check(tourism_officer_client_a, BAD)

    assert response.status_code == 400
    assert [(p.line, p.field) for p in response.context["report"].problems] == [
        (2, "longitude"),
        (3, "category"),
    ]
    page = response.content.decode()
    assert "2 problems found; nothing was imported." in page
    assert "“timur” is not a number." in page
    assert _kept(tourism_officer_client_a, plesiran_a) is None
    assert _slugs(plesiran_a) == []


def test_confirming_without_a_checked_file_imports_nothing(plesiran_a, tourism_officer_client_a):
    _check(tourism_officer_client_a)

    response = tourism_officer_client_a.post(URL, {"action": "confirm", "digest": "0" * 64})

    assert response.status_code == 400
    assert "The checked file is no longer here" in response.content.decode()
    assert _slugs(plesiran_a) == []
    # The wrong confirmation used up the kept file: the right one cannot follow it.
    assert _kept(tourism_officer_client_a, plesiran_a) is None


def test_a_checked_file_expires(plesiran_a, tourism_officer_client_a, monkeypatch):
    _check(tourism_officer_client_a)
    digest = _kept(tourism_officer_client_a, plesiran_a)["digest"]
    monkeypatch.setattr(import_views, "IMPORT_KEEP_MINUTES", 0)

    response = tourism_officer_client_a.post(URL, {"action": "confirm", "digest": digest})

    assert response.status_code == 400
    assert _slugs(plesiran_a) == []


def test_a_large_checked_file_is_chosen_again_to_import(
    plesiran_a, tourism_officer_client_a, monkeypatch
):
    monkeypatch.setattr(import_views, "SESSION_FILE_MAX_CHARS", 10)

    checked = _check(tourism_officer_client_a)

    assert checked.status_code == 200
    assert checked.context["kept"] is None
    assert _kept(tourism_officer_client_a, plesiran_a) is None
    assert 'name="action" value="import"' in checked.content.decode()
    imported = _check(tourism_officer_client_a, action="import")
    assert imported.status_code == 302
    assert _slugs(plesiran_a) == ["situ-cipondoh", "taman-potret"]


def test_importing_a_bad_file_in_one_go_writes_nothing(plesiran_a, tourism_officer_client_a):
    response = _check(tourism_officer_client_a, BAD, action="import")

    assert response.status_code == 400
    assert _slugs(plesiran_a) == []


def test_data_changed_between_check_and_import_is_reported_and_nothing_written(
    plesiran_a, tourism_officer_client_a
):
    venue = destination(plesiran_a, slug="alun-alun", name="Alun-alun")
    events = (
        "name,category,venue,starts_at,ends_at,description_id\n"
        "Malam Kuliner,kuliner,alun-alun,2026-12-05 17:00,2026-12-05 23:00,Jajanan malam.\n"
    )
    _check(tourism_officer_client_a, events, kind="events")
    digest = _kept(tourism_officer_client_a, plesiran_a)["digest"]
    with city_scope(plesiran_a):
        venue.delete()

    response = tourism_officer_client_a.post(URL, {"action": "confirm", "digest": digest})

    assert response.status_code == 400
    assert [(p.line, p.field) for p in response.context["report"].problems] == [(2, "latitude")]
    with city_scope(plesiran_a):
        assert Event.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(plesiran_a, tourism_officer_client_a, monkeypatch):
    monkeypatch.setattr(import_views, "MAX_FILE_BYTES", 100)

    response = _check(tourism_officer_client_a, CLEAN * 3)

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "The file is larger than 0 MB; split it into smaller files."
    ]
    assert _slugs(plesiran_a) == []


def test_missing_kind_or_file_is_a_form_error(plesiran_a, tourism_officer_client_a):
    response = tourism_officer_client_a.post(URL, {"action": "check", "kind": "photos"})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"kind", "file"}


def test_city_admins_may_import(plesiran_a, admin_client_a):
    response = _check(admin_client_a)

    assert response.status_code == 200


def test_another_citys_officer_session_cannot_import_here(
    plesiran_a, plesiran_b, tourism_officer_client_a, city_b
):
    other = cookies_to("beta.localhost", tourism_officer_client_a)
    officer_b = person(city_b, email="wisata@beta.id", roles=["officer-plesiran"])
    _check(tourism_officer_client_a)
    digest = _kept(tourism_officer_client_a, plesiran_a)["digest"]

    checked = _check(other)
    confirmed = other.post(URL, {"action": "confirm", "digest": digest})

    # Not logged in on city B: sent to log in there.
    assert (checked.status_code, confirmed.status_code) == (302, 302)
    assert _slugs(city_b) == []
    # B's own officer cannot confirm A's checked file either: sessions are per city.
    b_client = logged_in("beta.localhost", officer_b, city_b)
    assert b_client.post(URL, {"action": "confirm", "digest": digest}).status_code == 400
    assert _slugs(city_b) == []
    assert _slugs(plesiran_a) == []


def test_the_page_is_gone_when_the_module_is_off(city_a, admin_client_a):
    assert admin_client_a.get(URL).status_code == 404
    assert _check(admin_client_a).status_code == 404
