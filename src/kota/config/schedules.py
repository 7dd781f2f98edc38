"""Every periodic task of Kota, in one place: Celery beat reads BEAT_SCHEDULE from here.

Entries are ``name: {"task": "kota.<app>.tasks.<task>", "schedule": crontab(...)}``;
periodic work that concerns cities iterates them and enters each with city_scope().
"""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    # Provisioning refills the spare schemas after each new city; this catches the rest
    # (a deploy that migrated the template, a refill that failed).
    "tenancy-spares-refill": {
        "task": "kota.tenancy.tasks.spares_refill",
        "schedule": crontab(minute="*/10"),
    },
    # Signups whose worker died or never came: failed, so their address is free again.
    "onboarding-signups-sweep": {
        "task": "kota.onboarding.tasks.signups_sweep",
        "schedule": crontab(minute="*/5"),
    },
    # Sessions that expired (an abandoned signup wizard among them), in every schema.
    "accounts-sessions-clear-expired": {
        "task": "kota.accounts.tasks.sessions_clear_expired",
        "schedule": crontab(minute=17, hour=3),
    },
    # Stripe events whose processing failed or never ran (a worker down): run them again.
    "billing-events-retry": {
        "task": "kota.billing.tasks.stripe_events_retry",
        "schedule": crontab(minute="*/5"),
    },
    # Grace periods end, and a missed webhook is not missed for long: read every city's
    # subscription from Stripe once a night.
    "billing-accounts-sync": {
        "task": "kota.billing.tasks.accounts_sync_all",
        "schedule": crontab(minute=41, hour=2),
    },
}
