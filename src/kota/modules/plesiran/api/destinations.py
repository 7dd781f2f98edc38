"""GET categories/, destinations/ and destinations/<slug>/: the city's places to visit."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.text import Truncator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kota.modules.plesiran import selectors
from kota.modules.plesiran.api.pagination import PlesiranPagination, paginated_response
from kota.modules.plesiran.api.params import DestinationListParamsSerializer, params_parse
from kota.modules.plesiran.geo import Point
from kota.modules.plesiran.hours import open_state, weekly_table
from kota.modules.plesiran.models import Amenity, FacilityKind

SUMMARY_CHARS = 200
NEARBY_FACILITIES_SHOWN = 20


def absolute_url(request: Request, path: str) -> str:
    return request.build_absolute_uri(path)


def destination_url(request: Request, slug: str) -> str:
    """The destination's page on the city's site."""
    return absolute_url(request, reverse("plesiran:destination", args=[slug]))


# --- Shared output pieces --------------------------------------------------------------


class CategoryOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField(help_text="In the visitor's language.")


class RatingOutputSerializer(serializers.Serializer):
    average = serializers.FloatField(allow_null=True, help_text="1–5, one decimal; null: none.")
    count = serializers.IntegerField()


class DestinationListOutputSerializer(serializers.Serializer):
    """A destination in a list (also a trip's stop); the context holds the request and
    ``now``, the city's local time, for ``open_now``."""

    slug = serializers.CharField()
    name = serializers.CharField()
    category = CategoryOutputSerializer()
    summary = serializers.SerializerMethodField(
        help_text="The start of the description, in the visitor's language."
    )
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    address = serializers.CharField()
    is_free = serializers.BooleanField()
    min_price_idr = serializers.SerializerMethodField(
        help_text="The cheapest ticket in rupiah; null when there are no ticket prices."
    )
    rating = serializers.SerializerMethodField()
    open_now = serializers.SerializerMethodField(
        help_text="Open at this moment, in the city's time (weekly hours and closures)."
    )
    photo = serializers.SerializerMethodField(help_text="The first photo's URL, or null.")
    distance_km = serializers.SerializerMethodField(
        help_text="Kilometres from `near` (two decimals); null without `near`."
    )
    url = serializers.SerializerMethodField(help_text="The destination's page on the site.")

    @extend_schema_field(OpenApiTypes.STR)
    def get_summary(self, destination) -> str:
        return Truncator(destination.description).chars(SUMMARY_CHARS)

    @extend_schema_field(OpenApiTypes.INT)
    def get_min_price_idr(self, destination) -> int | None:
        prices = [ticket.price_idr for ticket in destination.tickets.all()]
        return min(prices) if prices else None

    @extend_schema_field(RatingOutputSerializer)
    def get_rating(self, destination) -> dict:
        average = destination.rating_average
        return {
            "average": round(average, 1) if average is not None else None,
            "count": destination.rating_count,
        }

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_open_now(self, destination) -> bool:
        return open_state(
            hours=destination.hours.all(),
            closures=destination.closures.all(),
            at=self.context["now"],
        ).is_open

    @extend_schema_field(OpenApiTypes.URI)
    def get_photo(self, destination) -> str | None:
        first = next(iter(destination.photos.all()), None)
        return absolute_url(self.context["request"], first.image.url) if first else None

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_distance_km(self, destination) -> float | None:
        distance = getattr(destination, "distance_km", None)
        return round(distance, 2) if distance is not None else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, destination) -> str:
        return destination_url(self.context["request"], destination.slug)


# --- categories/ -----------------------------------------------------------------------


class CategoryListOutputSerializer(CategoryOutputSerializer):
    icon = serializers.CharField(help_text="A symbol of the site's icon set.")


class CategoryListApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="plesiran_categories",
        summary="Categories of places",
        description="The categories of destinations this city uses, in its order, with "
        "names in the language asked for (Accept-Language).",
        responses=CategoryListOutputSerializer(many=True),
        tags=["plesiran"],
    )
    def get(self, request: Request) -> Response:
        categories = selectors.categories_in_use(request.city)
        return Response(CategoryListOutputSerializer(categories, many=True).data)


# --- destinations/ ---------------------------------------------------------------------


class DestinationListApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    pagination_class = PlesiranPagination

    @extend_schema(
        operation_id="plesiran_destinations",
        summary="Places to visit",
        description="Published destinations, by name; filtered by category, search text, "
        "map box and distance from a point (then nearest first).",
        parameters=[DestinationListParamsSerializer],
        responses={
            200: DestinationListOutputSerializer(many=True),
            400: OpenApiResponse(description="A bad parameter, keyed by its name."),
        },
        tags=["plesiran"],
    )
    def get(self, request: Request) -> Response:
        city = request.city
        settings = selectors.plesiran_settings(city)
        params = params_parse(
            DestinationListParamsSerializer, request, categories=settings.categories
        )
        destinations = selectors.destinations_filter(
            selectors.destinations_published(city),
            category=params.get("category"),
            text=params.get("q"),
            bbox=params.get("bbox"),
            near=params.get("near"),
            radius_km=params.get("radius"),
        )
        return paginated_response(
            self, destinations, DestinationListOutputSerializer, now=timezone.localtime()
        )


# --- destinations/<slug>/ --------------------------------------------------------------


