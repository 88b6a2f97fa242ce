from django.db import migrations

from org.roles import ensure_roles


def seed(apps, schema_editor):
    ensure_roles(apps.get_model("org", "Role"))


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
