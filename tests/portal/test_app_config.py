"""/api/v1/app-config: each city's app sees its own branding and nothing of another's."""

from kota.theming.branding import initials_version
from kota.theming.services import branding_update
from tests.theming.uploads import png_upload


def _icons(base: str, paths: dict[str, str]) -> list[dict]:
    return [
        {
            "src": base + paths[variant],
            "sizes": size,
            "type": "image/png",
            "purpose": purpose,
        }
        for variant, size, purpose in (
            ("any-192", "192x192", "any"),
            ("any-512", "512x512", "any"),
            ("maskable-512", "512x512", "maskable"),
        )
    ]


def test_each_city_gets_its_own_branding(client_a, client_b, city_a, city_b):
    branding_update(
        city=city_a,
        actor=None,
        tagline="Kota yang ramah",
        primary_color="#7a1f1f",
        secondary_color="#f2cc8f",
        theme="pesisir",
        logo=png_upload(),
    )

    config_a = client_a.get("/api/v1/app-config").json()
    config_b = client_b.get("/api/v1/app-config").json()

    version_b = initials_version(city_b)
    assert (config_a["name"], config_a["tagline"], config_a["colors"]) == (
        "Kota Alfa",
        "Kota yang ramah",
        {"primary": "#7a1f1f", "secondary": "#f2cc8f"},
    )
    assert config_a["logo_url"] == f"http://alfa.localhost/media/city_alfa/{city_a.logo}"
    assert config_a["icons"] == _icons("http://alfa.localhost/media/city_alfa/", dict(city_a.icons))
    assert (config_b["name"], config_b["logo_url"], config_b["colors"]) == (
        "Kabupaten Beta",
        None,
        {"primary": "#0b5394", "secondary": "#f1c232"},
    )
    assert config_b["icons"] == _icons(
        "http://beta.localhost",
        {v: f"/brand-icons/{v}.png?v={version_b}" for v in ("any-192", "any-512", "maskable-512")},
    )
    assert "alfa" not in str(config_b)
    assert "beta" not in str(config_a)
