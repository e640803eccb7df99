"""Friendly error pages in the site's layout: 400, 403, 404, 500 and 503.

The 500 and 503 pages must show even when the database is what failed, so
they are rendered with no query at all.
"""

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.urls import include, path, reverse

from gpg_kb.middleware import server_error

pytestmark = pytest.mark.django_db


def database_down(request):
    raise OperationalError('connection to server at "db" failed: Connection refused')


def broken(request):
    raise ZeroDivisionError("a bug")


# Views that fail on purpose, mounted beside the site's own pages for these tests.
urlpatterns = [
    path("test/database-down/", database_down),
    path("test/broken/", broken),
    path("", include("gpg_kb.urls")),
]
handler500 = "gpg_kb.middleware.server_error"


@pytest.fixture
def quiet_client():
    # Answer errors with the error page, as a real server does, instead of raising.
    return Client(raise_request_exception=False)


def assert_site_page(response, status, heading):
    assert response.status_code == status
    page = response.content.decode()
    assert 'class="site-header"' in page and 'class="site-footer"' in page
    assert "/static/css/site.css" in page
    assert heading in page
    assert "Traceback" not in page
    return page


def test_an_unknown_address_gets_the_404_page(client):
    response = client.get("/no-such-page/<b>x</b>/")
    page = assert_site_page(response, 404, "Page not found")
    # The address is shown, and shown harmless.
    assert "/no-such-page/%3Cb%3Ex%3C/b%3E/" in page
    assert "<b>x</b>" not in page


def test_an_unknown_host_gets_the_400_page(client):
    response = client.get(reverse("home"), HTTP_HOST="attacker.example")
    assert_site_page(response, 400, "The request could not be understood")


def test_a_missing_permission_gets_the_403_page(client):
    User.objects.create_user("clerk", password="pw-for-clerk-77", is_staff=True)
    client.login(username="clerk", password="pw-for-clerk-77")
    response = client.get("/admin/auth/user/")
    assert_site_page(response, 403, "You may not open this page")


@pytest.mark.urls(__name__)
def test_a_bug_gets_the_500_page_without_touching_the_database(
        quiet_client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = quiet_client.get("/test/broken/")
    assert_site_page(response, 500, "Something went wrong on our side")


@pytest.mark.urls(__name__)
def test_a_database_outage_in_a_view_gets_the_503_page(quiet_client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = quiet_client.get("/test/database-down/")
    page = assert_site_page(response, 503, "temporarily unavailable")
    assert "comes back by itself" in page
    assert response["Retry-After"] == "30"
    assert "Connection refused" not in page  # no detail of the failure leaks out


def test_a_database_outage_outside_a_view_gets_the_503_page_too(django_assert_num_queries):
    # Raised in a middleware (the session's, saving), the error reaches the 500 handler.
    request = RequestFactory().get("/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        with django_assert_num_queries(0):
            response = server_error(request)
    assert_site_page(response, 503, "temporarily unavailable")


def test_the_500_handler_keeps_other_errors_as_500():
    request = RequestFactory().get("/")
    try:
        raise ValueError("not the database")
    except ValueError:
        response = server_error(request)
    assert_site_page(response, 500, "Something went wrong on our side")


def test_error_pages_render_while_the_database_refuses_every_query(client):
    # The 404 page renders with the request's context; it must not need the database either.
    def refuse(*args, **kwargs):
        raise OperationalError("no database")

    with connection.execute_wrapper(refuse):
        response = client.get("/no-such-page/")
    assert_site_page(response, 404, "Page not found")


def test_a_form_without_its_csrf_token_gets_the_site_page_and_changes_nothing():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert_site_page(response, 403, "This form could not be sent")
