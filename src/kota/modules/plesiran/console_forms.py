"""Forms of the tourism officers' console. They parse what the officer typed into the
values the services take; the services decide what is valid (boundary, slugs, dates) and
their errors are put back next to the fields here (``errors_attach``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kota.modules.plesiran.models import (
    Amenity,
    Category,
    Destination,
    FacilityKind,
    Status,
)

WEEKDAYS = (
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
)
# Blank rows offered after the filled ones (tickets, hours, closures): enough for a
# usual place without scripts; saving gives three more.
EXTRA_ROWS = 3

_CHECKBOX = {"style": "width: auto"}


def _coordinate(label, low: float, high: float, *, required: bool = True):
    return forms.FloatField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class LocationFields(forms.Form):
    """Latitude and longitude, typed or filled by the map picker."""

    latitude = _coordinate(_("Latitude"), -90, 90)
    longitude = _coordinate(_("Longitude"), -180, 180)


class SlugField(forms.SlugField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Address in the site"),
            max_length=70,
            required=False,
            help_text=_("Letters, digits and hyphens. Empty: made from the name. Kept once set."),
            **kwargs,
        )


class DestinationForm(LocationFields):
    name = forms.CharField(label=_("Name"), max_length=120)
    slug = SlugField()
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), empty_label=None
    )
    description_id = forms.CharField(
        label=_("Description (Indonesian)"), widget=forms.Textarea(attrs={"rows": 6})
    )
    description_en = forms.CharField(
        label=_("Description (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Optional: English visitors see the Indonesian text when it is empty."),
    )
    address = forms.CharField(label=_("Address"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    instagram = forms.CharField(
        label=_("Instagram account"),
        max_length=60,
        required=False,
        help_text=_("Without the @."),
    )
    is_free = forms.BooleanField(
        label=_("Free entry"), required=False, widget=forms.CheckboxInput(attrs=_CHECKBOX)
    )
    amenities = forms.MultipleChoiceField(
        label=_("Amenities"),
        choices=Amenity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=_CHECKBOX),
    )
    field_order = ["name", "slug", "category", "description_id", "description_en", "address"]

    def __init__(self, *args, editing: Destination | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if editing is not None and editing.slug:
            # An address in the site, once given, stays: links to it must keep working.
            del self.fields["slug"]

    def clean_instagram(self) -> str:
        return self.cleaned_data["instagram"].strip().lstrip("@")

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["category_id"] = data.pop("category").pk
        if "slug" in data and not data["slug"]:
            del data["slug"]
        return data

    @staticmethod
    def initial_for(destination: Destination) -> dict:
        names = ("name", "description_id", "description_en", "address", "latitude")
        names += ("longitude", "phone", "email", "website", "instagram", "is_free", "amenities")
        return {"category": destination.category_id} | {
            name: getattr(destination, name) for name in names
        }


# --- Repeated rows: tickets, hours, closures -------------------------------------------


class _RowForm(forms.Form):
    """A repeated row: left blank it is ignored (so blanking a row removes it); partly
    filled, each of its required fields must be given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_blank = False
        self._needed = [name for name, field in self.fields.items() if field.required]
        for field in self.fields.values():
            field.required = False

    def clean(self):
        data = super().clean()
        filled = [n for n, v in data.items() if v not in (None, "", [], False)]
        if not filled and not self.errors:
            self.is_blank = True
            return data
        for name in self._needed:
            if data.get(name) in (None, "", []) and name not in self.errors:
                self.add_error(name, self.fields[name].error_messages["required"])
        return data


