"""The platform site's own pages: the front page and the signup wizard (/daftar/)."""

from django.urls import path
from django.views.generic import RedirectView

from kota.onboarding import payment_views, progress_views, views

app_name = "onboarding"

urlpatterns = [
    path("", views.home, name="home"),
    path("daftar/", views.signup_step, {"step_key": "city"}, name="signup"),
    path("daftar/alamat/", views.signup_step, {"step_key": "address"}, name="signup-address"),
    path("daftar/alamat/cek", views.signup_slug_check, name="signup-slug-check"),
    path("daftar/admin/", views.signup_step, {"step_key": "admin"}, name="signup-admin"),
    path("daftar/modul/", views.signup_step, {"step_key": "modules"}, name="signup-modules"),
    path("daftar/tampilan/", views.signup_step, {"step_key": "look"}, name="signup-look"),
    path("daftar/tampilan/logo.png", views.signup_logo, name="signup-logo"),
    path("daftar/paket/", views.signup_step, {"step_key": "plan"}, name="signup-plan"),
    path("daftar/periksa/", views.signup_review, name="signup-review"),
    path(
        "daftar/proses/<uuid:public_id>/",
        progress_views.signup_progress,
        name="signup-progress",
    ),
    path(
        "daftar/proses/<uuid:public_id>/status/",
        progress_views.signup_status,
        name="signup-status",
    ),
    path("daftar/proses/<uuid:public_id>/konsol/", progress_views.signup_go, name="signup-go"),
    path(
        "daftar/proses/<uuid:public_id>/ulang/",
        progress_views.signup_retry_view,
        name="signup-retry",
    ),
    # A paid plan, once the city exists: Checkout, the way back, and a cancelled Checkout.
    path(
        "daftar/proses/<uuid:public_id>/bayar/",
        payment_views.signup_payment_start,
        name="signup-pay",
    ),
    path(
        "daftar/proses/<uuid:public_id>/pembayaran/",
        payment_views.signup_payment,
        name="signup-payment",
    ),
    path(
        "daftar/proses/<uuid:public_id>/pembayaran/status/",
        payment_views.signup_payment_status,
        name="signup-payment-status",
    ),
    path(
        "daftar/proses/<uuid:public_id>/pembayaran/batal/",
        payment_views.signup_payment_cancel,
        name="signup-payment-cancel",
    ),
    # The English address people may guess.
    path(
        "signup/",
        RedirectView.as_view(pattern_name="onboarding:signup", query_string=True),
        name="signup-alias",
    ),
]
