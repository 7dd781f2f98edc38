"""Placeholder API views: the API is being built."""

from rest_framework.response import Response
from rest_framework.views import APIView

from kota.modules.plesiran.selectors import map_features


class MapFeaturesApi(APIView):
    def get(self, request):
        return Response(map_features(request.tenant))
