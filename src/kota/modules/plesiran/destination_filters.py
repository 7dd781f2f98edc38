"""The query of the destination list (``?q=…&kategori=…&lat=…&lon=…``), read and checked."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kota.modules.plesiran.geo import Point


class DestinationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kategori = forms.ChoiceField(label=_("Category"), required=False)
    lat = forms.FloatField(
        required=False,
        min_value=-90,
        max_value=90,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"),
            _("Your location could not be read: a latitude is a number from -90 to 90."),
        ),
    )
    lon = forms.FloatField(
        required=False,
        min_value=-180,
        max_value=180,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"),
            _("Your location could not be read: a longitude is a number from -180 to 180."),
        ),
    )

    def __init__(self, data, *, categories):
        super().__init__(data)
        self.fields["kategori"].choices = [("", _("All")), *((c.slug, c.name) for c in categories)]
        self.fields["kategori"].error_messages["invalid_choice"] = _(
            "This category is not shown here. Choose one of the list."
        )

    def clean(self):
        data = super().clean()
        lat, lon = data.get("lat"), data.get("lon")
        if (
            (lat is None) != (lon is None)
            and not self.has_error("lat")
            and not self.has_error("lon")
        ):
            raise forms.ValidationError(
                _("Your location needs both a latitude and a longitude. Try “Near me” again.")
            )
        return data

    @property
    def near(self) -> Point | None:
        """The visitor's position, when the form is valid and gives one."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("lat") is None or data.get("lon") is None:
            return None
        return Point(data["lat"], data["lon"])

    @property
    def messages(self) -> list[str]:
        """Every problem, in words for the visitor (fields first)."""
        return [str(m) for field in (*self.fields, "__all__") for m in self.errors.get(field, [])]
