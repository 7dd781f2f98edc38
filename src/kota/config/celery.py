"""The Celery app. Tenant-aware: a task sent while a city is active carries its schema,
and the worker runs it in that schema (tenant-schemas-celery)."""

import os

from tenant_schemas_celery.app import CeleryApp

from kota.config.schedules import BEAT_SCHEDULE

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kota.config.settings")

app = CeleryApp("kota")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_schedule = BEAT_SCHEDULE
app.autodiscover_tasks()
