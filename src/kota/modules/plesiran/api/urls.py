"""e-plesiran's REST API for mobile apps, at /api/v1/plesiran/ (namespace "plesiran-api").

One API class per operation; a path with several operations answers through an
OperationsApi that hands each method to its own class.
"""

from django.urls import path

from kota.modules.plesiran.api import destinations, events, facilities, maps, reviews, trips

urlpatterns = [
    path("categories/", destinations.CategoryListApi.as_view(), name="categories"),
    path("destinations/", destinations.DestinationListApi.as_view(), name="destinations"),
    path(
        "destinations/<slug:slug>/",
        destinations.DestinationDetailApi.as_view(),
        name="destination",
    ),
    path(
        "destinations/<slug:slug>/reviews/",
        reviews.ReviewsApi.as_view(),
        name="destination-reviews",
    ),
    path("reviews/<uuid:review_id>/flag/", reviews.ReviewFlagApi.as_view(), name="review-flag"),
    path("events/", events.EventListApi.as_view(), name="events"),
    path("events/<slug:slug>/", events.EventDetailApi.as_view(), name="event"),
    path("facilities/", facilities.FacilityListApi.as_view(), name="facilities"),
    path("geojson/", maps.MapFeaturesApi.as_view(), name="geojson"),
    path("trips/", trips.TripsApi.as_view(), name="trips"),
    path("trips/<str:token>/", trips.TripDetailApi.as_view(), name="trip"),
    path("trips/<str:token>/stops/", trips.TripStopAddApi.as_view(), name="trip-stops"),
    path(
        "trips/<str:token>/stops/<slug:slug>/",
        trips.TripStopRemoveApi.as_view(),
        name="trip-stop",
    ),
]
