"""GET /api/v1/me/: the signed-in person's own account."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kota.accounts.selectors import user_profile


class MeOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    phone = serializers.CharField()
    preferred_language = serializers.CharField()
    email_verified = serializers.BooleanField()
    roles = serializers.ListField(child=serializers.CharField())


class MeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me",
        summary="My account",
        description="The signed-in person's own account on this city, with their roles.",
        responses=MeOutputSerializer,
    )
    def get(self, request: Request) -> Response:
        return Response(MeOutputSerializer(user_profile(user=request.user)).data)
