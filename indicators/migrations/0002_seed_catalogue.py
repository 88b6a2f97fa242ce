"""The starting catalogue (indicators.md) and a few validation rules; administrators edit both."""

from django.db import migrations

# Later changes to the starting catalogue go into new migrations, never into this one's effect:
# get_or_create leaves rows an administrator has edited alone.
from indicators.catalogue import ensure


def seed(apps, schema_editor):
    ensure(apps.get_model("indicators", "Indicator"), apps.get_model("indicators", "ValidationRule"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
