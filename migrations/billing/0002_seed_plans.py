"""The plans Kota starts with; operators edit them in the operator console."""

from django.db import migrations

PLANS = [
    {
        "key": "gratis",
        "name": "Gratis",
        "summary": "Citizen reports for a start, with a few staff accounts.",
        "price_idr": 0,
        "modules": ["reports"],
        "seat_limit": 3,
        "is_public": True,
        "order": 1,
    },
    {
        "key": "kota",
        "name": "Kota",
        "summary": "Every module, for a city or regency that serves its citizens online.",
        "price_idr": 2_500_000,
        "modules": ["plesiran", "reports", "permits"],
        "seat_limit": 25,
        "is_public": True,
        "order": 2,
    },
    {
        "key": "kontrak",
        "name": "Kontrak",
        "summary": "Every module and more seats, billed by invoice under a contract.",
        "price_idr": 6_000_000,
        "modules": ["plesiran", "reports", "permits"],
        "seat_limit": 100,
        "is_public": False,
        "order": 3,
    },
]


def seed(apps, schema_editor):
    Plan = apps.get_model("billing", "Plan")
    for plan in PLANS:
        Plan.objects.update_or_create(key=plan["key"], defaults=plan)


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
