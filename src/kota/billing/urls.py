"""Billing's platform URLs: Stripe's webhook endpoint."""

from django.urls import path

from kota.billing.webhooks import stripe_webhook

app_name = "billing"

urlpatterns = [
    path("stripe/webhook/", stripe_webhook, name="stripe-webhook"),
]
