"""Query parameters of the e-plesiran API, parsed by serializers so that a bad value is a
400 keyed by the parameter's name (never a 500), and documented from the same classes
(``extend_schema(parameters=[...])``).

Places are given as ``lat,lon`` and boxes as ``west,south,east,north`` (the order of
GeoJSON's ``bbox`` and of most map libraries); dates as ISO 8601 dates or date-times, read
in the city's time zone when they carry no offset.
"""

import math
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kota.modules.plesiran.geo import BoundingBox, Point
from kota.modules.plesiran.models import FacilityKind

# The widest circle a "near" search may ask for: a city and its surroundings.
MAX_RADIUS_KM = 50
# The longest period an events query may span.
MAX_EVENT_RANGE_DAYS = 366
# The years a date parameter may name.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def _numbers(value: str, count: int, error) -> list[float]:
    parts = str(value).split(",")
    if len(parts) != count:
        raise serializers.ValidationError(error)
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        raise serializers.ValidationError(error) from None
    if not all(math.isfinite(n) for n in numbers):
        raise serializers.ValidationError(error)
    return numbers


def _check_degrees(latitude: float, longitude: float) -> None:
    if not -90 <= latitude <= 90 or not -180 <= longitude <= 180:
        raise serializers.ValidationError(
            _("Latitude goes from -90 to 90 and longitude from -180 to 180.")
        )


@extend_schema_field(OpenApiTypes.STR)
class PointField(serializers.Field):
    """``lat,lon`` in decimal degrees, e.g. ``-6.1781,106.63``."""

    def to_internal_value(self, data) -> Point:
        latitude, longitude = _numbers(
            data, 2, _("Give a place as latitude,longitude, e.g. -6.1781,106.63.")
        )
        _check_degrees(latitude, longitude)
        return Point(latitude, longitude)

    def to_representation(self, value: Point) -> str:
        return f"{value.latitude},{value.longitude}"


@extend_schema_field(OpenApiTypes.STR)
class BoundingBoxField(serializers.Field):
    """``west,south,east,north`` in decimal degrees."""

    def to_internal_value(self, data) -> BoundingBox:
        west, south, east, north = _numbers(
            data,
            4,
            _("Give a box as west,south,east,north, e.g. 106.58,-6.24,106.72,-6.12."),
        )
        _check_degrees(south, west)
        _check_degrees(north, east)
        if south > north or west > east:
            raise serializers.ValidationError(
                _("In a box, west must not exceed east, nor south exceed north.")
            )
        return BoundingBox(south=south, west=west, north=north, east=east)

    def to_representation(self, value: BoundingBox) -> str:
        return f"{value.west},{value.south},{value.east},{value.north}"


