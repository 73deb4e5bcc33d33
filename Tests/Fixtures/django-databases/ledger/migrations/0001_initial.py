from django.db import migrations, models


def seed(apps, schema_editor):
    apps.get_model("ledger", "Entry").objects.create(key="seeded")


class Migration(migrations.Migration):
    initial = True
    operations = [
        migrations.CreateModel("Entry", [("id", models.AutoField(primary_key=True)),
                                         ("key", models.CharField(max_length=40, unique=True))]),
        migrations.RunPython(seed),
    ]
