from django.urls import path
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from tests.registry.noticeboard.models import Notice


class NoticeOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["slug", "title"]


class NoticeListApi(ListAPIView):
    queryset = Notice.objects.all()
    serializer_class = NoticeOutputSerializer


urlpatterns = [path("notices/", NoticeListApi.as_view(), name="notices")]
