"""The citizen site's pages, at /plesiran/ (namespace "plesiran")."""

from django.urls import path

from kota.modules.plesiran import views

urlpatterns = [
    path("", views.destination_list, name="home"),
    path("tempat/<slug:slug>/", views.destination_detail, name="destination"),
    path("tempat/<slug:slug>/ulasan/", views.review_submit, name="review-submit"),
    path("tempat/<slug:slug>/ulasan/hapus/", views.review_delete, name="review-delete"),
    path("ulasan/<uuid:review_id>/laporkan/", views.review_flag, name="review-flag"),
    path("acara/", views.event_list, name="events"),
    path("acara.ics", views.events_calendar, name="events-ics"),
    path("acara/<slug:slug>/", views.event_detail, name="event"),
    path("acara/<slug:slug>/kalender.ics", views.event_calendar, name="event-ics"),
    path("peta/", views.map_page, name="map"),
    path("perjalanan/", views.trip_mine, name="trip"),
    path("perjalanan/tambah/<slug:slug>/", views.trip_add, name="trip-add"),
    path("perjalanan/hapus/<slug:slug>/", views.trip_remove, name="trip-remove"),
    path("perjalanan/<str:token>/", views.trip_shared, name="trip-shared"),
]
