"""Cached pages: served for one query, and never older than the last write."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resolutions import content_version
from resolutions.models import Document, Theme

pytestmark = pytest.mark.django_db

SEED_TEXTS = "fixtures/documents"


@pytest.fixture
def page_cache(settings):
    """Caching on, as in production (it is off while developing)."""
    settings.PAGE_CACHE_SECONDS = 600


def test_a_cached_page_costs_only_the_version_query(client, page_cache,
                                                     django_assert_num_queries):
    url = reverse("goal-detail", args=[2017, 1])
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(1):
        second = client.get(url)
    assert second.content == first.content


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_without_caching_every_request_renders(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = reverse("goal-detail", args=[2017, 1])
    assert queries_for(client, url) == queries_for(client, url) > 1


def test_a_reader_sees_an_edit_made_in_the_admin_at_once(client, page_cache):
    theme = Theme.objects.order_by("position").first()
    url = reverse("theme-list")
    assert theme.name in client.get(url).content.decode()
    editor = Client()
    editor.force_login(get_user_model().objects.create_superuser("chief", "c@example.org", "x"))
    change = reverse("admin:resolutions_theme_change", args=[theme.pk])
    response = editor.post(change, {
        "position": theme.position, "name": "Rule of law, renamed", "slug": theme.slug,
        "description": theme.description, "source": theme.source,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(url).content.decode()
    assert "Rule of law, renamed" in page
    assert theme.name not in page


def test_a_reader_sees_an_import_at_once(client, page_cache, tmp_path):
    Document.objects.filter(symbol="GA-2017-86-RES-06").delete()
    url = reverse("document-list") + "?q=&year=2017"
    assert "GA-2017-86-RES-06" not in client.get(url).content.decode()
    call_command("import_documents", f"{SEED_TEXTS}/GA-2017-86-RES-06.txt", verbosity=0)
    assert "GA-2017-86-RES-06" in client.get(url).content.decode()


def test_a_reader_sees_a_bulk_update_that_sends_no_signal(client, page_cache):
    document = Document.objects.create(kind="news", slug="2024-02-02-bulk", year=2024,
                                       title="Before the update", body="Text.")
    url = document.get_absolute_url()
    assert "Before the update" in client.get(url).content.decode()
    Document.objects.filter(pk=document.pk).update(title="After the update")
    assert "After the update" in client.get(url).content.decode()


def test_a_rolled_back_write_never_lends_its_version():
    before = content_version.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Theme.objects.update(description="draft")
        inside = content_version.current()
        assert inside != before
        raise RuntimeError
    assert content_version.current() == before
    Theme.objects.update(description="final")
    assert content_version.current() not in {before, inside}


def test_signed_in_readers_get_fresh_renders(client, page_cache):
    client.force_login(get_user_model().objects.create_user("reader", password="x"))
    url = reverse("goal-detail", args=[2017, 1])
    assert queries_for(client, url) == queries_for(client, url) > 1


def test_every_table_of_the_app_moves_the_version():
    tables = {m._meta.db_table for m in apps.get_app_config("resolutions")
              .get_models(include_auto_created=True)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT event_object_table FROM information_schema.triggers "
                       "WHERE trigger_name = %s", [content_version.TRIGGER])
        triggered = {row[0] for row in cursor.fetchall()}
    assert tables <= triggered


SECURITY_HEADERS = ["Content-Security-Policy", "X-Frame-Options", "Referrer-Policy",
                    "X-Content-Type-Options", "Cross-Origin-Opener-Policy", "Content-Language",
                    "Vary"]


def test_a_cached_page_carries_the_headers_of_a_fresh_one(client, page_cache,
                                                           django_assert_num_queries):
    url = reverse("goal-detail", args=[2017, 1])
    fresh = client.get(url)
    with django_assert_num_queries(1):
        cached = client.get(url)
    for header in SECURITY_HEADERS:
        assert fresh.headers.get(header), header
        assert cached.headers.get(header) == fresh.headers[header], header


@pytest.mark.parametrize(("request_headers", "language"), [
    ({"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}, "fr"),
    ({"HTTP_ACCEPT_LANGUAGE": "es"}, "es"),
    ({"HTTP_COOKIE": "django_language=ar"}, "ar"),
    ({}, "en"),
])
def test_each_language_is_cached_on_its_own(client, page_cache, request_headers, language):
    url = reverse("theme-list")
    # Another language's copy is cached first: it must not be served here.
    other = "en" if language != "en" else "fr"
    client.get(url, HTTP_ACCEPT_LANGUAGE=other)
    for _ in range(2):  # rendered, then from the cache
        response = client.get(url, **request_headers)
        assert response.headers["Content-Language"] == language
        assert f'<html lang="{language}"' in response.content.decode()
