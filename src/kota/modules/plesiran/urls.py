"""The citizen site's pages, at /plesiran/ (namespace "plesiran")."""

from django.urls import path

from kota.modules.plesiran import event_views, review_views, trip_views, views

urlpatterns = [
    path("", views.destination_list, name="home"),
    path("tempat/<slug:slug>/", views.destination_detail, name="destination"),
    path("peta/", views.map_page, name="map"),
    path("tempat/<slug:slug>/ulasan/", review_views.review_submit, name="review-submit"),
    path("tempat/<slug:slug>/ulasan/hapus/", review_views.review_delete, name="review-delete"),
    path("ulasan/<uuid:review_id>/laporkan/", review_views.review_flag, name="review-flag"),
    path("acara/", event_views.event_list, name="events"),
    path("acara.ics", event_views.events_calendar, name="events-ics"),
    path("acara/<slug:slug>/", event_views.event_detail, name="event"),
    path("acara/<slug:slug>/kalender.ics", event_views.event_calendar, name="event-ics"),
    path("perjalanan/", trip_views.trip_mine, name="trip"),
    path("perjalanan/tambah/<slug:slug>/", trip_views.trip_add, name="trip-add"),
    path("perjalanan/hapus/<slug:slug>/", trip_views.trip_remove, name="trip-remove"),
    path("perjalanan/<str:token>/", trip_views.trip_shared, name="trip-shared"),
]
