"""Property-based checks of the API against its own OpenAPI schema.

Schemathesis generates requests from the schema served at /api/schema/ and
sends them to the WSGI application in-process, inside the test's transaction:
no response may be a server error, and every response must match the schema
(status code, content type and body).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


# The schema is read once, from the URL clients use, through the application
# itself (no database is involved in serving it).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture(autouse=True)
def requests_inside_the_test_transaction(db):
    # Django closes the connection when a request ends; inside a test that
    # would end the test's transaction, so (as Django's test client does) the
    # handlers are detached while schemathesis calls the application.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_api_answers_as_its_schema_says(case):
    case.call_and_validate(checks=CHECKS)
