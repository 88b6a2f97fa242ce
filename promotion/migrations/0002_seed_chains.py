from django.db import migrations

from promotion.chains import ensure


def seed(apps, schema_editor):
    ensure(apps.get_model("promotion", "IndustryChain"))


class Migration(migrations.Migration):
    dependencies = [("promotion", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
