"""Every periodic task of Kota, in one place: Celery beat reads BEAT_SCHEDULE from here.

Entries are ``name: {"task": "kota.<app>.tasks.<task>", "schedule": crontab(...)}``;
periodic work that concerns cities iterates them and enters each with city_scope().
"""

BEAT_SCHEDULE: dict[str, dict] = {}
