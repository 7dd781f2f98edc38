"""The console in Bahasa Indonesia, the cities' default language."""

import pytest


@pytest.fixture
def _english():
    """Overrides the package's autouse fixture: here the test cities keep the languages
    they were provisioned with, Indonesian first."""


def test_the_console_is_in_indonesian_by_default(admin_client_a):
    body = admin_client_a.get("/console/staff/").content.decode()

    assert '<html lang="id" ' in body
    assert '<a href="/console/staff/" aria-current="page">Staf</a>' in body
    for label in ("Ringkasan", "Modul", "Domain", "Identitas email", "Log audit"):
        assert f">{label}</a>" in body
    assert "<td>Admin kota</td>" in body
    assert "<td>Aktif\n</td>" in body  # the status partial ends with a line break
