"""Full-text search: ranking (golden queries), query syntax, snippets, symbols,
the "did you mean" fallback and bad input."""

import re

import pytest
from django.urls import reverse

from resolutions import search
from resolutions.models import Document
from resolutions.search import SymbolQuery, parse_symbol

from .test_documents import NEWS_2017, NEWS_2019, SUMMARY_2023, keys_in, make_document

pytestmark = pytest.mark.django_db

# What a reader would expect first for each query. Ranking changes that
# break one of these are regressions, not tuning.
GOLDEN = [
    ("data sharing", "GA-2023-91-RES-12"),
    ("police data sharing architecture", "GA-2023-91-RES-12"),
    ("taking a stance on global security", "GA-2017-86-RES-06"),
    ("global security", "GA-2017-86-RES-06"),
    ("Sustainable Development Goal 16", "GA-2017-86-RES-06"),
    ("review of the Global Policing Goals", "GA-2023-91-RES-12"),
    ("Global Policing Goals", "GA-2023-91-RES-12"),
    ("regional police organizations cooperation", NEWS_2017),
    ("I-Core", NEWS_2019),
    ("Project Gateway", NEWS_2019),
    ("Secretary General", NEWS_2019),
    ("drafting session", SUMMARY_2023),
    ("Abu Dhabi", SUMMARY_2023),
]


def found(client, text, url="search"):
    response = client.get(reverse(url), {"q": text})
    assert response.status_code == 200, response.content.decode()[:1000]
    return keys_in(response)


@pytest.mark.parametrize(("text", "first"), GOLDEN)
def test_golden_queries_rank_the_expected_document_first(client, text, first):
    assert found(client, text)[0] == first


@pytest.mark.parametrize(("text", "first"), GOLDEN)
def test_the_list_ranks_its_text_query_the_same_way(client, text, first):
    assert found(client, text, url="document-list")[0] == first


def test_golden_order_for_a_broad_query(client):
    # Both resolutions are about global security; the 2017 one carries it in its title.
    assert found(client, "global security")[:2] == ["GA-2017-86-RES-06", "GA-2023-91-RES-12"]


def test_data_sharing_finds_the_2023_resolution_first_with_a_highlighted_snippet(client):
    response = client.get(reverse("search"), {"q": "data sharing"})
    page = response.content.decode()
    assert keys_in(response)[0] == "GA-2023-91-RES-12"
    first_row = page.split('<li class="doc-row">')[1].split("</li>")[0]
    assert re.search(r"<mark>data</mark> <mark>sharing</mark>", first_row, re.I)


@pytest.fixture
def scattered():
    """A document holding both words of "data sharing", but never side by side."""
    return make_document(
        "GA-2020-89-RES-02", year=2020, session=89, title="Criminal records",
        clauses=[("operative", "URGES", "members to keep data accurate"),
                 ("operative", "ENCOURAGES", "the sharing of good practice")])


def test_a_quoted_phrase_matches_only_documents_with_that_phrase(client, scattered):
    assert set(found(client, "data sharing")) == {
        "GA-2023-91-RES-12", "GA-2020-89-RES-02", SUMMARY_2023}
    assert found(client, '"data sharing"') == ["GA-2023-91-RES-12"]
    assert found(client, '"data sharing"', url="document-list") == ["GA-2023-91-RES-12"]


def test_or_and_minus(client):
    assert set(found(client, "cyberspace OR Gateway")) == {"GA-2023-91-RES-12", NEWS_2019}
    # ENDORSES leads an operative clause of both resolutions.
    assert set(found(client, "Global Policing Goals -endorses")) == {SUMMARY_2023, NEWS_2017}


def test_the_list_combines_its_text_query_with_filters(client):
    assert found(client, "global security", url="document-list")[:2] == [
        "GA-2017-86-RES-06", "GA-2023-91-RES-12"]
    response = client.get(reverse("document-list"), {"q": "global security", "year": 2023})
    assert set(keys_in(response)) == {"GA-2023-91-RES-12", SUMMARY_2023}
    response = client.get(reverse("document-list"),
                          {"q": "global security", "sort": "oldest"})
    years = [Document.objects.get(slug=key).year for key in keys_in(response)]
    assert years == sorted(years)


