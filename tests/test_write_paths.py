"""Nothing outside an `actions.py` writes domain rows: the code is parsed and searched for writes.

Every module of core, org and the domain apps is read with `ast`. A write is a call of a model or
queryset method that changes rows — `save`, `delete`, `bulk_create`, `bulk_update`, `get_or_create`,
`update_or_create`, `create` / `update` on a manager or a queryset, `set` on a many-to-many
relation, raw SQL (`execute`) — or of the shared write steps (`core.actions.create/update/delete`,
`core.bulk.insert`). Outside `actions.py` each one must be
in ALLOWED below, with the reason it is not a domain write or cannot go through an action.
Migrations and tests are not searched.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "org", "projects", "indicators", "supervision", "cases", "promotion", "ingest", "notices")

ALWAYS = {"save", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
ON_QUERYSETS = {"create", "update"}  # also dict.update and the like: only on managers and querysets
RAW_SQL = "execute"  # cursor.execute: every raw statement is listed, reads included
QUERYSET_METHODS = {"filter", "exclude", "all", "select_for_update", "using", "db_manager", "order_by", "restrict"}
SHARED_STEPS = {"core.actions": {"create", "update", "delete"}, "core.bulk": {"insert"}}

# (module, the call as written) → why it may write outside an actions module.
ALLOWED = {
    ("core/audit.py", "AuditChainHead.objects.bulk_create"): "the audit log itself: its chain head",
    ("core/audit.py", "AuditChainHead.objects.filter(pk=1).update"): "the audit log itself: its chain head",
    ("core/audit.py", "bulk.insert"): "the audit log itself: appending its rows",
    ("core/backup.py", "ContentType.objects.db_manager(self.using).get_or_create"): (
        "restoring a backup maps content types before any row is loaded; not a domain row"
    ),
    ("core/bulk.py", "cursor.execute"): "the multi-row insert the bulk action and the audit log use",
    ("core/audit_db.py", "cursor.execute"): "installs and lifts the database's guard of the audit log",
    ("core/backup.py", "cursor.execute"): "backup reads in one snapshot; restore empties and refills every table",
    ("core/files.py", "storage.delete"): "file storage, not a row: files of a rolled-back upload",
    ("core/progress.py", "_cache().delete"): "a running job's progress note in the cache, not a row",
    ("core/images.py", "thumb.save"): "a Pillow image written to a buffer",
    ("core/tabular.py", "wb.save"): "an openpyxl workbook written to a buffer",
    ("core/errorbook.py", "wb.save"): "an openpyxl workbook written to a buffer (the errors marked)",
    ("supervision/gbt9704.py", "out.save"): "a python-docx document written to a buffer",
    ("org/api.py", "router.delete"): "django-ninja's route decorator for DELETE",
    ("projects/api.py", "router.delete"): "django-ninja's route decorator for DELETE",
    ("org/api.py", "ApiToken.objects.filter(pk=found.pk).update"): (
        "the token's last-used stamp on authentication, kept like Django's last_login: "
        "bookkeeping of a credential, not a change anyone makes, so not audited"
    ),
    ("org/roles.py", "role_model.objects.get_or_create"): (
        "seeds the standard roles from a migration, which passes its historical model"
    ),
    ("org/roles.py", "role_model.objects.filter(code__in=[r[0] for r in ROLES if r[6]]).update"): (
        "a data migration's step on the historical model"
    ),
    ("indicators/catalogue.py", "Indicator.objects.get_or_create"): (
        "seeds the starting catalogue from a migration, which passes its historical models"
    ),
    ("indicators/catalogue.py", "Rule.objects.get_or_create"): (
        "seeds the starting rules from a migration, which passes its historical models"
    ),
    ("indicators/catalogue.py", "rule.parts.set"): (
        "seeds the starting rules from a migration, which passes its historical models"
    ),
    ("promotion/chains.py", "IndustryChain.objects.get_or_create"): (
        "seeds the industry chains from a migration, which passes its historical model"
    ),
}
# Fixtures for the tests (world builders); they are imported by tests only.
TEST_SUPPORT = {"org/testing.py", "cases/testing.py", "indicators/testing.py", "core/testing.py"}


def modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "tests" in parts or path.name == "actions.py" or relative in TEST_SUPPORT:
                continue
            yield relative, ast.parse(path.read_text(encoding="utf-8"), filename=relative)


def _aliases(tree: ast.Module, module_name: str) -> dict[str, str]:
    """Local names bound to core.actions or core.bulk (`from core import actions as base`)."""
    package = module_name.split("/")[0]
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:  # from . import bulk, inside core
                source = ".".join(filter(None, [package, source]))
            for alias in node.names:
                full = f"{source}.{alias.name}"
                if full in SHARED_STEPS:
                    found[alias.asname or alias.name] = full
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in SHARED_STEPS and alias.asname:
                    found[alias.asname] = alias.name
    return found


def _queryset_names(tree: ast.Module) -> set[str]:
    """Names assigned from a manager or queryset expression (`qs = Case.objects.filter(...)`)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _is_queryset(node.value, set()):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _is_queryset(node: ast.AST, names: set[str]) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and sub.attr in {"objects", "_base_manager", "_default_manager"}:
            return True
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr in QUERYSET_METHODS:
            return True
        if isinstance(sub, ast.Name) and sub.id in names:
            return True
    return False


