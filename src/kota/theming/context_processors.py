"""What every page needs to look like its city: the theme pack and the branding."""

from django.http import HttpRequest

from kota.theming.branding import branding_css_variables, branding_for
from kota.theming.packs import theme_active


def theming(request: HttpRequest) -> dict:
    theme = theme_active()
    branding = branding_for(getattr(request, "city", None), theme=theme)
    return {
        "theme": theme,
        "branding": branding,
        "branding_css": branding_css_variables(branding, theme),
    }
