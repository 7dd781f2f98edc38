"""trips/: a visitor's chosen places in a sensible visiting order, shared by a token.

Anyone with a trip's token may read it; only its owner may change it, and to anyone else
a trip they may not change does not exist (404, never 403).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kota.modules.plesiran import selectors, services
from kota.modules.plesiran.api.destinations import DestinationListOutputSerializer, absolute_url
from kota.modules.plesiran.api.operations import OperationsApi, api_validation_error
from kota.modules.plesiran.api.pagination import PlesiranPagination, paginated_response
from kota.modules.plesiran.api.params import TripRouteParamsSerializer, params_parse
from kota.modules.plesiran.api.throttling import PersonWriteThrottle
from kota.modules.plesiran.services import MAX_TRIP_STOPS


def _share_url(request: Request, token: str) -> str:
    return absolute_url(request, reverse("plesiran:trip-shared", args=[token]))


def _own_trip(request: Request, token: str):
    """The signed-in person's trip with this token; 404 for anyone else's or none."""
    trip = selectors.trip_get(token)
    # Failing closed: an anonymous trip has no owner, and no one is its owner here.
    if trip is None or trip.owner_id is None or trip.owner_id != request.user.pk:
        raise Http404
    return trip


# --- trips/<token>/ --------------------------------------------------------------------


class TripStopOutputSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="1 for the first place to visit.")
    from_previous_km = serializers.FloatField(
        allow_null=True,
        help_text="Kilometres in a straight line from the previous stop (or from `from`); "
        "null for the first stop without `from`.",
    )
    destination = DestinationListOutputSerializer()


class TripOutputSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The trip's address: whoever has it may read it.")
    title = serializers.CharField()
    share_url = serializers.URLField(help_text="The trip's page on the site.")
    is_mine = serializers.BooleanField(help_text="The signed-in person owns it.")
    stops = TripStopOutputSerializer(
        many=True, help_text="Published places in visiting order (shortest route found)."
    )
    total_km = serializers.FloatField(help_text="The sum of the legs, in kilometres.")


def trip_output(request: Request, trip, *, start=None) -> dict:
    """The trip with its route, as TripOutputSerializer gives it."""
    legs = selectors.trip_route(trip, city=request.city, start=start)
    data = {
        "token": trip.token,
        "title": trip.title,
        "share_url": _share_url(request, trip.token),
        "is_mine": request.user.is_authenticated and trip.owner_id == request.user.pk,
        "stops": [_stop(position, leg) for position, leg in enumerate(legs, start=1)],
        "total_km": round(sum(leg.from_previous_km or 0 for leg in legs), 2),
    }
    context = {"request": request, "now": timezone.localtime()}
    return TripOutputSerializer(data, context=context).data


def _stop(position: int, leg) -> dict:
    return {
        "position": position,
        "from_previous_km": leg.from_previous_km,
        "destination": leg.destination,
    }


class TripDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="plesiran_trip",
        summary="A trip",
        description="The trip's places in a sensible visiting order, with the distance of "
        "each leg and the total. Anyone with the token may read it.",
        parameters=[TripRouteParamsSerializer],
        responses={
            200: TripOutputSerializer,
            400: OpenApiResponse(description="A bad `from`."),
            404: OpenApiResponse(description="No trip has this token."),
        },
        tags=["plesiran"],
    )
    def get(self, request: Request, token: str) -> Response:
        trip = selectors.trip_get(token)
        if trip is None:
            raise Http404
        params = params_parse(TripRouteParamsSerializer, request)
        return Response(trip_output(request, trip, start=params.get("from")))


# --- trips/ ----------------------------------------------------------------------------


class TripListOutputSerializer(serializers.Serializer):
    token = serializers.CharField()
    title = serializers.CharField()
    stop_count = serializers.IntegerField()
    share_url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_share_url(self, trip) -> str:
        return _share_url(self.context["request"], trip.token)


class TripListApi(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = PlesiranPagination

    @extend_schema(
        operation_id="plesiran_trips",
        summary="My trips",
        description="The signed-in person's trips, last changed first.",
        responses={
            200: TripListOutputSerializer(many=True),
            401: OpenApiResponse(description="Not signed in."),
        },
        tags=["plesiran"],
    )
    def get(self, request: Request) -> Response:
        return paginated_response(self, selectors.trips_of(request.user), TripListOutputSerializer)


class TripCreateInputSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=120, default="")


class TripCreateApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [PersonWriteThrottle]

    @extend_schema(
        operation_id="plesiran_trip_create",
        summary="Start a trip",
        description="A new, empty trip of the signed-in person; its token is its address "
        "and its share link.",
        request=TripCreateInputSerializer,
        responses={
            201: TripOutputSerializer,
            400: OpenApiResponse(description="A title too long."),
            401: OpenApiResponse(description="Not signed in."),
            429: OpenApiResponse(description="Too many writes; see Retry-After."),
        },
        tags=["plesiran"],
    )
    def post(self, request: Request) -> Response:
        data = TripCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        trip = services.trip_create(owner=request.user, title=data.validated_data["title"])
        return Response(trip_output(request, trip), status=status.HTTP_201_CREATED)


class TripsApi(TripListApi, TripCreateApi, OperationsApi):
    operations = {"GET": TripListApi, "POST": TripCreateApi}


# --- trips/<token>/stops/ --------------------------------------------------------------


class TripStopAddInputSerializer(serializers.Serializer):
    destination = serializers.SlugField(help_text="The slug of a published destination.")


class TripStopAddApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [PersonWriteThrottle]

    @extend_schema(
        operation_id="plesiran_trip_stop_add",
        summary="Add a place to my trip",
        description=f"201 when added, 200 when it already was in the trip. A trip holds "
        f"at most {MAX_TRIP_STOPS} places. Answers with the trip.",
        request=TripStopAddInputSerializer,
        responses={
            200: TripOutputSerializer,
            201: TripOutputSerializer,
            400: OpenApiResponse(description="No such published place, or the trip is full."),
            401: OpenApiResponse(description="Not signed in."),
            404: OpenApiResponse(description="No trip of mine has this token."),
            429: OpenApiResponse(description="Too many writes; see Retry-After."),
        },
        tags=["plesiran"],
    )
    def post(self, request: Request, token: str) -> Response:
        trip = _own_trip(request, token)
        data = TripStopAddInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slug = data.validated_data["destination"]
        destination = selectors.destination_get_published(city=request.city, slug=slug)
        if destination is None:
            message = _("No published place has the address “%(slug)s”.") % {"slug": slug}
            raise ValidationError({"destination": [message]})
        try:
            added = services.trip_stop_add(trip=trip, destination=destination)
        except DjangoValidationError as error:
            raise api_validation_error(error) from None
        return Response(
            trip_output(request, trip),
            status=status.HTTP_201_CREATED if added else status.HTTP_200_OK,
        )


class TripStopRemoveApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="plesiran_trip_stop_remove",
        summary="Remove a place from my trip",
        description="The place (by its slug) leaves the signed-in person's trip.",
        request=None,
        responses={
            204: None,
            401: OpenApiResponse(description="Not signed in."),
            404: OpenApiResponse(
                description="No trip of mine has this token, or the place is not in it."
            ),
        },
        tags=["plesiran"],
    )
    def delete(self, request: Request, token: str, slug: str) -> Response:
        trip = _own_trip(request, token)
        destination = selectors.trip_stop_destination(trip, slug)
        if destination is None:
            raise Http404
        services.trip_stop_remove(trip=trip, destination=destination)
        return Response(status=status.HTTP_204_NO_CONTENT)
