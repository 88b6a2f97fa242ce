from django.db import migrations

# code, name, data scope, can write, can manage users, can view the audit log
ROLES = [
    ("platform_admin", "平台管理员", "all", True, True, True),
    ("district_admin", "区级管理员", "subtree", True, True, True),
    ("unit_user", "部门/乡镇用户", "subtree", True, False, False),
    ("leader", "领导", "subtree", False, False, True),
    ("grid_worker", "网格员", "own", True, False, False),
    ("enterprise", "企业用户", "own", False, False, False),
    ("read_only", "只读", "subtree", False, False, False),
]


def seed(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    for code, name, data_scope, can_write, can_admin, can_view_audit in ROLES:
        Role.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "data_scope": data_scope,
                "can_write": can_write,
                "can_admin": can_admin,
                "can_view_audit": can_view_audit,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
