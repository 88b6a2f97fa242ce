from django.db import migrations

YI = 100_000_000
BANDS = [(0, "1亿元以下"), (1 * YI, "1亿元至5亿元"), (5 * YI, "5亿元至10亿元"), (10 * YI, "10亿元以上")]


def seed(apps, schema_editor):
    WarningSettings = apps.get_model("projects", "WarningSettings")
    ScaleBand = apps.get_model("projects", "ScaleBand")
    if not WarningSettings.objects.exists():
        WarningSettings.objects.create()
    for lower, label in BANDS:
        ScaleBand.objects.get_or_create(lower_bound=lower, defaults={"label": label})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
