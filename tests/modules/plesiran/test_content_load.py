"""A manifest's [content] for e-plesiran: loaded through the registry after the module
is on, idempotent, all or nothing, and checked when the manifest is read."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from kota.audit.models import AuditEntry
from kota.modules.plesiran.models import Destination, Event, Facility, Status
from kota.tenancy.manifests import (
    ManifestProblem,
    ManifestsInvalid,
    manifests_apply,
    manifests_load,
)
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope

SHIPPED = Path(settings.KOTA_HOME) / "tenants"

MANIFEST = """
slug = "semarang"
name = "Kota Semarang"
kind = "kota"
province = "Jawa Tengah"
modules = {modules}

[map]
center = {{ lat = -7.0, lon = 110.4 }}
boundary = [[110.3, -7.1], [110.5, -7.1], [110.5, -6.9], [110.3, -6.9], [110.3, -7.1]]

[content]
plesiran = "semarang/plesiran"
"""

DESTINATIONS = (
    "slug,name,category,description_id,address,latitude,longitude,status\n"
    "lawang-sewu,Lawang Sewu,sejarah-budaya,Gedung tua.,Jl. Pemuda,-6.9840,110.4104,published\n"
    "sam-poo-kong,Sam Poo Kong,religi,Klenteng.,Jl. Simongan,-6.9963,110.3985,draft\n"
)
FACILITIES = "kind,name,latitude,longitude\natm,ATM Simpang Lima,-6.9903,110.4229\n"
EVENTS = (
    "slug,name,category,venue,starts_at,ends_at,description_id,status\n"
    "dugderan,Dugderan,sejarah-budaya,lawang-sewu,2027-02-06 08:00,2027-02-06 17:00,"
    "Tradisi menyambut Ramadan.,published\n"
)


def _manifest(folder: Path, *, modules='["plesiran"]', destinations=DESTINATIONS) -> Path:
    content = folder / "semarang" / "plesiran"
    content.mkdir(parents=True, exist_ok=True)
    (content / "destinations.csv").write_text(destinations)
    (content / "facilities.csv").write_text(FACILITIES)
    (content / "events.csv").write_text(EVENTS)
    (folder / "semarang.toml").write_text(MANIFEST.format(modules=modules))
    return content


def _counts(city):
    with city_scope(city):
        return (
            Destination.objects.count(),
            Facility.objects.count(),
            Event.objects.count(),
        )


def test_apply_loads_the_content_after_enabling_the_module(db, tmp_path):
    _manifest(tmp_path)

    result = manifests_apply(tmp_path)

    assert result.created == ["semarang"]
    city = City.objects.get(slug="semarang")
    assert city.enabled_modules == ["plesiran"]
    assert _counts(city) == (2, 1, 1)
    with city_scope(city):
        assert dict(Destination.objects.values_list("slug", "status")) == {
            "lawang-sewu": Status.PUBLISHED,
            "sam-poo-kong": Status.DRAFT,
        }
        assert Facility.objects.get().slug == "atm-simpang-lima"
        dugderan = Event.objects.get()
        assert (dugderan.venue.slug, dugderan.latitude, dugderan.status) == (
            "lawang-sewu",
            -6.9840,
            Status.PUBLISHED,
        )


def test_applying_the_same_content_again_changes_nothing(db, tmp_path):
    _manifest(tmp_path)
    manifests_apply(tmp_path)
    city = City.objects.get(slug="semarang")
    with city_scope(city):
        stamps = sorted(Destination.objects.values_list("slug", "updated_at"))
        audited = AuditEntry.objects.count()

    again = manifests_apply(tmp_path)

    assert (again.created, again.updated, again.unchanged) == ([], [], ["semarang"])
    with city_scope(city):
        assert sorted(Destination.objects.values_list("slug", "updated_at")) == stamps
        assert AuditEntry.objects.count() == audited


def test_changed_content_updates_the_city(db, tmp_path):
    _manifest(tmp_path)
    manifests_apply(tmp_path)
    _manifest(tmp_path, destinations=DESTINATIONS.replace("Gedung tua.", "Gedung seribu pintu."))

    result = manifests_apply(tmp_path)

    assert result.updated == ["semarang"]
    city = City.objects.get(slug="semarang")
    with city_scope(city):
        assert Destination.objects.get(slug="lawang-sewu").description_id == (
            "Gedung seribu pintu."
        )
    assert _counts(city) == (2, 1, 1)


def test_a_bad_row_is_reported_with_its_file_and_line_and_nothing_is_made(db, tmp_path):
    _manifest(tmp_path, destinations=DESTINATIONS.replace("-6.9963,110.3985", "110.3985,-6.9963"))

    with pytest.raises(ManifestsInvalid) as invalid:
        manifests_apply(tmp_path)

    assert invalid.value.problems == [
        ManifestProblem(
            "semarang.toml",
            "content.plesiran",
            "destinations.csv: line 3, latitude: This point (110.39850, -6.99630) is outside "
            "Kota Semarang. Check the map location: latitude and longitude may be swapped.",
        )
    ]
    assert City.objects.filter(slug="semarang").exists() is False


def test_content_for_a_module_not_listed_is_refused_when_read(tmp_path):
    _manifest(tmp_path, modules="[]")

    with pytest.raises(ManifestsInvalid) as invalid:
        manifests_load(tmp_path)

    assert invalid.value.problems == [
        ManifestProblem(
            "semarang.toml",
            "content.plesiran",
            "Content for plesiran needs the module too: list it in modules.",
        )
    ]


def test_a_missing_content_folder_is_refused_when_read(tmp_path):
    _manifest(tmp_path)
    shutil.rmtree(tmp_path / "semarang")

    with pytest.raises(ManifestsInvalid) as invalid:
        manifests_load(tmp_path)

    assert [(p.field, p.reason) for p in invalid.value.problems] == [
        (
            "content.plesiran",
            f"The folder {tmp_path / 'semarang' / 'plesiran'} does not exist.",
        )
    ]


def test_content_of_a_module_without_a_loader_is_refused(tmp_path):
    _manifest(tmp_path, modules='["plesiran", "noticeboard"]')
    text = (tmp_path / "semarang.toml").read_text()
    (tmp_path / "semarang.toml").write_text(text + 'noticeboard = "semarang/plesiran"\n')

    with pytest.raises(ManifestsInvalid) as invalid:
        manifests_load(tmp_path)

    assert [(p.field, p.reason) for p in invalid.value.problems] == [
        ("content.noticeboard", "noticeboard loads no content.")
    ]


def test_shipped_cities_load_their_content_and_jayapura_has_none(db, tmp_path):
    shutil.copytree(SHIPPED, tmp_path / "tenants")

    manifests_apply(tmp_path / "tenants")
    again = manifests_apply(tmp_path / "tenants")

    assert sorted(again.unchanged) == ["badung", "jayapura", "tangerang"]
    tangerang = City.objects.get(slug="tangerang")
    destinations, facilities, events = _counts(tangerang)
    assert destinations >= 14
    assert facilities >= 20
    assert events >= 4
    with city_scope(tangerang):
        assert Destination.objects.exclude(status=Status.PUBLISHED).count() == 0
        assert set(Destination.objects.values_list("category__slug", flat=True)) >= {
            "religi",
            "sejarah-budaya",
            "kuliner",
            "taman-alam",
            "kampung-wisata",
        }
    assert _counts(City.objects.get(slug="badung"))[0] >= 4
    assert City.objects.get(slug="jayapura").enabled_modules == []


def test_a_malformed_content_table_is_a_problem_of_its_own(tmp_path):
    _manifest(tmp_path)
    text = (tmp_path / "semarang.toml").read_text()
    (tmp_path / "semarang.toml").write_text(
        text.replace('plesiran = "semarang/plesiran"', "plesiran = 3")
    )

    with pytest.raises(ManifestsInvalid) as invalid:
        manifests_load(tmp_path)

    assert invalid.value.problems == [
        ManifestProblem("semarang.toml", "content.plesiran", "must be the path of a folder")
    ]


def test_content_files_with_unknown_names_are_refused(db, tmp_path):
    content = _manifest(tmp_path)
    (content / "tempat.csv").write_text(DESTINATIONS)
    (content / "README.md").write_text("Catatan.")  # not a content file: ignored

    with pytest.raises(ManifestsInvalid) as invalid:
        manifests_apply(tmp_path)

    assert [p.reason for p in invalid.value.problems] == [
        "tempat.csv: name content files destinations, facilities, events (.csv, .geojson or .json)"
    ]
    assert City.objects.filter(slug="semarang").exists() is False
