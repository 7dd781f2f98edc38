"""GET /api/v1/app-config: everything one white-label mobile app needs to become this city."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kota.portal.selectors import app_config_for


class AppConfigModuleSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    summary = serializers.CharField()
    icon = serializers.CharField()
    api_root = serializers.CharField()
    web_url = serializers.CharField()


class AppConfigOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    tagline = serializers.CharField()
    kind = serializers.CharField()
    province = serializers.CharField()
    colors = serializers.DictField(child=serializers.CharField())
    logo_url = serializers.CharField(allow_null=True)
    icons = serializers.ListField(child=serializers.DictField())
    languages = serializers.ListField(child=serializers.CharField())
    default_language = serializers.CharField()
    time_zone = serializers.CharField()
    api_root = serializers.CharField()
    modules = AppConfigModuleSerializer(many=True)


class AppConfigApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(responses=AppConfigOutputSerializer, operation_id="app_config")
    def get(self, request: Request) -> Response:
        data = app_config_for(
            city=request.city, base_url=f"{request.scheme}://{request.get_host()}"
        )
        return Response(AppConfigOutputSerializer(data).data)
