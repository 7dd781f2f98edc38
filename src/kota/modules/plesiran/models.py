"""e-plesiran's data, in each city's schema.

Public identifiers are slugs (destinations, facilities, events) and random tokens (trips);
database ids never leave the module. Texts a city writes in two languages have an ``_id``
(Indonesian, required) and an ``_en`` (English, optional) column; ``translated()`` picks
the visitor's language and falls back to Indonesian.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kota.core.models import TimeStampedModel

LATITUDE_VALIDATORS = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180), MaxValueValidator(180)]


def translated(obj, field: str) -> str:
    """``obj.<field>_en`` for English visitors when it is filled, else ``obj.<field>_id``."""
    if (get_language() or "id").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, f"{field}_id")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Publishable:
    """What is shown to visitors only once published: a place, an event, a facility."""

    status: str

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class Amenity(models.TextChoices):
    """What a destination offers its visitors on site."""

    PARKING = "parking", _("Parking")
    TOILETS = "toilets", _("Toilets")
    PRAYER_ROOM = "prayer_room", _("Prayer room")
    WHEELCHAIR = "wheelchair", _("Wheelchair access")
    FOOD = "food", _("Food and drink")
    WIFI = "wifi", _("Wi-Fi")
    SOUVENIRS = "souvenirs", _("Souvenir shop")
    GUIDE = "guide", _("Tour guide")
    NURSING_ROOM = "nursing_room", _("Nursing room")


class FacilityKind(models.TextChoices):
    """Supporting facilities around the destinations, as e-plesiran shows them."""

    FUEL = "fuel", _("Petrol station")
    ATM = "atm", _("ATM")
    WORSHIP = "worship", _("House of worship")
    HOSPITAL = "hospital", _("Hospital")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    POLICE = "police", _("Police")
    TOILET = "toilet", _("Public toilet")


class Category(models.Model):
    """A kind of destination (and of event); seeded when the city enables the module."""

    slug = models.SlugField(_("key"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    icon = models.CharField(_("icon"), max_length=40, default="map")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return translated(self, "name")


class Destination(Publishable, TimeStampedModel):
    """A place to visit (objek wisata)."""

    slug = models.SlugField(_("address in the site"), max_length=80, unique=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="destinations", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=120)
    description_id = models.TextField(_("description (Indonesian)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    address = models.CharField(_("address"), max_length=200)
    latitude = models.FloatField(_("latitude"), validators=LATITUDE_VALIDATORS)
    longitude = models.FloatField(_("longitude"), validators=LONGITUDE_VALIDATORS)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    instagram = models.CharField(_("Instagram account"), max_length=60, blank=True)
    is_free = models.BooleanField(_("free entry"), default=False)
    amenities = ArrayField(
        models.CharField(max_length=20, choices=Amenity.choices),
        verbose_name=_("amenities"),
        default=list,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Maintained by services (names, category names and descriptions; Indonesian and
    # English configurations), searched by selectors.destinations_search.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["name", "slug"]
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")
        indexes = [
            GinIndex(fields=["search_vector"], name="plesiran_dest_search"),
            GinIndex(OpClass("name", name="gin_trgm_ops"), name="plesiran_dest_name_trgm"),
            models.Index(fields=["status", "category"], name="plesiran_dest_status_cat"),
            models.Index(fields=["latitude", "longitude"], name="plesiran_dest_position"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def description(self) -> str:
        return translated(self, "description")


class TicketPrice(models.Model):
    destination = models.ForeignKey(Destination, on_delete=models.CASCADE, related_name="tickets")
    label_id = models.CharField(_("ticket (Indonesian)"), max_length=80)
    label_en = models.CharField(_("ticket (English)"), max_length=80, blank=True)
    price_idr = models.PositiveIntegerField(_("price (Rp)"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["destination", "position", "id"]
        verbose_name = _("ticket price")
        verbose_name_plural = _("ticket prices")

    def __str__(self) -> str:
        return f"{self.label_id}: {self.price_idr}"

    @property
    def label(self) -> str:
        return translated(self, "label")


class OpeningHours(models.Model):
    """One opening period on a weekday, in the city's local time.

    ``closes`` earlier than ``opens`` runs past midnight into the next day (a night market
    18:00–02:00); ``opens`` equal to ``closes`` means open all day.
    """

    destination = models.ForeignKey(Destination, on_delete=models.CASCADE, related_name="hours")
    # 0 is Monday, as in datetime.weekday().
    weekday = models.PositiveSmallIntegerField(
        _("day"), validators=[MinValueValidator(0), MaxValueValidator(6)]
    )
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["destination", "weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6), name="plesiran_hours_weekday"
            )
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.opens}-{self.closes}"


class Closure(models.Model):
    """A special closure (a holiday, renovation): closed all day from ``starts_on`` to
    ``ends_on`` inclusive, whatever the weekly hours say."""

    destination = models.ForeignKey(Destination, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField(_("closed from"))
    ends_on = models.DateField(_("closed until"))
    note_id = models.CharField(_("reason (Indonesian)"), max_length=160, blank=True)
    note_en = models.CharField(_("reason (English)"), max_length=160, blank=True)

    class Meta:
        ordering = ["destination", "starts_on"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="plesiran_closure_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}"

    @property
    def note(self) -> str:
        return translated(self, "note")


def photo_path(photo: "Photo", filename: str) -> str:
    return f"plesiran/{photo.destination.slug}/{filename}"


class Photo(models.Model):
    """A gallery photo, re-encoded as JPEG and stripped of metadata on upload."""

    destination = models.ForeignKey(Destination, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("photo"), upload_to=photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=160, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["destination", "position", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.image.name


class Facility(Publishable, TimeStampedModel):
    """A supporting facility: petrol station, ATM, house of worship, hospital…"""

    slug = models.SlugField(_("address in the site"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FacilityKind.choices)
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), validators=LATITUDE_VALIDATORS)
    longitude = models.FloatField(_("longitude"), validators=LONGITUDE_VALIDATORS)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    open_all_day = models.BooleanField(_("open 24 hours"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )

    class Meta:
        ordering = ["kind", "name", "slug"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        indexes = [
            models.Index(fields=["status", "kind"], name="plesiran_fac_status_kind"),
            models.Index(fields=["latitude", "longitude"], name="plesiran_fac_position"),
        ]

    def __str__(self) -> str:
        return self.name


class Event(Publishable, TimeStampedModel):
    """An event or festival; times are stored in UTC and shown in the city's zone."""

    slug = models.SlugField(_("address in the site"), max_length=80, unique=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("category"),
    )
    name = models.CharField(_("name"), max_length=160)
    description_id = models.TextField(_("description (Indonesian)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    venue = models.ForeignKey(
        Destination,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("venue (a destination)"),
    )
    venue_name = models.CharField(_("venue"), max_length=160)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), validators=LATITUDE_VALIDATORS)
    longitude = models.FloatField(_("longitude"), validators=LONGITUDE_VALIDATORS)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    is_free = models.BooleanField(_("free entry"), default=True)
    ticket_note = models.CharField(_("tickets"), max_length=160, blank=True)
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    class Meta:
        ordering = ["starts_at", "slug"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["status", "starts_at"], name="plesiran_event_when")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="plesiran_event_dates",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def description(self) -> str:
        return translated(self, "description")


