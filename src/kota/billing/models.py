"""Plans, each city's billing account and the Stripe events received (public schema).

The plan → modules mapping lives here, in our database; Stripe only ever sees prices. A
city's account says which plan it is on and mirrors the state of its Stripe subscription,
re-read from Stripe on every event (kota.billing.services.account_sync), so events can
arrive in any order.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from kota.core.models import TimeStampedModel


class Plan(models.Model):
    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    # Rupiah per month; 0 is the free plan.
    price_idr = models.PositiveBigIntegerField(_("price per month (IDR)"), default=0)
    modules = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    seat_limit = models.PositiveIntegerField(_("staff seats"), default=3)
    # Offered in the signup wizard and on the front page (a contract plan is arranged).
    is_public = models.BooleanField(_("offered at signup"), default=True)
    # Paid by bank transfer against Stripe invoices instead of by card through Checkout.
    billed_by_invoice = models.BooleanField(_("billed by invoice"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The Stripe price cities pay for this plan ("kota billing prices" makes it).
    stripe_price_id = models.CharField(_("Stripe price"), max_length=100, blank=True)

    class Meta:
        ordering = ["order", "price_idr"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.name

    @property
    def is_free(self) -> bool:
        return self.price_idr == 0


class SubscriptionStatus(models.TextChoices):
    # No Stripe subscription: the plan was given (the free plan, a manifest, an operator).
    NONE = "", _("No subscription")
    INCOMPLETE = "incomplete", _("Waiting for the first payment")
    INCOMPLETE_EXPIRED = "incomplete_expired", _("First payment never made")
    TRIALING = "trialing", _("Trial")
    ACTIVE = "active", _("Active")
    PAST_DUE = "past_due", _("Payment overdue")
    UNPAID = "unpaid", _("Unpaid")
    CANCELED = "canceled", _("Cancelled")
    PAUSED = "paused", _("Paused")


class Account(TimeStampedModel):
    """A city's billing account: its plan and its Stripe customer and subscription."""

    city = models.OneToOneField(
        "tenancy.City", on_delete=models.CASCADE, related_name="billing_account"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="accounts")
    stripe_customer_id = models.CharField(
        _("Stripe customer"), max_length=100, unique=True, null=True, blank=True
    )
    stripe_subscription_id = models.CharField(_("Stripe subscription"), max_length=100, blank=True)
    status = models.CharField(
        _("subscription status"),
        max_length=24,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.NONE,
        blank=True,
    )
    collection_method = models.CharField(_("collection"), max_length=24, blank=True)
    current_period_end = models.DateTimeField(_("paid until"), null=True, blank=True)
    cancel_at_period_end = models.BooleanField(_("ends at the end of the period"), default=False)
    # When the subscription was first seen overdue; the grace period counts from here.
    past_due_since = models.DateTimeField(_("overdue since"), null=True, blank=True)
    # The latest Checkout the city's admin was sent to, and for which plan.
    checkout_session_id = models.CharField(_("Stripe Checkout session"), max_length=100, blank=True)
    checkout_plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    synced_at = models.DateTimeField(_("last read from Stripe"), null=True, blank=True)

    class Meta:
        ordering = ["city__name"]
        verbose_name = _("billing account")
        verbose_name_plural = _("billing accounts")

    def __str__(self) -> str:
        return f"{self.city} · {self.plan}"


class StripeEvent(models.Model):
    """A webhook event as Stripe sent it, stored before anything is done with it."""

    stripe_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100)
    # Stripe's own time of the event (seconds since the epoch).
    created = models.BigIntegerField()
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempted_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["processed_at", "received_at"])]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self) -> str:
        return f"{self.type} {self.stripe_id}"
