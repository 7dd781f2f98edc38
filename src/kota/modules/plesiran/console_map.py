"""What the console's map picker needs to draw: tiles (none when the setting is empty, as
in tests), the city's default centre and zoom, and its boundary."""

from django.conf import settings

from kota.modules.plesiran.selectors import plesiran_settings

DEFAULT_ATTRIBUTION = "&copy; OpenStreetMap contributors"


def map_picker_context(city) -> dict:
    """Template context for ``plesiran/console/_map_picker.html``."""
    chosen = plesiran_settings(city)
    centre = chosen.map_center
    return {
        "map_picker": {
            "tiles": getattr(settings, "KOTA_MAP_TILES_URL", ""),
            "attribution": getattr(settings, "KOTA_MAP_TILES_ATTRIBUTION", DEFAULT_ATTRIBUTION),
            "center": [centre.latitude, centre.longitude] if centre else None,
            "zoom": chosen.map_zoom,
            "boundary": city.boundary or None,
        }
    }
