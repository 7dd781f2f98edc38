from django.urls import path

from tests.registry.noticeboard import views

urlpatterns = [path("", views.console_home, name="home")]
