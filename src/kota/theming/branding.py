"""A city's branding on top of its theme: logo, icons, colours. (Placeholder: logo and
icons are not uploadable yet.)"""


def branding_logo_url(city, *, base_url: str) -> str | None:
    return None


def branding_icons(city, *, base_url: str) -> list[dict]:
    return []
