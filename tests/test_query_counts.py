"""Queries per page with a corpus of the large base's shape: many documents in
many sessions, each with clauses, citations and tags. A page whose queries grow
with the rows it shows fails here."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from resolutions.models import Document, Goal, Organization, Session, Theme

DOCUMENTS = 1500


@pytest.fixture(scope="module")
def large_corpus(django_db_setup, django_db_blocker):
    """Committed once for the module (generating it per test would take minutes)."""
    with django_db_blocker.unblock():
        call_command("generate_corpus", documents=DOCUMENTS, seed=11, workers=1, verbosity=0)
        # Statistics and the visibility map, as autovacuum keeps them on a live base.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        yield
        call_command("generate_corpus", purge=True, verbosity=0)


def _pages():
    """(name, URL, most queries allowed) for every public page type."""
    resolution = (Document.objects.filter(synthetic=True, kind="resolution",
                                          citations__isnull=False)
                  .order_by("pk").first())
    # Synthetic sessions have no public page: a real one, with synthetic documents around.
    session = Session.objects.get(number=86)
    goal = Goal.objects.filter(edition__year=2017).order_by("number").first()
    theme = Theme.objects.order_by("position").first()
    organization = Organization.objects.order_by("acronym").first()
    documents = reverse("document-list")
    return [
        ("home", reverse("home"), 10),
        ("document list", documents, 16),
        ("document list, year and goal", f"{documents}?year=2017&goal={goal.pk}", 17),
        ("document list, every filter", f"{documents}?year_from=1990&year_to=2020&kind=resolution"
         f"&goal={goal.pk}&theme={theme.slug}&sdg=16&organization={organization.slug}", 18),
        ("document list, text", f"{documents}?q=police+cooperation", 18),
        ("document list, deep page", f"{documents}?page=60", 16),
        ("search, common word", reverse("search") + "?q=police", 8),
        ("search, phrase", reverse("search") + '?q="border+integrity"', 9),
        ("resolution", resolution.get_absolute_url(), 14),
        ("session list", reverse("session-list"), 2),
        ("session", session.get_absolute_url(), 5),
        ("goals", reverse("goal-list"), 9),
        ("goals 2017", reverse("goal-list-edition", args=[2017]), 10),
        ("goal", goal.get_absolute_url(), 11),
        ("goal comparison", reverse("goal-compare"), 8),
        ("themes", reverse("theme-list"), 2),
        ("theme", theme.get_absolute_url(), 4),
        ("SDGs", reverse("sdg-list"), 4),
        ("SDG 16", reverse("sdg-detail", args=[16]), 7),
        ("matrix", reverse("matrix"), 6),
        ("organizations", reverse("organization-list"), 2),
        ("organization", organization.get_absolute_url(), 5),
        ("coverage", reverse("coverage"), 13),
    ]


PAGE_NAMES = [
    "home", "document list", "document list, year and goal", "document list, every filter",
    "document list, text", "document list, deep page", "search, common word", "search, phrase",
    "resolution", "session list", "session", "goals", "goals 2017", "goal", "goal comparison",
    "themes", "theme", "SDGs", "SDG 16", "matrix", "organizations", "organization", "coverage",
]


def test_every_page_type_is_listed(large_corpus, db):
    assert [name for name, _, _ in _pages()] == PAGE_NAMES


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_queries_stay_bounded(name, large_corpus, db, client,
                                   django_assert_max_num_queries):
    url, limit = {n: (u, limit) for n, u, limit in _pages()}[name]
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200, url
