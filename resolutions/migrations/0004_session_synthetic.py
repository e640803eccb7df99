from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("resolutions", "0003_editors_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="synthetic",
            field=models.BooleanField(
                default=False,
                help_text="Generated for load testing; not a real session.",
                verbose_name="synthetic",
            ),
        ),
    ]