def test_snippets_escape_the_text_around_the_marks(client):
    make_document("GA-2020-89-RES-03", year=2020, kind="report",
                  body="Notes on <b>interoperable</b> & shared systems.")
    page = client.get(reverse("search"), {"q": "interoperable"}).content.decode()
    snippet = page.split('<p class="snippet">')[1].split("</p>")[0]
    assert "<mark>interoperable</mark>" in snippet and "&amp; shared" in snippet
    assert "<b>" not in snippet


# Symbols --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "symbol"), [
    ("GA-2017-86-RES-06", "GA-2017-86-RES-06"),
    ("GA-2017-86-RES-6", "GA-2017-86-RES-06"),
    ("ga 2017 86 res 06", "GA-2017-86-RES-06"),
    ("  GA/2017/86/RES/6 ", "GA-2017-86-RES-06"),
    ("RES-06 2017", "GA-2017-86-RES-06"),
    ("2023 RES 12", "GA-2023-91-RES-12"),
    ("res12 2023", "GA-2023-91-RES-12"),
])
def test_a_symbol_query_opens_the_document(client, text, symbol):
    response = client.get(reverse("search"), {"q": text})
    assert response.status_code == 302
    assert response["Location"] == f"/resolutions/{symbol}/"


def test_a_symbol_not_in_the_base_says_so_and_lists_the_documents_citing_it(client):
    response = client.get(reverse("search"), {"q": "GA-2017-86-REP-07"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "no document with that symbol is in the base yet" in page
    assert set(keys_in(response)) == {"GA-2017-86-RES-06", "GA-2023-91-RES-12"}


@pytest.mark.parametrize(("text", "parsed"), [
    ("GA-2017-86-RES-06", SymbolQuery("GA", "RES", 6, year=2017, session=86)),
    ("ga 2017 86 rep 7", SymbolQuery("GA", "REP", 7, year=2017, session=86)),
    ("RES-06 2017", SymbolQuery("GA", "RES", 6, year=2017)),
    ("AG-2012-RES-08", SymbolQuery("AG", "RES", 8, year=2012)),
    ("agn/53/res/7", SymbolQuery("AGN", "RES", 7, session=53)),
])
def test_symbol_spellings_are_read(text, parsed):
    assert parse_symbol(text) == parsed


@pytest.mark.parametrize("text", [
    "data sharing", "2017", "RES 2017", "GA-2017-86-RES-06?", "resolution 6 2017",
    "GA-2017-86-XYZ-06", "RES-0 2017", "GA-17-86-RES-06", "", "GA" + "-1" * 40,
])
def test_other_queries_are_not_symbols(text):
    assert parse_symbol(text) is None


def test_symbol_candidates_cover_the_paddings():
    assert SymbolQuery("GA", "RES", 6, year=2017, session=86).candidates() == [
        "GA-2017-86-RES-006", "GA-2017-86-RES-06", "GA-2017-86-RES-6"]


# Goals, sub-goals and themes --------------------------------------------------


def test_search_finds_goals_sub_goals_and_themes(client):
    page = client.get(reverse("search"), {"q": "terrorism OR terrorist"}).content.decode()
    framework = page.split('aria-labelledby="framework-heading"')[1].split("</section>")[0]
    assert 'href="/goals/2017/1/">Goal 1 (2017)</a>' in framework
    assert 'href="/goals/2017/1/#sub-goal-1.1">Sub-goal 1.1 (2017)</a>' in framework
    page = client.get(reverse("search"), {"q": "information sharing"}).content.decode()
    assert 'href="/themes/data-and-information-sharing/">' in page


def test_goal_wordings_in_other_languages_are_searched(client):
    page = client.get(reverse("search"), {"q": "frontières"}).content.decode()
    assert 'href="/goals/2023/2/">Goal 2 (2023)</a>' in page
    assert '<span lang="fr">Favoriser la sécurité des frontières' in page


# Nothing found, bad input -----------------------------------------------------


def test_a_query_finding_nothing_offers_the_closest_titles(client):
    response = client.get(reverse("search"), {"q": "gobal securty"})
    page = response.content.decode()
    assert "No document contains these words" in page
    suggestions = page.split('id="suggestions-heading"')[1].split("</section>")[0]
    assert 'href="/resolutions/GA-2017-86-RES-06/"' in suggestions
    # The list page offers the same when its text query finds nothing.
    page = client.get(reverse("document-list"), {"q": "gobal securty"}).content.decode()
    assert "Did you mean" in page and "Taking a Stance on Global Security" in page


def test_an_empty_query_shows_the_form(client):
    response = client.get(reverse("search"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<label for="search-q">' in page and 'class="doc-row"' not in page


@pytest.mark.parametrize("text", ["a" * 2000, "x\x00y"])
def test_refused_queries_get_a_message(client, text):
    response = client.get(reverse("search"), {"q": text})
    assert response.status_code == 400
    assert '<div class="form-errors" role="alert">' in response.content.decode()


@pytest.mark.parametrize("text", [
    '"', "!!!", "-", "OR", "the", "-data", '"unclosed phrase', "a & b | !c", "::*", "\\",
    "((", "ñandú", "データ", "GA-9999-99-RES-99", "RES-99 2017",
])
def test_odd_queries_never_fail(client, text):
    assert client.get(reverse("search"), {"q": text}).status_code in (200, 302)
    assert client.get(reverse("document-list"), {"q": text}).status_code == 200


def test_the_search_box_on_every_page_points_to_search(client):
    for url in ["/", reverse("document-list"), reverse("goal-list")]:
        page = client.get(url).content.decode()
        assert f'<form class="site-search" role="search" action="{reverse("search")}"' in page


# Scale ----------------------------------------------------------------------


@pytest.fixture
def many_matches():
    for n in range(1, 61):
        make_document(f"GA-2016-85-RES-{n:02d}", year=2016, session=85,
                      clauses=[("operative", "NOTES", f"the data sharing report number {n}")])


def test_search_queries_do_not_grow_with_rows(client, many_matches,
                                              django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get(reverse("search"), {"q": "data sharing"})
    assert len(keys_in(response)) == 20
    # The sixty, the 2023 resolution and the Lyon summary ("Data and information sharing").
    assert "62 documents" in response.content.decode()


def test_a_text_query_keeps_a_bounded_set_of_the_most_recent_matches(client, many_matches,
                                                                     monkeypatch):
    monkeypatch.setattr(search, "RANK_CANDIDATES", 10)
    # 62 documents contain the words: two from 2023 and sixty from 2016.
    response = client.get(reverse("search"), {"q": "data sharing"})
    page = response.content.decode()
    assert "10 documents" in page and "More than 10 documents contain these words" in page
    assert keys_in(response)[0] == "GA-2023-91-RES-12"
    for query in ({"q": "data sharing"}, {"q": "data sharing", "sort": "oldest"}):
        response = client.get(reverse("document-list"), query)
        page = response.content.decode()
        assert "10 documents" in page and "More than 10 documents contain these words" in page
        # The facets count the same ten documents as the list.
        assert re.search(r'name="year" value="2016"[^>]*>\s*<label[^>]*>2016 '
                         r'<span class="count">\(8 documents\)', page)
    # The ten kept are the most recent: here the highest numbers of 2016.
    oldest = keys_in(client.get(reverse("document-list"), {"q": "data sharing", "sort": "oldest"}))
    assert oldest[:8] == [f"GA-2016-85-RES-{n}" for n in range(53, 61)]
    assert set(oldest[8:]) == {"GA-2023-91-RES-12", SUMMARY_2023}
    # Narrowed below the bound, every match is kept, and no notice is shown.
    response = client.get(reverse("document-list"), {"q": "report number 7", "year": 2016})
    assert "More than" not in response.content.decode()


def test_list_numerals_run_into_words_do_not_hide_them(client):
    # The Lyon summary lists "iii.Data and information sharing".
    response = client.get(reverse("document-list"), {"q": "information sharing"})
    assert "effective-multilateral-policing-architecture" in response.content.decode()