def writes(relative: str, tree: ast.Module) -> list[tuple[int, str]]:
    aliases = _aliases(tree, relative)
    querysets = _queryset_names(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        if isinstance(receiver, ast.Name) and receiver.id in aliases:
            hit = method in SHARED_STEPS[aliases[receiver.id]]
        elif method in ALWAYS or method == RAW_SQL:
            hit = True
        elif method == "set":  # a many-to-many set (`project.programmes.set(...)`), not a ContextVar's
            hit = isinstance(receiver, ast.Attribute)
        elif method in ON_QUERYSETS:
            hit = _is_queryset(receiver, querysets)
        else:
            hit = False
        if hit:
            found.append((node.lineno, ast.unparse(node.func)))
    return found


def test_nothing_outside_the_actions_writes_domain_rows():
    found = [
        f"{relative}:{line}: {call}"
        for relative, tree in modules()
        for line, call in writes(relative, tree)
        if (relative, call) not in ALLOWED
    ]
    assert found == [], "write through an action in the app's actions.py:\n" + "\n".join(found)


def test_every_exception_is_still_needed():
    """An exception whose write has gone is removed from the list, so the list stays true."""
    used = {(relative, call) for relative, tree in modules() for _line, call in writes(relative, tree)}
    assert sorted(set(ALLOWED) - used) == []


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from projects.models import Project\nProject.objects.create(code='x')", ["Project.objects.create"]),
        ("def f(p):\n    p.save()", ["p.save"]),
        ("qs = Case.objects.filter(state='open')\nqs.update(state='closed')", ["qs.update"]),
        ("rows = scope.restrict(Case.objects.all(), u)\nrows.delete()", ["rows.delete"]),
        ("from core import actions as base\nbase.create(obj)", ["base.create"]),
        ("from core import bulk\nbulk.insert(rows)", ["bulk.insert"]),
        ("project.programmes.through.objects.bulk_create(links)", ["project.programmes.through.objects.bulk_create"]),
        ("ctx = {}\nctx.update(a=1)\nseen = set()\nseen.update([1])", []),
        ("project.programmes.set(ids)\n_current.set(ctx)", ["project.programmes.set"]),
        ("with connection.cursor() as cursor:\n    cursor.execute('DELETE FROM x')", ["cursor.execute"]),
        ("from projects import actions\nactions.create_project(actor=u, unit=x, code='1', name='n')", []),
    ],
)
def test_the_search_tells_writes_from_other_calls(source, expected):
    assert [call for _line, call in writes("projects/views.py", ast.parse(source))] == expected


def test_the_search_reads_every_app():
    searched = {relative.split("/")[0] for relative, _tree in modules()}
    assert searched == set(APPS)
