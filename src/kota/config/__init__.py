"""Kota's configuration. Importing it makes the Celery app the current one."""

from kota.config.celery import app as celery_app

__all__ = ["celery_app"]
