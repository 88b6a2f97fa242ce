"""The API's paths: one scheme (/api/<app>/<things>), the old paths answering as deprecated aliases for
one release, and docs/api.md listing exactly the endpoints of the OpenAPI schema."""

import re
from functools import cache
from pathlib import Path

from django.urls import resolve

from core.api import ALIASES_REMOVED_IN

DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"
APPS = {"org", "projects", "indicators", "supervision", "promotion", "cases", "ingest"}
# The caller's own lists, gathered from every app, sit at the top: the 待办 list and the messages.
PERSONAL = {"/api/todo", "/api/notifications"}
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
# Values for the required query parameters of the aliased lists, enough for an answer either way.
QUERY = {"year": 2026, "month": 6, "week": "2026-03-04", "indicator": 1, "group": 1, "period": "2026-ytd-6"}


@cache
def schema_paths() -> dict:
    from config.api import api

    return api.get_openapi_schema(path_prefix="/api")["paths"]


def operations(*, deprecated: bool) -> dict[tuple[str, str], dict]:
    paths = schema_paths()
    return {
        (method.upper(), path): op
        for path, ops in paths.items()
        for method, op in ops.items()
        if bool(op.get("deprecated")) == deprecated
    }


def doc_tables() -> tuple[dict[tuple[str, str], str], set[tuple[str, str]]]:
    """docs/api.md's endpoints {(method, path): summary} and its alias table {(old, new)}."""
    endpoints, aliases = {}, set()
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if cells[0] in METHODS:
            endpoints[(cells[0], cells[1].strip("`"))] = cells[2]
        elif len(cells) == 2 and cells[0].startswith("`/api/"):
            aliases.add((cells[0].strip("`"), cells[1].strip("`")))
    return endpoints, aliases


def new_operation(alias: dict) -> tuple[tuple[str, str], dict]:
    current = operations(deprecated=False)
    name = alias["operationId"].removesuffix("_deprecated")
    return next((key, op) for key, op in current.items() if op["operationId"] == name)


def filled(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: "sign" if m.group(1) == "step" else "1", path)


def test_every_path_is_under_its_apps_name():
    for method, path in operations(deprecated=False):
        if any(path == p or path.startswith(p + "/") for p in PERSONAL):
            continue
        parts = path.split("/")
        assert parts[1] == "api" and parts[2] in APPS and len(parts) >= 4, f"{method} {path}"


def test_the_docs_list_every_endpoint_and_every_alias_of_the_schema():
    endpoints, aliases = doc_tables()
    current = operations(deprecated=False)
    assert sorted(set(current) - set(endpoints)) == [], "in the schema, missing from docs/api.md"
    assert sorted(set(endpoints) - set(current)) == [], "in docs/api.md, not in the schema"
    assert {key: op["summary"] for key, op in current.items()} == endpoints
    expected = {(path, new_operation(op)[0][1]) for (_method, path), op in operations(deprecated=True).items()}
    assert aliases == expected
    assert f"removed in release {ALIASES_REMOVED_IN}" in DOC.read_text(encoding="utf-8")


def test_each_old_path_is_a_deprecated_alias_of_its_new_path():
    aliases = operations(deprecated=True)
    assert len(aliases) >= 50 and len({op["operationId"] for op in aliases.values()}) == len(aliases)
    for (method, path), alias in aliases.items():
        (new_method, new_path), op = new_operation(alias)
        assert new_method == method and new_path != path
        for part in ("summary", "parameters", "requestBody", "responses", "tags"):
            assert alias.get(part) == op.get(part), f"{method} {path}: {part}"
        assert alias["description"].startswith(f"已弃用：请改用 {new_path}，{ALIASES_REMOVED_IN} 版起")
    # Each path reaches its own pattern: no old pattern with a parameter takes a new path, nor the reverse.
    for (method, path), op in {**operations(deprecated=False), **aliases}.items():
        match = resolve(filled(path))
        assert re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", "/" + match.route) == path, f"{method} {path}"
        assert match.url_name.endswith("_deprecated") == bool(op.get("deprecated")), f"{method} {path}"


def test_the_old_paths_answer_as_the_new_ones(world, client, token_for):
    headers = token_for("admin")
    answered = 0
    for (method, path), alias in operations(deprecated=True).items():
        if method != "GET":
            continue
        (_, new_path), _op = new_operation(alias)
        required = [p["name"] for p in alias.get("parameters", []) if p["in"] == "query" and p.get("required")]
        params = {name: QUERY[name] for name in required}
        old = client.get(filled(path), params, **headers)
        new = client.get(filled(new_path), params, **headers)
        assert (old.status_code, old.json()) == (new.status_code, new.json()), path
        answered += old.status_code == 200
    assert answered >= 15
    # A write through an old path is the same write.
    body = {"name": "王五", "unit_id": world.units["fengying"].pk}
    created = client.post("/api/people", body, content_type="application/json", **headers)
    assert created.status_code == 201
    assert client.get(f"/api/org/people/{created.json()['id']}", **headers).json() == created.json()
