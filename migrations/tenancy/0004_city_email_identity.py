import kota.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tenancy', '0003_city_branding_images'),
    ]

    operations = [
        migrations.AddField(
            model_name='city',
            name='email_sender_name',
            field=models.CharField(blank=True, max_length=100, validators=[kota.core.validators.single_line_name_validator], verbose_name='email sender name'),
        ),
        migrations.AddField(
            model_name='city',
            name='email_reply_to',
            field=models.EmailField(blank=True, max_length=254, verbose_name='email reply-to address'),
        ),
    ]