@extend_schema_field(OpenApiTypes.STR)
class MomentField(serializers.Field):
    """An ISO 8601 date (``2026-12-31``) or date-time (``2026-12-31T18:00+07:00``).

    Gives an aware datetime: a date means the start of that day in the city, or with
    ``end_of_day`` the start of the next (so a ``to`` date includes its whole day); a
    date-time without an offset is the city's local time.
    """

    def __init__(self, *, end_of_day: bool = False, **kwargs):
        self.end_of_day = end_of_day
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> datetime:
        text = str(data).strip()
        error = _("Give a date (2026-12-31) or a date and time (2026-12-31T18:00+07:00).")
        try:
            # Dates first: parse_datetime() would read a bare date as its midnight.
            day = parse_date(text)
            moment = None if day else parse_datetime(text)
        except ValueError:
            raise serializers.ValidationError(error) from None
        if day is not None:
            moment = datetime.combine(day, time())
        if moment is None:
            raise serializers.ValidationError(error)
        # Far enough from datetime's limits that a range around it cannot overflow.
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:
            raise serializers.ValidationError(
                _("Give a date from the year %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        if day is not None and self.end_of_day:
            moment += timedelta(days=1)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def to_representation(self, value):
        return value.isoformat() if isinstance(value, datetime | date) else value


class NearParamsSerializer(serializers.Serializer):
    """``near`` and ``radius``, shared by the destination and facility lists."""

    near = PointField(
        required=False,
        help_text="Only places around this point (`lat,lon`), nearest first, each with "
        "its `distance_km`.",
    )
    radius = serializers.FloatField(
        required=False,
        min_value=0.1,
        max_value=MAX_RADIUS_KM,
        help_text=f"With `near`: only places within this many kilometres (at most "
        f"{MAX_RADIUS_KM}).",
    )
    bbox = BoundingBoxField(
        required=False,
        help_text="Only places inside this box: `west,south,east,north` in degrees.",
    )

    def validate(self, attrs):
        if "radius" in attrs and "near" not in attrs:
            raise serializers.ValidationError(
                {"radius": [_("A radius needs a point: give near=latitude,longitude too.")]}
            )
        return attrs


def _choice_error(value, choices) -> str:
    return _("“%(value)s” is not one of: %(choices)s.") % {
        "value": value,
        "choices": ", ".join(choices),
    }


class CategoryParamField(serializers.CharField):
    """A slug among the categories the city uses (given in the serializer's context)."""

    def to_internal_value(self, data) -> str:
        value = super().to_internal_value(data)
        choices = self.context["categories"]
        if value not in choices:
            raise serializers.ValidationError(_choice_error(value, choices))
        return value


class ChoiceParamField(serializers.ChoiceField):
    """A ChoiceField (an enum in the schema) whose error lists the choices."""

    def to_internal_value(self, data) -> str:
        if str(data) not in self.choices:
            raise serializers.ValidationError(_choice_error(data, list(self.choices)))
        return super().to_internal_value(data)


class DestinationListParamsSerializer(NearParamsSerializer):
    category = CategoryParamField(
        required=False, help_text="Only destinations of this category (its slug)."
    )
    q = serializers.CharField(
        required=False,
        max_length=100,
        help_text="Search text: names, categories and descriptions, in Indonesian or "
        "English, tolerant of typos in names. Best matches first (nearest first with "
        "`near`).",
    )


class FacilityListParamsSerializer(NearParamsSerializer):
    kind = ChoiceParamField(
        choices=FacilityKind.choices,
        required=False,
        help_text="Only facilities of this kind.",
    )

    radius = serializers.FloatField(
        required=False,
        min_value=0.1,
        max_value=MAX_RADIUS_KM,
        help_text=f"With `near`: only facilities within this many kilometres (default and "
        f"at most {MAX_RADIUS_KM}).",
    )


class EventListParamsSerializer(serializers.Serializer):
    # "from" is a Python keyword: declared as from_ and renamed in get_fields().
    from_ = MomentField(
        required=False,
        help_text="Events still going on at or after this date or date-time (default: "
        "now). A date without a time is the start of that day in the city.",
    )
    to = MomentField(
        required=False,
        end_of_day=True,
        help_text=f"Events starting before this date or date-time; a date includes its "
        f"whole day. Default: {MAX_EVENT_RANGE_DAYS} days after `from`, and at most that "
        f"far. Without `from` and `to`, every upcoming event.",
    )
    category = CategoryParamField(required=False, help_text="Only events of this category.")

    def get_fields(self):
        fields = super().get_fields()
        return {"from": fields.pop("from_"), **fields}

    def validate(self, attrs):
        start, end = attrs.get("from"), attrs.get("to")
        if start is None and end is None:
            return attrs
        start = start or timezone.now()
        end = end or start + timedelta(days=MAX_EVENT_RANGE_DAYS)
        if end <= start:
            raise serializers.ValidationError({"to": [_("“to” must come after “from”.")]})
        if end - start > timedelta(days=MAX_EVENT_RANGE_DAYS):
            raise serializers.ValidationError(
                {
                    "to": [
                        _("Ask for at most %(days)d days of events at a time.")
                        % {"days": MAX_EVENT_RANGE_DAYS}
                    ]
                }
            )
        return {**attrs, "from": start, "to": end}


class MapParamsSerializer(serializers.Serializer):
    category = serializers.CharField(
        required=False,
        help_text="Only destinations of these categories (slugs, comma-separated). "
        "Without `kind`, no facilities.",
    )
    kind = serializers.CharField(
        required=False,
        help_text="Only facilities of these kinds (comma-separated). Without `category`, "
        "no destinations.",
    )

    def validate_category(self, value: str) -> tuple[str, ...]:
        return self._choices(value, self.context["categories"])

    def validate_kind(self, value: str) -> tuple[str, ...]:
        return self._choices(value, FacilityKind.values)

    @staticmethod
    def _choices(value: str, allowed) -> tuple[str, ...]:
        chosen = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
        for item in chosen:
            if item not in allowed:
                raise serializers.ValidationError(_choice_error(item, allowed))
        return chosen


class TripRouteParamsSerializer(serializers.Serializer):
    start = PointField(
        required=False,
        help_text="Where the visitor is (`lat,lon`): the route starts there and its first "
        "leg is measured from it.",
    )

    def get_fields(self):
        fields = super().get_fields()
        return {"from": fields.pop("start"), **fields}


def params_parse(serializer_class, request, **context) -> dict:
    """The request's query parameters, validated (400 keyed by parameter otherwise)."""
    params = serializer_class(data=request.query_params, context=context)
    params.is_valid(raise_exception=True)
    return params.validated_data
