"""The seven standard roles. Seeded by a migration; tests that flush the database re-seed them."""

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


def ensure_roles(role_model) -> None:
    """Create the standard roles that are missing; leave edited ones as they are."""
    for code, name, data_scope, can_write, can_admin, can_view_audit in ROLES:
        role_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "data_scope": data_scope,
                "can_write": can_write,
                "can_admin": can_admin,
                "can_view_audit": can_view_audit,
            },
        )
