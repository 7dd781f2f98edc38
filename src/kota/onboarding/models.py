"""Signups (public schema): one row per submitted wizard, from "queued" to "ready" or
"failed". Nothing is stored while someone is still filling the wizard in (that lives in
their session); the row exists from the moment they press "Create"."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignupStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being created")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Signup(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # One per wizard run: a double submission, a refresh or a second tab finds this row
    # instead of creating a second city.
    submission_key = models.CharField(max_length=64, unique=True)
    # The city's address; once ready, the city with this slug is the signup's city.
    slug = models.CharField(_("address"), max_length=63)
    status = models.CharField(
        _("status"), max_length=16, choices=SignupStatus.choices, default=SignupStatus.QUEUED
    )
    error = models.TextField(_("error"), blank=True)
    # Everything the wizard collected (no password: only its hash, in admin_password_hash).
    data = models.JSONField(_("wizard data"), default=dict)
    # The plan chosen, by key. The city is made on the free plan all the same; a paid plan
    # is then bought through Stripe Checkout, and given only by its webhook events.
    plan_key = models.CharField(_("plan chosen"), max_length=40, blank=True)
    admin_password_hash = models.CharField(max_length=256, blank=True)
    logo_png = models.BinaryField(null=True, blank=True)
    # Where the new city answers, as the signup's browser reaches it (scheme, host, port).
    city_base_url = models.CharField(max_length=200, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When a worker claimed it: a run older than the task's hard time limit died with its
    # worker, and the signup may be claimed again (or failed by the sweep).
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The city and admin made, by id (slug and email could change hands later).
    city_id = models.BigIntegerField(null=True, blank=True)
    admin_public_id = models.UUIDField(null=True, blank=True)
    # The one hand-over to the console; never twice.
    handed_over_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One signup at a time per address: of two racing for it, exactly one is kept.
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(status__in=["queued", "running", "ready"]),
                name="onboarding_signup_one_active_per_slug",
            )
        ]
        verbose_name = _("signup")
        verbose_name_plural = _("signups")

    def __str__(self) -> str:
        return f"{self.slug} ({self.status})"
