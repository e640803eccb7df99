"""CSV and JSON exports of the filtered document list."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resolutions import exports
from resolutions.models import Document, Theme

pytestmark = pytest.mark.django_db

CSV_HEADER = ["key", "symbol", "kind", "number", "title", "date", "year", "place", "session",
              "meeting", "status", "goals", "themes", "sdgs", "organizations", "url", "source"]


def download(client, fmt, query=""):
    response = client.get(f"{reverse('document-export', args=[fmt])}?{query}")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"] == f'attachment; filename="documents.{fmt}"'
    return response, b"".join(response.streaming_content).decode()


def html_list_keys(client, query):
    keys, page = [], 1
    while True:
        response = client.get(f"{reverse('document-list')}?{query}&page={page}")
        keys += [document.slug for document in response.context["page"]]
        if not response.context["page"].has_next():
            return keys
        page += 1


@pytest.fixture
def more_documents(db):
    """More documents than the HTML list shows on one page."""
    theme = Theme.objects.get(slug="collaboration-and-partnerships")
    created = Document.objects.bulk_create([
        Document(kind=Document.Kind.NEWS, slug=f"2018-03-{n:02d}-test-news",
                 title=f"Partners, meeting {n}", date=f"2018-03-{n:02d}", year=2018,
                 body=f"Meeting {n}.")
        for n in range(1, 26)
    ])
    theme.documents.add(*created)
    return created


@pytest.mark.parametrize("query", [
    "", "year=2018", "theme=collaboration-and-partnerships", "kind=resolution",
    "kind=news&sort=oldest", "year=1999",
])
def test_csv_holds_exactly_the_filtered_rows_after_a_header(client, more_documents, query):
    response, text = download(client, "csv", query)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == CSV_HEADER
    assert [row[0] for row in rows[1:]] == html_list_keys(client, query)


@pytest.mark.parametrize("query", ["", "year=2018&kind=news", "sdg=16", "q=partners"])
def test_json_holds_exactly_the_filtered_documents(client, more_documents, query):
    response, text = download(client, "json", query)
    assert response["Content-Type"] == "application/json"
    documents = json.loads(text)
    assert [d["key"] for d in documents] == html_list_keys(client, query)


def test_csv_rows_carry_the_document_fields(client):
    _, text = download(client, "csv", "kind=resolution&year=2017")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    row = rows[0]
    assert row["symbol"] == "GA-2017-86-RES-06"
    assert row["title"] == "Taking a Stance on Global Security"
    assert row["session"] == "86"
    assert row["year"] == "2017"
    assert row["status"] == "adopted"
    assert row["sdgs"] == "16"
    assert row["url"] == "http://testserver/resolutions/GA-2017-86-RES-06/"


def test_csv_joins_many_values_and_names_goals_by_edition(client):
    _, text = download(client, "csv", "q=%22Global+Strategic+Alignment%22")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["symbol"] == "GA-2023-91-RES-12"
    assert row["goals"].split("; ")[:2] == ["2017/1", "2017/2"]


def test_json_documents_have_the_api_shape(client):
    _, text = download(client, "json", "kind=resolution&year=2017")
    api = client.get(reverse("api-document-list"), {"kind": "resolution", "year": "2017"}).json()
    assert json.loads(text) == api["results"]


def test_a_refused_filter_value_is_a_400_not_an_export(client):
    response = client.get(reverse("document-export", args=["csv"]), {"year": "abcd"})
    assert response.status_code == 400
    assert not response.streaming
    assert "year" in response.content.decode()


def test_an_unknown_format_is_a_404(client):
    assert client.get("/resolutions/export.xlsx", follow=True).status_code == 404


def test_exports_read_the_rows_in_chunks(client, more_documents, monkeypatch):
    """The rows come from a cursor a chunk at a time, each chunk's tags in one query."""
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 10)
    matching = Document.objects.filter(year=2018).count()
    assert matching == 25
    response = client.get(reverse("document-export", args=["csv"]), {"year": "2018"})
    with CaptureQueriesContext(connection) as queries:
        lines = list(response.streaming_content)
    theme_lookups = [q for q in queries.captured_queries if '"resolutions_theme"' in q["sql"]]
    assert len(theme_lookups) == 3  # 25 rows in chunks of 10
    assert len(lines) == 1 + matching


def test_the_query_count_does_not_grow_with_the_rows(client, more_documents,
                                                     django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        download(client, "csv")


def test_the_list_offers_downloads_of_its_current_filters(client):
    response = client.get(reverse("document-list"), {"year": "2017", "kind": "resolution",
                                                     "page": "1"})
    page = response.content.decode()
    assert 'href="/resolutions/export.csv?year=2017&amp;kind=resolution"' in page
    assert 'href="/resolutions/export.json?year=2017&amp;kind=resolution"' in page
    # The link leads to the rows the page lists.
    _, text = download(client, "csv", "year=2017&kind=resolution")
    assert [row[0] for row in csv.reader(io.StringIO(text))][1:] == ["GA-2017-86-RES-06"]


def test_an_empty_list_offers_no_download(client):
    page = client.get(reverse("document-list"), {"year": "1999"}).content.decode()
    assert "/resolutions/export.csv" not in page
