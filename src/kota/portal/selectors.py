"""Reads for the citizen portal and the app-config API."""

from django.conf import settings

from kota.registry.gating import live_modules


def short_name(name: str) -> str:
    """A home-screen name: the city's name without "Kota"/"Kabupaten", at most 12 chars."""
    for prefix in ("Kota ", "Kabupaten ", "Kab. "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name[:12]


def app_config_for(*, city, base_url: str) -> dict:
    from kota.theming.branding import branding_icons, branding_logo_url

    return {
        "slug": city.slug,
        "name": city.name,
        "short_name": short_name(city.name),
        "tagline": city.tagline,
        "kind": city.kind,
        "province": city.province,
        "colors": {"primary": city.primary_color, "secondary": city.secondary_color},
        "logo_url": branding_logo_url(city, base_url=base_url),
        "icons": branding_icons(city, base_url=base_url),
        "languages": list(city.languages) or [code for code, _ in settings.LANGUAGES],
        "default_language": (list(city.languages) or [settings.LANGUAGE_CODE])[0],
        "time_zone": city.time_zone,
        "api_root": f"{base_url}/api/v1/",
        "modules": [
            {
                "key": m.key,
                "name": str(m.name),
                "summary": str(m.summary),
                "icon": m.icon,
                "api_root": base_url + m.api_root,
                "web_url": base_url + m.home_path,
            }
            for m in live_modules(city)
        ],
    }
