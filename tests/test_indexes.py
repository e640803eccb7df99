"""The queries behind the list, its facets and search can read the documents
table through an index: every query a page makes is explained with sequential
scans disfavoured, and none may still need one. (Whether the planner takes the
index is its choice by table size: BENCHMARKS.md shows the plans at 100,000.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resolutions.models import Goal, Theme

from .test_query_counts import large_corpus  # noqa: F401  (a fixture)

DOCUMENTS_TABLE = "resolutions_document"


def plans_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    plans = []
    with connection.cursor() as cursor:
        # For this transaction only: a sequential scan is then chosen only where
        # no index can serve the query.
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in queries.captured_queries:
            if DOCUMENTS_TABLE in query["sql"] and query["sql"].startswith("SELECT"):
                cursor.execute("EXPLAIN " + query["sql"])
                plans.append((query["sql"], "\n".join(row[0] for row in cursor.fetchall())))
    assert plans, url
    return plans


def _urls():
    goal = Goal.objects.filter(edition__year=2017).order_by("number").first()
    theme = Theme.objects.order_by("position").first()
    documents = reverse("document-list")
    return {
        "list": documents,
        "list by year": f"{documents}?year=1990",
        "list by year and goal": f"{documents}?year=2017&goal={goal.pk}",
        "list by theme and SDG": f"{documents}?theme={theme.slug}&sdg=16",
        "list by session": f"{documents}?session=930",
        "list, deep page": f"{documents}?page=70",
        "list, text": f"{documents}?q=police",
        "search, common word": reverse("search") + "?q=police",
        "search, rare words": reverse("search") + '?q="border integrity"',
    }


URL_NAMES = ["list", "list by year", "list by year and goal", "list by theme and SDG",
             "list by session", "list, deep page", "list, text", "search, common word",
             "search, rare words"]


def test_every_url_is_checked(large_corpus, db):  # noqa: F811
    assert list(_urls()) == URL_NAMES


@pytest.mark.parametrize("name", URL_NAMES)
def test_no_sequential_scan_of_the_documents(name, large_corpus, db, client):  # noqa: F811
    for sql, plan in plans_of(client, _urls()[name]):
        assert f"Seq Scan on {DOCUMENTS_TABLE} " not in plan + " ", f"{sql[:500]}\n{plan[:1500]}"
