import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from kota.tenancy.manifests import (
    ManifestProblem,
    ManifestsInvalid,
    manifests_apply,
    manifests_load,
)
from kota.tenancy.models import City, Domain

VALID = """
slug = "{slug}"
name = "Kota {slug}"
kind = "kota"
province = "Jawa Tengah"
modules = ["noticeboard"]
domains = ["www.{slug}.localhost"]

[branding]
theme = "pesisir"
primary_color = "#123456"

[map]
center = {{ lat = -7.0, lon = 110.4 }}
zoom = 12
boundary = [[110.3, -7.1], [110.5, -7.1], [110.5, -6.9], [110.3, -6.9], [110.3, -7.1]]
"""


def _write(folder: Path, slug: str, text: str) -> Path:
    path = folder / f"{slug}.toml"
    path.write_text(text)
    return path


def test_shipped_manifests_are_valid_and_differ():
    specs = {spec.slug: spec for spec in manifests_load(Path(settings.KOTA_HOME) / "tenants")}

    assert {"tangerang", "badung"} <= set(specs)
    tangerang, badung = specs["tangerang"], specs["badung"]
    assert (tangerang.kind, tangerang.province, tangerang.effective_time_zone) == (
        "kota",
        "Banten",
        "Asia/Jakarta",
    )
    assert (badung.kind, badung.province, badung.effective_time_zone) == (
        "kabupaten",
        "Bali",
        "Asia/Makassar",
    )
    assert tangerang.theme != badung.theme


def test_apply_creates_then_updates_without_duplicates(db, tmp_path):
    _write(tmp_path, "semarang", VALID.format(slug="semarang"))

    first = manifests_apply(tmp_path)
    again = manifests_apply(tmp_path)
    _write(tmp_path, "semarang", VALID.format(slug="semarang").replace("zoom = 12", "zoom = 14"))
    second = manifests_apply(tmp_path)

    assert (first.created, first.updated, first.unchanged) == (["semarang"], [], [])
    assert (again.created, again.updated, again.unchanged) == ([], [], ["semarang"])
    assert (second.created, second.updated, second.unchanged) == ([], ["semarang"], [])
    city = City.objects.get(slug="semarang")
    assert city.map_zoom == 14
    assert city.theme == "pesisir"
    assert city.time_zone == "Asia/Jakarta"
    assert sorted(Domain.objects.filter(tenant=city).values_list("domain", flat=True)) == [
        "semarang.localhost",
        "www.semarang.localhost",
    ]


def test_removed_custom_domain_is_removed_on_reapply(db, tmp_path):
    _write(tmp_path, "semarang", VALID.format(slug="semarang"))
    manifests_apply(tmp_path)
    _write(
        tmp_path,
        "semarang",
        VALID.format(slug="semarang").replace('domains = ["www.semarang.localhost"]', ""),
    )

    manifests_apply(tmp_path)

    assert list(
        Domain.objects.filter(tenant__slug="semarang").values_list("domain", flat=True)
    ) == ["semarang.localhost"]


def test_invalid_manifests_report_file_field_reason_and_change_nothing(db, tmp_path):
    _write(tmp_path, "semarang", VALID.format(slug="semarang"))
    _write(
        tmp_path,
        "solo",
        VALID.format(slug="solo")
        .replace('province = "Jawa Tengah"', 'province = "Atlantis"\ncolour = "blue"')
        .replace('"#123456"', '"biru"'),
    )
    _write(tmp_path, "salah", VALID.format(slug="benar"))
    _write(tmp_path, "rusak", "slug = ")

    with pytest.raises(ManifestsInvalid) as invalid:
        manifests_apply(tmp_path)

    problems = {(p.file, p.field) for p in invalid.value.problems}
    assert problems == {
        ("solo.toml", "colour"),
        ("solo.toml", "province"),
        ("solo.toml", "primary_color"),
        ("salah.toml", "slug"),
        ("rusak.toml", "-"),
    }
    assert all(p.reason for p in invalid.value.problems)
    assert City.objects.filter(slug__in=["semarang", "solo", "benar"]).exists() is False


def test_centre_outside_boundary_and_swapped_coordinates_are_explained(tmp_path):
    text = VALID.format(slug="semarang").replace(
        "lat = -7.0, lon = 110.4", "lat = -6.0, lon = 110.4"
    )
    _write(tmp_path, "semarang", text.replace("[110.3, -7.1], [110.5", "[-7.1, 110.3], [110.5"))

    with pytest.raises(ManifestsInvalid) as invalid:
        manifests_load(tmp_path)

    assert invalid.value.problems == [
        ManifestProblem(
            "semarang.toml",
            "map.boundary",
            "(110.3, -7.1) is outside Indonesia; check latitude/longitude order.",
        )
    ]


def test_custom_domain_may_not_take_another_citys_address(tmp_path):
    _write(
        tmp_path,
        "semarang",
        VALID.format(slug="semarang").replace("www.semarang.localhost", "solo.localhost"),
    )

    with pytest.raises(ManifestsInvalid) as invalid:
        manifests_load(tmp_path)

    assert [(p.file, p.field) for p in invalid.value.problems] == [("semarang.toml", "domains")]


def test_tenants_command_applies_and_reports(db, tmp_path, capsys):
    shipped = Path(settings.KOTA_HOME) / "tenants"
    shutil.copy(shipped / "badung.toml", tmp_path)
    shutil.copytree(shipped / "badung", tmp_path / "badung")  # its [content]

    call_command("tenants", "apply", str(tmp_path))

    assert "cities created: badung" in capsys.readouterr().out
    assert City.objects.get(slug="badung").tagline != ""


def test_tenants_command_fails_with_problems_listed(db, tmp_path, capsys):
    _write(tmp_path, "solo", VALID.format(slug="solo").replace('kind = "kota"', 'kind = "desa"'))

    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("tenants", "apply", str(tmp_path))

    assert "solo.toml: kind:" in capsys.readouterr().err
    assert City.objects.filter(slug="solo").exists() is False


def test_same_domain_twice_in_one_file_is_a_clear_problem(db, tmp_path):
    text = VALID.format(slug="semarang").replace(
        'domains = ["www.semarang.localhost"]',
        'domains = ["www.semarang.localhost", "www.semarang.localhost"]',
    )
    _write(tmp_path, "semarang", text)

    with pytest.raises(ManifestsInvalid) as invalid:
        manifests_apply(tmp_path)

    assert [str(p) for p in invalid.value.problems] == [
        "semarang.toml: domains: www.semarang.localhost is listed more than once."
    ]
    assert City.objects.filter(slug="semarang").exists() is False


def test_unreadable_manifest_is_a_problem_not_a_traceback(tmp_path):
    (tmp_path / "folder.toml").mkdir()

    with pytest.raises(ManifestsInvalid) as invalid:
        manifests_load(tmp_path)

    assert [(p.file, p.field) for p in invalid.value.problems] == [("folder.toml", "-")]
    assert invalid.value.problems[0].reason.startswith("cannot be read")


def test_brand_colour_without_readable_text_is_refused_with_the_ratio(tmp_path):
    _write(tmp_path, "semarang", VALID.format(slug="semarang").replace("#123456", "#777777"))

    with pytest.raises(ManifestsInvalid) as invalid:
        manifests_load(tmp_path)

    assert invalid.value.problems == [
        ManifestProblem(
            "semarang.toml",
            "primary_color",
            "Primary colour #777777 with white text has contrast 4.47:1; WCAG AA needs at "
            "least 4.5:1. Choose a darker colour.",
        )
    ]
