from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Visit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                ("place", models.CharField(max_length=120)),
                ("visited_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"ordering": ["-visited_at"]},
        ),
    ]
