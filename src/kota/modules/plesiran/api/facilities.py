"""GET facilities/: petrol stations, ATMs, houses of worship, hospitals… around the
city's destinations."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kota.modules.plesiran import selectors
from kota.modules.plesiran.api.pagination import PlesiranPagination, paginated_response
from kota.modules.plesiran.api.params import (
    MAX_RADIUS_KM,
    FacilityListParamsSerializer,
    params_parse,
)
from kota.modules.plesiran.models import FacilityKind


class FacilityListOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=FacilityKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    address = serializers.CharField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    phone = serializers.CharField()
    open_all_day = serializers.BooleanField()
    distance_km = serializers.SerializerMethodField(
        help_text="Kilometres from `near` (two decimals); null without `near`."
    )

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_distance_km(self, facility) -> float | None:
        distance = getattr(facility, "distance_km", None)
        return round(distance, 2) if distance is not None else None


class FacilityListApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    pagination_class = PlesiranPagination

    @extend_schema(
        operation_id="plesiran_facilities",
        summary="Facilities",
        description="Published supporting facilities by kind and name; filtered by kind "
        "and map box, or around a point (nearest first).",
        parameters=[FacilityListParamsSerializer],
        responses={
            200: FacilityListOutputSerializer(many=True),
            400: OpenApiResponse(description="A bad parameter, keyed by its name."),
        },
        tags=["plesiran"],
    )
    def get(self, request: Request) -> Response:
        params = params_parse(FacilityListParamsSerializer, request)
        facilities = selectors.facilities_filter(
            kind=params.get("kind"),
            bbox=params.get("bbox"),
            near=params.get("near"),
            radius_km=params.get("radius", MAX_RADIUS_KM),
        )
        return paginated_response(self, facilities, FacilityListOutputSerializer)
