"""The console's branding form: parses what the admin sent; the rules are the service's."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kota.theming.images import MAX_UPLOAD_BYTES, MIN_SIDE
from kota.theming.packs import theme_packs

_IMAGE_TYPES = "image/png,image/jpeg,image/webp"


class LookForm(forms.Form):
    """The fields of a city's look, shared by the console's branding page and the signup
    wizard's look step: a theme, two colours (text box and picker), a logo."""

    theme = forms.ChoiceField(label=_("Theme"), widget=forms.RadioSelect)
    primary_color = forms.CharField(
        label=_("Primary colour"),
        max_length=7,
        help_text=_("The header, buttons and links. As #rrggbb or #rgb."),
    )
    primary_color_picker = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"type": "color", "aria-label": _("Pick the primary colour")}),
    )
    secondary_color = forms.CharField(
        label=_("Secondary colour"),
        max_length=7,
        help_text=_("Highlights and badges. As #rrggbb or #rgb."),
    )
    secondary_color_picker = forms.CharField(
        required=False,
        widget=forms.TextInput(
            attrs={"type": "color", "aria-label": _("Pick the secondary colour")}
        ),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": _IMAGE_TYPES}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [(pack.key, pack.name) for pack in theme_packs().values()]
        # Filled in here, in the request's language: a lazy text formatted at import time
        # would keep the language of the import.
        self.fields["logo"].help_text = gettext(
            "PNG, JPEG or WebP, at most %(mb)d MB, at least %(min)d×%(min)d pixels. "
            "The app icons are made from it."
        ) % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024), "min": MIN_SIDE}

    def clean(self) -> dict:
        cleaned = super().clean()
        # Without JavaScript the colour picker and the text box are not kept in step: take
        # the picker's value when only the picker was changed.
        for name in ("primary_color", "secondary_color"):
            text, picked = cleaned.get(name), cleaned.get(f"{name}_picker")
            shown = self.initial.get(name)
            if picked and text == shown and picked.lower() != (shown or "").lower():
                cleaned[name] = picked
        return cleaned

    def look_context(self) -> dict:
        """What theming/_colour_fields.html and theming/_theme_cards.html show."""
        return {
            "color_fields": [
                (self["primary_color"], self["primary_color_picker"]),
                (self["secondary_color"], self["secondary_color_picker"]),
            ],
            # The theme field's choices are the packs in this order.
            "theme_cards": [
                {"radio": radio, "pack": pack}
                for radio, pack in zip(self["theme"], theme_packs().values(), strict=True)
            ],
        }


class BrandingForm(LookForm):
    """The console's branding page: the look, plus the tagline and the favicon."""

    field_order = ("tagline",)

    tagline = forms.CharField(
        label=_("Tagline"),
        max_length=160,
        required=False,
        help_text=_("A short motto shown under the city's name."),
    )
    favicon = forms.FileField(
        label=_("Favicon"),
        required=False,
        widget=forms.FileInput(attrs={"accept": _IMAGE_TYPES}),
        help_text=_("The small icon in the browser tab; without one, the app icon is used."),
    )
    remove_favicon = forms.BooleanField(label=_("Remove the favicon"), required=False)

    def service_arguments(self) -> dict:
        """Keyword arguments for kota.theming.services.branding_update."""
        data = self.cleaned_data
        return {
            "tagline": data["tagline"],
            "primary_color": data["primary_color"],
            "secondary_color": data["secondary_color"],
            "theme": data["theme"],
            "logo": data.get("logo"),
            "favicon": data.get("favicon"),
            "remove_logo": data["remove_logo"],
            "remove_favicon": data["remove_favicon"],
        }
