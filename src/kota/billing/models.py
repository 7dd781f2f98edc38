"""Plans (public schema): what a city may use and what it costs. The plan → modules
mapping lives here, in our database; payment providers only ever see prices."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "price_idr"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.name

    @property
    def is_free(self) -> bool:
        return self.price_idr == 0
