from django.conf import settings
from django.db import models


class Notice(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    author_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title
