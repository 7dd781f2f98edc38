"""Per-city state of each module, in the city's schema: its settings and whether its
defaults were seeded. Whether it is enabled lives on the City row (public), where the
router already has it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ModuleState(models.Model):
    key = models.CharField(_("module"), max_length=40, unique=True)
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    seeded_at = models.DateTimeField(_("defaults seeded"), null=True, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("module state")
        verbose_name_plural = _("module states")

    def __str__(self) -> str:
        return self.key
