"""A small city app for the fleet benchmark; its second migration adds a column."""

from django.db import models


class Visit(models.Model):
    place = models.CharField(max_length=120)
    visited_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(default="")  # added by migrations_v2/0002

    class Meta:
        app_label = "fleetapp"
        ordering = ["-visited_at"]

    def __str__(self) -> str:
        return self.place