class Review(TimeStampedModel):
    """A visitor's rating and words on a destination: one per person per destination.

    Officers hide abusive reviews (kept, with who hid it and why); people flag them.
    An author who deletes their account leaves the review without a name.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    destination = models.ForeignKey(Destination, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="plesiran_reviews",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    body = models.TextField(_("review"), max_length=2000, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["destination", "author"], name="plesiran_one_review_per_person"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="plesiran_review_rating"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.destination_id}: {self.rating}"


class ReviewFlag(models.Model):
    """Someone thinks a review is abusive; officers see flagged reviews first."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "reporter"], name="plesiran_one_flag_each")
        ]

    def __str__(self) -> str:
        return f"flag on {self.review_id}"


class Trip(TimeStampedModel):
    """A visitor's chosen destinations. Shared by its token, which is its only address;
    an anonymous visitor's trip is found from their session."""

    token = models.CharField(max_length=32, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plesiran_trips",
    )
    title = models.CharField(_("title"), max_length=120, blank=True)

    class Meta:
        ordering = ["-updated_at", "id"]
        verbose_name = _("trip")
        verbose_name_plural = _("trips")

    def __str__(self) -> str:
        return self.token


class TripStop(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="stops")
    destination = models.ForeignKey(Destination, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["trip", "added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "destination"], name="plesiran_stop_once")
        ]

    def __str__(self) -> str:
        return f"{self.trip_id}: {self.destination_id}"


class DestinationView(models.Model):
    """Page views of a destination per day (city's local date), for the statistics."""

    destination = models.ForeignKey(Destination, on_delete=models.CASCADE, related_name="views")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "destination"]
        constraints = [
            models.UniqueConstraint(fields=["destination", "day"], name="plesiran_view_day")
        ]

    def __str__(self) -> str:
        return f"{self.destination_id} {self.day}: {self.count}"
