"""Arbitrary query strings and keys on every public list, filter, search and
detail address: the answer is a page (200), a redirect, a 400 or a 404, never
a 500, and no input is ever echoed unescaped."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

PAGES = [
    "/", "/resolutions/", "/search/", "/sessions/", "/goals/", "/goals/2017/",
    "/goals/compare/", "/matrix/", "/themes/", "/sdgs/", "/organizations/", "/coverage/",
    "/resolutions/GA-2017-86-RES-06/", "/sessions/86/", "/goals/2017/1/", "/sdgs/16/",
    "/themes/data-and-information-sharing/", "/organizations/europol/",
]
PARAMETERS = [
    "q", "year", "year_from", "year_to", "kind", "session", "goal", "theme", "sdg",
    "organization", "sort", "page", "edition",
]
# A marker that must never reach a page unescaped, wrapped in hostile fragments.
PROBE = "<x-probe>"
FRAGMENTS = [
    "' OR 1=1 --", '"; DROP TABLE resolutions_document; --', "<script>alert(1)</script>",
    "%00", "\\", "..%2f..%2f", "9" * 400, "-1", "1e309", "٣", "GA-2017-86-RES-06",
    '"unclosed phrase', "OR OR -", "\u202e", "x" * 2100,
]
ALLOWED = {200, 301, 302, 400, 404}

values = st.one_of(
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=60),
    st.sampled_from(FRAGMENTS),
    st.sampled_from(FRAGMENTS).map(lambda fragment: f"{fragment}{PROBE}"),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
keys = st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=12))
query_strings = st.lists(st.tuples(keys, values), max_size=6).map(urlencode)

HYPOTHESIS = settings(max_examples=40, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_safe(response):
    assert response.status_code in ALLOWED, response.status_code
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        assert PROBE not in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
@HYPOTHESIS
@given(query=query_strings)
def test_any_query_string_gets_a_page_or_a_clear_refusal(client, page, query):
    assert_safe(client.get(f"{page}?{query}"))


@HYPOTHESIS
@given(key=st.one_of(st.text(st.characters(blacklist_categories=["Cs"]), min_size=1,
                             max_size=80), st.sampled_from(FRAGMENTS)))
def test_any_document_key_gets_the_document_or_a_404(client, key):
    response = client.get(f"/resolutions/{quote(key, safe='')}/")
    assert_safe(response)


@HYPOTHESIS
@given(number=st.integers(min_value=0, max_value=10**12))
def test_any_number_in_a_path_gets_the_page_or_a_404(client, number):
    for path in (f"/sessions/{number}/", f"/sdgs/{number}/", f"/goals/{number}/",
                 f"/goals/2017/{number}/", f"/goals/{number}/1/"):
        assert_safe(client.get(path))
