from django.urls import path

from tests.registry.noticeboard import views

urlpatterns = [
    path("", views.notice_list, name="home"),
    path("<slug:slug>/", views.notice_detail, name="detail"),
]