class TicketForm(_RowForm):
    label_id = forms.CharField(label=_("Ticket (Indonesian)"), max_length=80)
    label_en = forms.CharField(label=_("Ticket (English)"), max_length=80, required=False)
    price_idr = forms.IntegerField(
        label=_("Price (Rp)"),
        min_value=0,
        max_value=100_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class HoursForm(_RowForm):
    """One opening period on one or more weekdays ("Mon–Fri 08:00–17:00")."""

    days = forms.TypedMultipleChoiceField(
        label=_("Days"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs=_CHECKBOX),
    )
    opens = forms.TimeField(
        label=_("Opens"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    closes = forms.TimeField(
        label=_("Closes"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )


class ClosureForm(_RowForm):
    starts_on = forms.DateField(
        label=_("Closed from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Closed until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note_id = forms.CharField(label=_("Reason (Indonesian)"), max_length=160, required=False)
    note_en = forms.CharField(label=_("Reason (English)"), max_length=160, required=False)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("A closure cannot end before it starts."))
        return data


class _RowsFormSet(forms.BaseFormSet):
    """Blank rows are ignored; a row partly filled is checked whole."""

    def rows(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data and not f.is_blank]


class _HoursFormSet(_RowsFormSet):
    def clean(self):
        """Two periods of one day may not overlap (an overnight period counts on its
        day until midnight and on the next day after it)."""
        if any(self.errors):
            return
        spans: dict[int, list[tuple[int, int]]] = {}
        for row in self.rows():
            start = row["opens"].hour * 60 + row["opens"].minute
            end = row["closes"].hour * 60 + row["closes"].minute
            for day in row["days"]:
                if end == start:
                    spans.setdefault(day, []).append((start, start + 24 * 60))
                elif end < start:
                    spans.setdefault(day, []).append((start, end + 24 * 60))
                else:
                    spans.setdefault(day, []).append((start, end))
        for day, periods in spans.items():
            periods.sort()
            following = (day + 1) % 7
            for (_s1, e1), (s2, _e2) in zip(periods, periods[1:], strict=False):
                if s2 < e1:
                    raise ValidationError(
                        _("Two opening periods on %(day)s overlap.") % {"day": WEEKDAYS[day][1]}
                    )
            late = [e - 24 * 60 for _s, e in periods if e > 24 * 60]
            if late and any(s < max(late) for s, _e in spans.get(following, [])):
                raise ValidationError(
                    _("The night period of %(day)s runs into the next day's opening.")
                    % {"day": WEEKDAYS[day][1]}
                )

    def periods(self) -> list[dict]:
        """The rows as the service's periods: one per weekday."""
        return [
            {"weekday": day, "opens": row["opens"], "closes": row["closes"]}
            for row in self.rows()
            for day in row["days"]
        ]


TicketFormSet = forms.formset_factory(
    TicketForm, formset=_RowsFormSet, extra=EXTRA_ROWS, max_num=30, validate_max=True
)
HoursFormSet = forms.formset_factory(
    HoursForm, formset=_HoursFormSet, extra=EXTRA_ROWS, max_num=50, validate_max=True
)
ClosureFormSet = forms.formset_factory(
    ClosureForm, formset=_RowsFormSet, extra=EXTRA_ROWS, max_num=50, validate_max=True
)


def hours_rows(hours) -> list[dict]:
    """A destination's periods grouped back into rows: days sharing the same times."""
    grouped: dict[tuple, list[int]] = {}
    for period in hours:
        grouped.setdefault((period.opens, period.closes), []).append(period.weekday)
    rows = [
        {"days": sorted(days), "opens": opens, "closes": closes}
        for (opens, closes), days in grouped.items()
    ]
    return sorted(rows, key=lambda r: (r["days"][0], r["opens"]))


# --- Events and facilities ------------------------------------------------------------


class _LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class EventForm(forms.Form):
    """Times are typed in the city's local time (the active time zone of its requests)
    and come out aware."""

    name = forms.CharField(label=_("Name"), max_length=160)
    slug = SlugField()
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), empty_label=None
    )
    description_id = forms.CharField(
        label=_("Description (Indonesian)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    starts_at = forms.DateTimeField(label=_("Starts"), widget=_LocalDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=_LocalDateTimeInput())
    venue = forms.ModelChoiceField(
        label=_("Venue: one of the city's places"),
        queryset=Destination.objects.order_by("name", "slug"),
        to_field_name="slug",
        required=False,
        empty_label=_("— another venue, typed below —"),
        help_text=_(
            "A place of the city lends the event its name, address and location where "
            "those are left empty below."
        ),
    )
    venue_name = forms.CharField(label=_("Venue name"), max_length=160, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    latitude = _coordinate(_("Latitude"), -90, 90, required=False)
    longitude = _coordinate(_("Longitude"), -180, 180, required=False)
    is_free = forms.BooleanField(
        label=_("Free entry"), required=False, widget=forms.CheckboxInput(attrs=_CHECKBOX)
    )
    ticket_note = forms.CharField(
        label=_("Tickets"),
        max_length=160,
        required=False,
        help_text=_("Prices or how to get tickets, when entry is not free."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editing is not None and editing.slug:
            del self.fields["slug"]

    def clean(self):
        data = super().clean()
        if data.get("venue") is None:
            for name, message in (
                ("venue_name", _("Name the venue, or choose one of the city's places.")),
                ("latitude", _("Give the venue's location, or choose one of the city's places.")),
                ("longitude", _("Give the venue's location, or choose one of the city's places.")),
            ):
                if name not in self.errors and data.get(name) in (None, ""):
                    self.add_error(name, message)
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            for name in ("latitude", "longitude"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Give both the latitude and the longitude, or neither."))
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["category_id"] = data.pop("category").pk
        venue = data.pop("venue")
        if venue is None:
            data["venue_id"] = None
        else:
            data["venue"] = venue
            if "venue" in self.changed_data:
                # Another venue: its name and place, unless the officer also typed new ones
                # (the old venue's, still in the form, would keep the event where it was).
                for name in ("venue_name", "address", "latitude", "longitude"):
                    if name not in self.changed_data:
                        data.pop(name, None)
        if "slug" in data and not data["slug"]:
            del data["slug"]
        return data

    @staticmethod
    def initial_for(event) -> dict:
        names = ("name", "description_id", "description_en", "starts_at", "ends_at")
        names += ("venue_name", "address", "latitude", "longitude", "is_free", "ticket_note")
        return {
            "category": event.category_id,
            "venue": event.venue.slug if event.venue else None,
            "website": event.website,
        } | {name: getattr(event, name) for name in names}


class FacilityForm(LocationFields):
    name = forms.CharField(label=_("Name"), max_length=120)
    slug = SlugField()
    kind = forms.ChoiceField(label=_("Kind"), choices=FacilityKind.choices)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    open_all_day = forms.BooleanField(
        label=_("Open 24 hours"), required=False, widget=forms.CheckboxInput(attrs=_CHECKBOX)
    )
    field_order = ["name", "slug", "kind", "address"]

    def __init__(self, *args, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editing is not None and editing.slug:
            del self.fields["slug"]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        if "slug" in data and not data["slug"]:
            del data["slug"]
        return data

    @staticmethod
    def initial_for(facility) -> dict:
        names = ("name", "kind", "address", "latitude", "longitude", "phone", "open_all_day")
        return {name: getattr(facility, name) for name in names}


# --- Photos, reviews, lists ------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked as a file here, as an image by the
    service."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"multiple": True, "accept": "image/jpeg,image/png,image/webp"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class PhotoUploadForm(forms.Form):
    photos = MultipleFileField(
        label=_("Photos"),
        help_text=_(
            "JPEG, PNG or WebP, at most 2 MB each, up to 10 at a time. They are resized to "
            "at most 1600 pixels and stripped of their metadata (such as the camera's "
            "location)."
        ),
    )
    caption = forms.CharField(label=_("Caption (optional)"), max_length=160, required=False)


class ReviewHideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=200, required=False)


class DestinationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(Status.choices)
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )


class FacilityFilterForm(forms.Form):
    # A CharField refuses NUL characters, which PostgreSQL cannot compare text with.
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + list(FacilityKind.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(Status.choices)
    )


def errors_attach(form: forms.Form, error: ValidationError, *, aliases: dict | None = None):
    """Put a service's ValidationError next to the form's fields (``aliases`` maps the
    service's field names to the form's); the rest goes on top of the form."""
    aliases = {"category_id": "category", "venue_id": "venue", **(aliases or {})}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, messages in error.message_dict.items():
        field = aliases.get(name, name)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
