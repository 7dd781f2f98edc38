"""The contract plan is billed by invoice, and every city gets a billing account.

Cities made before billing had every module: they keep them on the city plan, given
without a subscription, until an operator or a payment says otherwise.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Plan = apps.get_model("billing", "Plan")
    Account = apps.get_model("billing", "Account")
    City = apps.get_model("tenancy", "City")
    Plan.objects.filter(key="kontrak").update(billed_by_invoice=True)
    city_plan = Plan.objects.filter(key="kota").first() or Plan.objects.order_by("-price_idr").first()
    if city_plan is None:
        return
    for city in City.objects.filter(billing_account__isnull=True):
        Account.objects.create(city=city, plan=city_plan)


class Migration(migrations.Migration):
    dependencies = [("billing", "0003_accounts_and_events")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
