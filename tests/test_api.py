"""The read-only JSON API: records, pagination, filters shared with the HTML list."""

import pytest
from django.urls import reverse

from resolutions.models import Document, Session

pytestmark = pytest.mark.django_db


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def all_results(client, url, **params):
    """Every record of a paginated list, following `next` links."""
    data = get_json(client, url, **params)
    results = list(data["results"])
    while data["next"]:
        response = client.get(data["next"])
        assert response.status_code == 200
        data = response.json()
        results += data["results"]
    return results


def html_list_keys(client, query):
    """The permalink keys the HTML document list shows for a query string, every page."""
    keys, page = [], 1
    while True:
        response = client.get(f"{reverse('document-list')}?{query}&page={page}")
        assert response.status_code == 200
        keys += [document.slug for document in response.context["page"]]
        if not response.context["page"].has_next():
            return keys
        page += 1


# Reference records --------------------------------------------------------------


def test_sessions_are_listed_in_pages_with_their_dates(client):
    data = get_json(client, reverse("api-session-list"), page_size=5)
    assert data["count"] == Session.objects.count()
    assert len(data["results"]) == 5
    assert data["next"].endswith("page=2&page_size=5")
    by_number = {s["number"]: s for s in all_results(client, reverse("api-session-list"))}
    beijing = by_number[86]
    assert (beijing["city"], beijing["country"]) == ("Beijing", "China")
    assert (beijing["start_date"], beijing["end_date"]) == ("2017-09-26", "2017-09-29")
    assert beijing["url"] == "http://testserver/sessions/86/"


def test_an_unknown_session_is_a_404_in_json(client):
    response = client.get(reverse("api-session-detail", args=[20]))
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_revised_goal_keeps_its_titles_per_language_and_unstated_sdg_links(client):
    goal = get_json(client, reverse("api-goal-detail", args=[2023, 1]))
    assert goal["edition"] == 2023 and goal["number"] == 1
    languages = {title["language"] for title in goal["titles"]}
    # No official English wording of the 2023 revision was found.
    assert languages == {"fr", "es", "ar"}
    assert goal["title"]["language"] == "fr"
    assert goal["title"]["text"].startswith("Permettre à la communauté mondiale")
    links = {link["sdg"]: link for link in goal["sdg_links"]}
    assert {5, 17} <= set(links)
    assert links[5]["relation"] == "not_stated"
    assert links[5]["source"].startswith("https://www.interpol.int/")
    assert goal["url"] == "http://testserver/goals/2023/1/"


def test_goals_come_by_edition_with_their_sub_goals(client):
    goals = all_results(client, reverse("api-goal-list", args=[2017]))
    assert [goal["number"] for goal in goals] == [1, 2, 3, 4, 5, 6, 7]
    assert {goal["edition"] for goal in goals} == {2017}
    first = goals[0]
    assert first["title"] == {
        "language": "en", "text": "Counter the threat of terrorism",
        "source": first["titles"][0]["source"],
    }
    assert [sub["code"] for sub in first["sub_goals"]][:2] == ["1.1", "1.2"]
    assert all(sub["texts"] for sub in first["sub_goals"])
    truncated = [sub["code"] for goal in goals for sub in goal["sub_goals"] if sub["truncated"]]
    assert truncated == ["3.4"]


def test_goals_of_an_unknown_edition_are_a_404(client):
    assert client.get(reverse("api-goal-list", args=[2019])).status_code == 404
    assert client.get(reverse("api-goal-detail", args=[2017, 9])).status_code == 404


def test_editions_name_the_session_that_adopted_them(client):
    editions = all_results(client, reverse("api-edition-list"))
    assert [(e["year"], e["session"]) for e in editions] == [(2017, 86), (2023, 91)]
    assert get_json(client, reverse("api-edition-detail", args=[2023]))["resolution_symbol"] \
        == "GA-2023-91-RES-12"


def test_sdg_targets_sort_naturally(client):
    sdg = get_json(client, reverse("api-sdg-detail", args=[16]))
    codes = [target["code"] for target in sdg["targets"]]
    assert codes.index("16.2") < codes.index("16.10") < codes.index("16.a")
    assert sdg["colour"].startswith("#")


def test_themes_and_organizations(client):
    themes = all_results(client, reverse("api-theme-list"))
    assert len(themes) == 5
    assert themes[2]["slug"] == "data-and-information-sharing"
    organization = get_json(client, reverse("api-organization-detail", args=["aimc"]))
    assert organization["acronym"] == "AIMC"
    assert organization["url"] == "http://testserver/organizations/aimc/"


# Documents ----------------------------------------------------------------------


