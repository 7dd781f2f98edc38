import django.contrib.postgres.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Plan",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.SlugField(max_length=40, unique=True, verbose_name="key")),
                ("name", models.CharField(max_length=80, verbose_name="name")),
                ("summary", models.CharField(blank=True, max_length=200, verbose_name="summary")),
                ("price_idr", models.PositiveBigIntegerField(default=0, verbose_name="price per month (IDR)")),
                (
                    "modules",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=40), blank=True, default=list, size=None
                    ),
                ),
                ("seat_limit", models.PositiveIntegerField(default=3, verbose_name="staff seats")),
                ("is_public", models.BooleanField(default=True, verbose_name="offered at signup")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
            ],
            options={
                "verbose_name": "plan",
                "verbose_name_plural": "plans",
                "ordering": ["order", "price_idr"],
            },
        ),
    ]