class PeriodOutputSerializer(serializers.Serializer):
    opens = serializers.TimeField(format="%H:%M")
    closes = serializers.TimeField(
        format="%H:%M",
        help_text="Earlier than `opens`: past midnight; equal to `opens`: all day.",
    )


class DayHoursOutputSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(help_text="0 is Monday, 6 is Sunday.")
    day = serializers.CharField(help_text="The day's name in the visitor's language.")
    periods = PeriodOutputSerializer(many=True, help_text="Empty: closed all day.")


class OpenStateOutputSerializer(serializers.Serializer):
    is_open = serializers.BooleanField()
    changes_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When it closes (while open) or next opens (while closed, within a "
        "week), in the city's time; null: not within a week.",
    )
    closed_today_by_closure = serializers.BooleanField()


class ClosureOutputSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(help_text="Closed until this date, inclusive.")
    note = serializers.CharField()


class TicketOutputSerializer(serializers.Serializer):
    label = serializers.CharField()
    price_idr = serializers.IntegerField()


class AmenityOutputSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=Amenity.choices)
    label = serializers.CharField()


class ContactOutputSerializer(serializers.Serializer):
    phone = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()
    instagram = serializers.CharField()


class PhotoOutputSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    caption = serializers.CharField()


class NearbyFacilityOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=FacilityKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    distance_km = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_distance_km(self, facility) -> float:
        return round(facility.distance_km, 2)


class VenueEventOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class DestinationDetailOutputSerializer(DestinationListOutputSerializer):
    description = serializers.CharField(help_text="In the visitor's language.")
    description_id = serializers.CharField(help_text="In Indonesian.")
    description_en = serializers.CharField(help_text="In English; empty when not written.")
    open_state = serializers.SerializerMethodField()
    hours = serializers.SerializerMethodField(help_text="Monday to Sunday, in the city's time.")
    closures = serializers.SerializerMethodField(help_text="Closures from today on.")
    tickets = TicketOutputSerializer(many=True, source="tickets.all")
    amenities = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()
    facilities_nearby = serializers.SerializerMethodField(
        help_text=f"Published facilities within {selectors.NEARBY_FACILITIES_KM:g} km, "
        f"nearest first (at most {NEARBY_FACILITIES_SHOWN})."
    )
    events = serializers.SerializerMethodField(help_text="Upcoming events held here.")
    reviews_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenStateOutputSerializer)
    def get_open_state(self, destination) -> dict:
        state = open_state(
            hours=destination.hours.all(),
            closures=destination.closures.all(),
            at=self.context["now"],
        )
        return OpenStateOutputSerializer(state).data

    @extend_schema_field(DayHoursOutputSerializer(many=True))
    def get_hours(self, destination) -> list:
        days = [
            {
                "weekday": day.weekday,
                "day": str(WEEKDAYS[day.weekday]),
                "periods": [{"opens": o, "closes": c} for o, c in day.periods],
            }
            for day in weekly_table(destination.hours.all())
        ]
        return DayHoursOutputSerializer(days, many=True).data

    @extend_schema_field(ClosureOutputSerializer(many=True))
    def get_closures(self, destination) -> list:
        today = self.context["now"].date()
        coming = [c for c in destination.closures.all() if c.ends_on >= today]
        return ClosureOutputSerializer(coming, many=True).data

    @extend_schema_field(AmenityOutputSerializer(many=True))
    def get_amenities(self, destination) -> list:
        labels = dict(Amenity.choices)
        known = [key for key in destination.amenities if key in labels]
        return [{"key": key, "label": str(labels[key])} for key in known]

    @extend_schema_field(ContactOutputSerializer)
    def get_contact(self, destination) -> dict:
        return ContactOutputSerializer(destination).data

    @extend_schema_field(PhotoOutputSerializer(many=True))
    def get_photos(self, destination) -> list:
        request = self.context["request"]
        return [
            {
                "url": absolute_url(request, photo.image.url),
                "width": photo.width,
                "height": photo.height,
                "caption": photo.caption,
            }
            for photo in destination.photos.all()
        ]

    @extend_schema_field(NearbyFacilityOutputSerializer(many=True))
    def get_facilities_nearby(self, destination) -> list:
        nearby = selectors.facilities_near(Point(destination.latitude, destination.longitude))
        return NearbyFacilityOutputSerializer(nearby[:NEARBY_FACILITIES_SHOWN], many=True).data

    @extend_schema_field(VenueEventOutputSerializer(many=True))
    def get_events(self, destination) -> list:
        events = selectors.events_at(destination, self.context["now"])
        return VenueEventOutputSerializer(events, many=True).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_reviews_url(self, destination) -> str:
        return absolute_url(
            self.context["request"],
            reverse("plesiran-api:destination-reviews", args=[destination.slug]),
        )


class DestinationDetailApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="plesiran_destination",
        summary="A place to visit",
        description="Everything about one published destination: descriptions, opening "
        "hours and closures, tickets, amenities, contact, photos, the facilities around "
        "it and the events coming up there.",
        responses={
            200: DestinationDetailOutputSerializer,
            404: OpenApiResponse(description="No published destination has this slug."),
        },
        tags=["plesiran"],
    )
    def get(self, request: Request, slug: str) -> Response:
        destination = selectors.destination_get_published(city=request.city, slug=slug)
        if destination is None:
            raise Http404
        context = {"request": request, "now": timezone.localtime()}
        return Response(DestinationDetailOutputSerializer(destination, context=context).data)