def test_a_resolution_comes_with_its_clauses_and_citations_both_ways(client):
    document = get_json(client, reverse("api-document-detail", args=["GA-2023-91-RES-12"]))
    assert document["symbol"] == "GA-2023-91-RES-12"
    assert document["session"] == 91
    clauses = document["clauses"]
    assert [c["position"] for c in clauses] == sorted(c["position"] for c in clauses)
    assert clauses[0]["lead"] == "RECALLING"
    assert clauses[0]["kind"] == "preambular"
    cited = {c["symbol"]: c["document"] for c in document["citations"]}
    # The 2017 resolution is in the base; its report is known only by symbol.
    assert cited["GA-2017-86-RES-06"] == "GA-2017-86-RES-06"
    assert cited["GA-2017-86-REP-07"] is None

    earlier = get_json(client, reverse("api-document-detail", args=["GA-2017-86-RES-06"]))
    assert [d["symbol"] for d in earlier["cited_by"]] == ["GA-2023-91-RES-12"]
    items = [c for c in earlier["clauses"] if c["kind"] == "item"]
    assert items and all(c["parent"] is not None for c in items)


def test_a_symbol_in_another_case_finds_the_document(client):
    document = get_json(client, reverse("api-document-detail", args=["ga-2017-86-res-06"]))
    assert document["key"] == "GA-2017-86-RES-06"


def test_an_unknown_document_is_a_404(client):
    assert client.get(reverse("api-document-detail", args=["GA-2017-86-RES-99"])).status_code \
        == 404


@pytest.fixture
def more_documents(db):
    """Enough documents that the HTML list (20 a page) and the API page differently."""
    Document.objects.bulk_create([
        Document(kind=Document.Kind.NEWS, slug=f"2017-06-{n:02d}-test-news", title=f"Note {n}",
                 date=f"2017-06-{n:02d}", year=2017, body=f"Security note {n}.")
        for n in range(1, 29)
    ])
    Document.objects.update_search_vectors()


@pytest.mark.parametrize("query, narrows", [
    ("", False),
    ("sort=oldest", False),
    ("sort=symbol", False),
    ("kind=resolution", True),
    ("kind=news&year=2017", True),
    ("year_from=2018&year_to=2023", True),
    ("session=86&session=91", True),
    ("sdg=16", True),
    ("theme=data-and-information-sharing", True),
    ("organization=aimc&kind=news", True),
    ("goal=201701", True),
    ("q=security", False),
    ("q=security&sort=oldest", False),
    ("q=roadmap", True),
    ("q=%22global+security%22", True),
])
def test_api_filters_return_the_documents_of_the_html_list(client, more_documents, query,
                                                          narrows):
    html = html_list_keys(client, query)
    url = f"{reverse('api-document-list')}?{query}&page_size=7"
    api = [d["key"] for d in all_results(client, url)]
    assert api == html
    assert api
    assert (len(api) < Document.objects.count()) is narrows


def test_filters_narrow_the_document_list(client):
    keys = [d["key"] for d in all_results(client, reverse("api-document-list"), kind="resolution",
                                          year="2017")]
    assert keys == ["GA-2017-86-RES-06"]


def test_a_refused_filter_value_is_a_400_naming_the_parameter(client):
    response = client.get(reverse("api-document-list"), {"year": "twenty"})
    assert response.status_code == 400
    assert "year" in response.json()


def test_a_page_past_the_end_is_a_404(client):
    assert client.get(reverse("api-document-list"), {"page": 99}).status_code == 404


# Query counts ----------------------------------------------------------------------


@pytest.mark.parametrize("name, args, limit", [
    ("api-session-list", [], 2),
    ("api-edition-list", [], 2),
    ("api-goal-list", [2017], 9),
    ("api-goal-detail", [2017, 1], 8),
    ("api-theme-list", [], 2),
    ("api-sdg-list", [], 3),
    ("api-organization-list", [], 2),
    ("api-document-list", [], 7),
    ("api-document-detail", ["GA-2023-91-RES-12"], 12),
])
def test_query_counts_do_not_grow_with_the_rows(client, django_assert_max_num_queries, name,
                                                args, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(reverse(name, args=args))
    assert response.status_code == 200


# Schema and documentation ---------------------------------------------------------


def test_the_openapi_schema_describes_every_endpoint(client):
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/documents/", "/api/documents/{key}/", "/api/sessions/", "/api/sessions/{number}/",
        "/api/editions/{year}/goals/", "/api/editions/{year}/goals/{number}/", "/api/themes/",
        "/api/sdgs/{number}/", "/api/organizations/{slug}/",
    }
    parameters = {p["name"] for p in schema["paths"]["/api/documents/"]["get"]["parameters"]}
    assert {"q", "kind", "year", "year_from", "year_to", "session", "goal", "theme", "sdg",
            "organization", "sort", "page", "page_size"} <= parameters


def test_the_documentation_page_loads_only_this_sites_files(client):
    page = client.get(reverse("api-docs")).content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "http://" not in page.replace("http://testserver", "")
    assert "https://" not in page
    # No inline script or style, so a strict Content-Security-Policy holds.
    assert "<script>" not in page and "<style" not in page and "style=" not in page
    script = client.get(reverse("api-docs"), {"script": ""})
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_the_open_data_page_explains_the_api_with_examples(client):
    response = client.get(reverse("api-overview"))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("api-schema") in page and reverse("api-docs") in page
    assert "curl &#x27;http://testserver/api/documents/?kind=resolution" in page \
        or "curl 'http://testserver/api/documents/?kind=resolution" in page
    assert reverse("document-export", args=["csv"]) in page
    assert reverse("feed-documents") in page
