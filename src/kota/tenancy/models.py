"""Cities (tenants) and the host names they answer on. Public schema only."""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from kota.core.models import TimeStampedModel
from kota.core.validators import (
    hex_color_validator,
    hostname_validator,
    single_line_name_validator,
)
from kota.tenancy.regions import PROVINCE_CHOICES, CityKind, TimeZone
from kota.tenancy.slugs import SLUG_MAX_LENGTH, slug_validate


def _validate_slug(value: str) -> None:
    slug_validate(value)


class CityStatus(models.TextChoices):
    PROVISIONING = "provisioning", _("Provisioning")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ARCHIVED = "archived", _("Archived")


class City(TenantMixin, TimeStampedModel):
    """A kota or kabupaten: one tenant, one PostgreSQL schema."""

    # Schemas are created by kota.tenancy.services.city_provision (template clone), never
    # as a side effect of save(); and never dropped by deleting a row.
    auto_create_schema = False
    auto_drop_schema = False

    slug = models.CharField(
        _("address"), max_length=SLUG_MAX_LENGTH, unique=True, validators=[_validate_slug]
    )
    name = models.CharField(_("official name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=CityKind.choices)
    province = models.CharField(_("province"), max_length=64, choices=PROVINCE_CHOICES)
    time_zone = models.CharField(
        _("time zone"), max_length=32, choices=TimeZone.choices, default=TimeZone.WIB
    )
    languages = ArrayField(
        models.CharField(max_length=8), verbose_name=_("languages"), default=list, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CityStatus.choices, default=CityStatus.PROVISIONING
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    # When the citizen site opened. A city made through the signup wizard shows "coming
    # soon" to citizens until its first admin has verified their email address.
    launched_at = models.DateTimeField(_("opened to citizens"), null=True, blank=True)

    theme = models.CharField(_("theme"), max_length=40, default="default")
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    primary_color = models.CharField(
        _("primary colour"), max_length=7, default="#0b5394", validators=[hex_color_validator]
    )
    secondary_color = models.CharField(
        _("secondary colour"), max_length=7, default="#f1c232", validators=[hex_color_validator]
    )
    # Branding images: names in the city's media storage (MEDIA_ROOT/<schema>/), written
    # only by kota.theming.services.branding_update. ``icons`` maps a variant ("any-192",
    # "any-512", "maskable-512") to the app icon made from the logo; empty without a logo.
    logo = models.CharField(_("logo"), max_length=200, blank=True)
    favicon = models.CharField(_("favicon"), max_length=200, blank=True)
    icons = models.JSONField(_("app icons"), default=dict, blank=True)
    enabled_modules = ArrayField(
        models.CharField(max_length=40), verbose_name=_("enabled modules"), default=list, blank=True
    )

    map_center_lat = models.FloatField(_("map centre latitude"), null=True, blank=True)
    map_center_lon = models.FloatField(_("map centre longitude"), null=True, blank=True)
    map_zoom = models.PositiveSmallIntegerField(_("map zoom"), default=12)
    # GeoJSON Polygon coordinates ([[[lon, lat], ...]]), from the city's manifest.
    boundary = models.JSONField(_("boundary"), null=True, blank=True)

    # The city's email identity: every email it sends comes from "<sender name>
    # <DEFAULT_FROM_EMAIL's address>" (the city's name when empty), and replies go to
    # ``email_reply_to`` when set.
    email_sender_name = models.CharField(
        _("email sender name"),
        max_length=100,
        blank=True,
        validators=[single_line_name_validator],
    )
    email_reply_to = models.EmailField(_("email reply-to address"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return self.name

    @property
    def is_live(self) -> bool:
        return self.status == CityStatus.ACTIVE

    @property
    def is_launched(self) -> bool:
        return self.launched_at is not None


class Domain(DomainMixin):
    """A host name a city answers on: ``<slug>.<root>`` (primary) or a custom domain."""

    class Meta:
        ordering = ["-is_primary", "domain"]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def clean(self) -> None:
        self.domain = (self.domain or "").strip().lower()
        try:
            hostname_validator(self.domain)
        except ValidationError as error:
            raise ValidationError({"domain": error.messages}) from error
