"""GET events/ and events/<slug>/: the city's events and festivals. Times are ISO 8601
with the city's offset (e.g. +07:00 for WIB)."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kota.modules.plesiran import selectors
from kota.modules.plesiran.api.destinations import (
    CategoryOutputSerializer,
    absolute_url,
    destination_url,
)
from kota.modules.plesiran.api.pagination import PlesiranPagination, paginated_response
from kota.modules.plesiran.api.params import EventListParamsSerializer, params_parse
from kota.modules.plesiran.models import Status


class VenueOutputSerializer(serializers.Serializer):
    name = serializers.CharField()
    destination = serializers.CharField(
        allow_null=True, help_text="The slug of the destination it is held at, if published."
    )
    url = serializers.URLField(allow_null=True, help_text="That destination's page.")


class EventListOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    category = CategoryOutputSerializer()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    venue = serializers.SerializerMethodField()
    address = serializers.CharField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    is_free = serializers.BooleanField()
    ticket_note = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The event's page on the site.")

    @extend_schema_field(VenueOutputSerializer)
    def get_venue(self, event) -> dict:
        venue = event.venue
        shown = venue is not None and venue.status == Status.PUBLISHED
        return {
            "name": event.venue_name,
            "destination": venue.slug if shown else None,
            "url": destination_url(self.context["request"], venue.slug) if shown else None,
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, event) -> str:
        return absolute_url(self.context["request"], reverse("plesiran:event", args=[event.slug]))


class EventListApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    pagination_class = PlesiranPagination

    @extend_schema(
        operation_id="plesiran_events",
        summary="Events and festivals",
        description="Published events soonest first: by default every one still to come "
        "or under way; with `from`/`to`, those overlapping that period.",
        parameters=[EventListParamsSerializer],
        responses={
            200: EventListOutputSerializer(many=True),
            400: OpenApiResponse(description="A bad parameter, keyed by its name."),
        },
        tags=["plesiran"],
    )
    def get(self, request: Request) -> Response:
        settings = selectors.plesiran_settings(request.city)
        params = params_parse(EventListParamsSerializer, request, categories=settings.categories)
        category = params.get("category")
        if "from" in params:
            events = selectors.events_between(
                params["from"], params["to"], category=category, categories=settings.categories
            )
        else:
            events = selectors.events_upcoming(
                timezone.now(), category=category, categories=settings.categories
            )
        return paginated_response(self, events, EventListOutputSerializer)


class EventDetailOutputSerializer(EventListOutputSerializer):
    description = serializers.CharField(help_text="In the visitor's language.")
    description_id = serializers.CharField()
    description_en = serializers.CharField()
    website = serializers.CharField()
    calendar_url = serializers.SerializerMethodField(
        help_text="The event as an iCalendar file, to add to a calendar."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_calendar_url(self, event) -> str:
        return absolute_url(
            self.context["request"], reverse("plesiran:event-ics", args=[event.slug])
        )


class EventDetailApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="plesiran_event",
        summary="An event",
        description="One published event, with its descriptions and an iCalendar link.",
        responses={
            200: EventDetailOutputSerializer,
            404: OpenApiResponse(description="No published event has this slug."),
        },
        tags=["plesiran"],
    )
    def get(self, request: Request, slug: str) -> Response:
        categories = selectors.plesiran_settings(request.city).categories
        event = selectors.events_published(categories).filter(slug=slug).first()
        if event is None:
            raise Http404
        return Response(EventDetailOutputSerializer(event, context={"request": request}).data)
