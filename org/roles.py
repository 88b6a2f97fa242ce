"""The seven standard roles. Seeded by a migration; tests that flush the database re-seed them."""

# code, name, data scope, can write, can manage users, can view the audit log, can review reports
ROLES = [
    ("platform_admin", "平台管理员", "all", True, True, True, True),
    ("district_admin", "区级管理员", "subtree", True, True, True, True),
    ("unit_user", "部门/乡镇用户", "subtree", True, False, False, False),
    ("leader", "领导", "subtree", False, False, True, False),
    ("grid_worker", "网格员", "own", True, False, False, False),
    ("enterprise", "企业用户", "own", False, False, False, False),
    ("read_only", "只读", "subtree", False, False, False, False),
]


def ensure_roles(role_model) -> None:
    """Create the standard roles that are missing; leave edited ones as they are."""
    fields = {f.name for f in role_model._meta.get_fields()}
    for code, name, data_scope, can_write, can_admin, can_view_audit, can_review in ROLES:
        defaults = {
            "name": name,
            "data_scope": data_scope,
            "can_write": can_write,
            "can_admin": can_admin,
            "can_view_audit": can_view_audit,
            "can_review": can_review,
        }
        # Older migrations run this against a Role without the later flags.
        role_model.objects.get_or_create(code=code, defaults={k: v for k, v in defaults.items() if k in fields})


def grant_review(role_model) -> None:
    """Existing databases: give the reviewing flag to the roles that have it by default."""
    role_model.objects.filter(code__in=[r[0] for r in ROLES if r[6]]).update(can_review=True)
