from django.urls import path

from kota.onboarding import progress_views

app_name = "onboarding"

urlpatterns = [
    path("proses/<uuid:public_id>/", progress_views.signup_progress, name="signup-progress"),
    path("proses/<uuid:public_id>/status/", progress_views.signup_status, name="signup-status"),
    path("proses/<uuid:public_id>/konsol/", progress_views.signup_go, name="signup-go"),
    path("proses/<uuid:public_id>/ulang/", progress_views.signup_retry_view, name="signup-retry"),
]
