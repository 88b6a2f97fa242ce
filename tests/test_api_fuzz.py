"""The API under a property-based fuzzer: no 5xx, and every answer matches the schema it declares.

Schemathesis generates requests from the OpenAPI schema of the ninja API object itself (so the
test does not depend on who may fetch /api/openapi.json), sends them in-process through Django's
WSGI handler with an administrator's and an enterprise user's token, and checks each answer.
The seed is fixed and the number of examples per operation bounded, so a run is repeatable.
Deprecated aliases of the paths run the same views and are left out (tests/test_api_paths.py
proves they answer the same).
"""

import json
import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.serializers.json import DjangoJSONEncoder
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

# Examples per operation and user, for valid and for invalid requests; raise them for a longer search.
EXAMPLES = {
    GenerationMode.POSITIVE: int(os.environ.get("QUZHI_FUZZ_EXAMPLES", "4")),
    GenerationMode.NEGATIVE: int(os.environ.get("QUZHI_FUZZ_EXAMPLES", "3")),
}
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def app():
    """Django's WSGI handler, without closing the test's connection at the end of each request."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def load_schema(app):
    from config.api import api

    raw = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api"), cls=DjangoJSONEncoder))
    for path, operations in list(raw["paths"].items()):
        kept = {method: op for method, op in operations.items() if not op.get("deprecated")}
        if kept:
            raw["paths"][path] = kept
        else:
            del raw["paths"][path]
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = app
    return schema


def check_operation(operation, headers: dict, mode: GenerationMode, failures: dict[str, str]) -> None:
    """Send EXAMPLES generated requests to one operation; record the first failure of each kind."""

    @settings(
        max_examples=EXAMPLES[mode],
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        try:
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)
        except BaseExceptionGroup as group:  # the failed checks
            for exc in group.exceptions:
                key = f"{operation.label}: {type(exc).__name__}"
                failures.setdefault(key, f"{key}: {str(exc)[:600]}\n    {case.as_curl_command(headers=headers)}")

    run()


def fuzz(schema, headers: dict, mode: GenerationMode) -> list[str]:
    failures: dict[str, str] = {}
    for result in schema.get_all_operations():
        check_operation(result.ok(), headers, mode, failures)
    return list(failures.values())


@pytest.mark.parametrize("username", ["admin", "enterprise"])
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"])
def test_the_api_answers_every_generated_request_within_its_schema(world, token_for, app, settings, username, mode):
    settings.ALLOWED_HOSTS = ["localhost"]
    headers = {"Authorization": token_for(username)["HTTP_AUTHORIZATION"]}
    failures = fuzz(load_schema(app), headers, mode)
    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures)
