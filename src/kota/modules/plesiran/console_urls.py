"""The tourism officers' console pages, at /console/plesiran/ (namespace
"plesiran-console")."""

from django.urls import path

from kota.modules.plesiran import (
    console_destinations,
    console_events,
    console_facilities,
    console_views,
    import_views,
)

urlpatterns = [
    path("", console_views.console_home, name="home"),
    path("tempat/", console_destinations.destination_list, name="destinations"),
    path("tempat-baru/", console_destinations.destination_create, name="destination-create"),
    path("tempat/<slug:slug>/", console_destinations.destination_edit, name="destination"),
    path(
        "tempat/<slug:slug>/terbitkan/",
        console_destinations.destination_publish,
        name="destination-publish",
    ),
    path(
        "tempat/<slug:slug>/tarik/",
        console_destinations.destination_unpublish,
        name="destination-unpublish",
    ),
    path("tempat/<slug:slug>/foto/", console_destinations.photo_list, name="photos"),
    path(
        "tempat/<slug:slug>/foto/<int:photo_id>/",
        console_destinations.photo_change,
        name="photo",
    ),
    path("acara/", console_events.event_list, name="events"),
    path("acara-baru/", console_events.event_create, name="event-create"),
    path("acara/<slug:slug>/", console_events.event_edit, name="event"),
    path("acara/<slug:slug>/terbitkan/", console_events.event_publish, name="event-publish"),
    path("acara/<slug:slug>/tarik/", console_events.event_unpublish, name="event-unpublish"),
    path("fasilitas/", console_facilities.facility_list, name="facilities"),
    path("fasilitas-baru/", console_facilities.facility_create, name="facility-create"),
    path("fasilitas/<slug:slug>/", console_facilities.facility_edit, name="facility"),
    path(
        "fasilitas/<slug:slug>/terbitkan/",
        console_facilities.facility_publish,
        name="facility-publish",
    ),
    path(
        "fasilitas/<slug:slug>/tarik/",
        console_facilities.facility_unpublish,
        name="facility-unpublish",
    ),
    path("ulasan/", console_views.review_list, name="reviews"),
    path("ulasan/<uuid:review_id>/sembunyikan/", console_views.review_hide, name="review-hide"),
    path("ulasan/<uuid:review_id>/tampilkan/", console_views.review_unhide, name="review-unhide"),
    path("statistik/", console_views.statistics_page, name="statistics"),
    path("statistik.csv", console_views.statistics_csv, name="statistics-csv"),
    path("impor/", import_views.import_page, name="import"),
]
