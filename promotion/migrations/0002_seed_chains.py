from django.db import migrations

# The chains the district's attraction plan names ("医药制造、铝精深加工及装备制造、绿色建材" and the
# other leading industries); administrators edit the list.
CHAINS = ["医药", "铝精深加工及装备制造", "绿色建材", "新材料", "商贸物流", "文化旅游", "高端教育", "现代农业", "其他"]


def seed(apps, schema_editor):
    IndustryChain = apps.get_model("promotion", "IndustryChain")
    for order, name in enumerate(CHAINS, start=1):
        IndustryChain.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("promotion", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
