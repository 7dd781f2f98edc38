"""The module's settings form (the registry stores its cleaned data per city)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kota.modules.plesiran.categories import CATEGORY_DEFAULTS, CATEGORY_SLUGS


class PlesiranSettingsForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Categories the city uses"),
        choices=[(c.slug, c.name_id) for c in CATEGORY_DEFAULTS],
        initial=list(CATEGORY_SLUGS),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Places in other categories stay in the console but are not shown."),
    )
    map_center_lat = forms.FloatField(
        label=_("Map centre latitude"), min_value=-90, max_value=90, required=False
    )
    map_center_lon = forms.FloatField(
        label=_("Map centre longitude"), min_value=-180, max_value=180, required=False
    )
    map_zoom = forms.IntegerField(
        label=_("Map zoom"), min_value=5, max_value=19, required=False, initial=13
    )

    def clean(self):
        data = super().clean()
        if (data.get("map_center_lat") is None) != (data.get("map_center_lon") is None):
            raise forms.ValidationError(
                _("Give both the latitude and the longitude of the map centre, or neither.")
            )
        return data
