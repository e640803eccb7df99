"""The document list (filters, facets, sorting, paging) and the document pages."""

import re

import pytest
from django.urls import reverse

from resolutions.filters import DocumentFilter
from resolutions.models import SDG, Citation, Clause, Document, Goal, Organization, Session, Theme

pytestmark = pytest.mark.django_db

NEWS_2017 = "2017-05-03-interpol-and-regional-police-organizations-meet-to-enhance-cooperation"
NEWS_2019 = "2019-10-18-interpols-general-assembly-sets-roadmap-for-global-policing"
SUMMARY_2023 = (
    "2023-07-03-effective-multilateral-policing-architecture-against-global-threats-"
    "working-group-on-strategic"
)
SEEDS = {"GA-2017-86-RES-06", "GA-2023-91-RES-12", NEWS_2017, NEWS_2019, SUMMARY_2023}


def make_document(slug, *, kind="resolution", year, session=None, date=None, title=None,
                  goals=(), themes=(), sdgs=(), organizations=(), clauses=(), body=None,
                  synthetic=True):
    """A document with its tags and clauses; symbol = slug for GA- keys."""
    document = Document.objects.create(
        kind=kind, slug=slug, symbol=slug if slug.startswith("GA-") else None,
        title=title or f"Test document {slug}", year=year, date=date,
        session=Session.objects.get(number=session) if session else None,
        body=body or f"Body of {slug}.", synthetic=synthetic,
    )
    document.goals.set(goals)
    document.themes.set(Theme.objects.filter(slug__in=themes))
    document.sdgs.set(SDG.objects.filter(number__in=sdgs))
    document.organizations.set(Organization.objects.filter(slug__in=organizations))
    for position, (clause_kind, lead, text) in enumerate(clauses, start=1):
        Clause.objects.create(document=document, position=position, kind=clause_kind,
                              ordinal=position, lead=lead, text=text)
    Document.objects.filter(pk=document.pk).update_search_vectors()
    return document


@pytest.fixture
def corpus():
    """Five documents whose tags overlap the seeds' in known ways.

    Seeds: GA-2017-86-RES-06 (2017, session 86, SDG 16); GA-2023-91-RES-12
    (2023, session 91, the seven 2017 goals); the 2017 news release (2017,
    AIMC, Europol…); the 2019 news release (2019, session 88); the 2023 Lyon
    summary (2023, the five themes, Europol…).
    """
    return {
        "GA-2019-88-RES-01": make_document(
            "GA-2019-88-RES-01", year=2019, session=88, goals=[201701],
            themes=["collaboration-and-partnerships"], sdgs=[16], organizations=["europol"]),
        "GA-2019-88-RES-02": make_document(
            "GA-2019-88-RES-02", year=2019, session=88, goals=[201702], sdgs=[5]),
        "GA-2021-89-RES-03": make_document(
            "GA-2021-89-RES-03", year=2021, session=89, goals=[202303],
            themes=["data-and-information-sharing"], sdgs=[16, 17], organizations=["afripol"]),
        "GA-2021-89-REP-04": make_document(
            "GA-2021-89-REP-04", kind="report", year=2021, session=89, goals=[202303, 201701]),
        "2022-03-01-test-news": make_document(
            "2022-03-01-test-news", kind="news", year=2022,
            date="2022-03-01", themes=["innovation-and-digitalization"],
            organizations=["europol"]),
    }


def listed(client, query=""):
    """The permalink keys of the documents on the list page for a query string."""
    response = client.get(f"{reverse('document-list')}?{query}")
    assert response.status_code == 200, response.content.decode()[:2000]
    return keys_in(response)


def keys_in(response):
    page = response.content.decode()
    return re.findall(r'<h3 class="doc-row-title"><a href="/resolutions/([^"]+)/">', page)


# Filters --------------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [
    ("year=2019", {"GA-2019-88-RES-01", "GA-2019-88-RES-02", NEWS_2019}),
    ("year=2017&year=2022", {"GA-2017-86-RES-06", NEWS_2017, "2022-03-01-test-news"}),
    ("year_from=2021&year_to=2022",
     {"GA-2021-89-RES-03", "GA-2021-89-REP-04", "2022-03-01-test-news"}),
    ("year_from=2023", {"GA-2023-91-RES-12", SUMMARY_2023}),
    ("session=88", {"GA-2019-88-RES-01", "GA-2019-88-RES-02", NEWS_2019}),
    ("session=86&session=91", {"GA-2017-86-RES-06", "GA-2023-91-RES-12"}),
    ("kind=report", {"GA-2021-89-REP-04"}),
    ("kind=news", {NEWS_2017, NEWS_2019, "2022-03-01-test-news"}),
    ("goal=201701", {"GA-2023-91-RES-12", "GA-2019-88-RES-01", "GA-2021-89-REP-04"}),
    ("goal=202303", {"GA-2021-89-RES-03", "GA-2021-89-REP-04"}),
    ("theme=data-and-information-sharing", {SUMMARY_2023, "GA-2021-89-RES-03"}),
    ("sdg=16", {"GA-2017-86-RES-06", "GA-2019-88-RES-01", "GA-2021-89-RES-03"}),
    ("sdg=5", {"GA-2019-88-RES-02"}),
    ("organization=europol",
     {NEWS_2017, SUMMARY_2023, "GA-2019-88-RES-01", "2022-03-01-test-news"}),
])
def test_each_filter_returns_exactly_its_documents(client, corpus, query, expected):
    assert set(listed(client, query)) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("sdg=16&year=2019", {"GA-2019-88-RES-01"}),
    ("goal=201701&goal=202303",
     {"GA-2023-91-RES-12", "GA-2019-88-RES-01", "GA-2021-89-RES-03", "GA-2021-89-REP-04"}),
    ("kind=resolution&sdg=16&session=89", {"GA-2021-89-RES-03"}),
    ("organization=europol&kind=news", {NEWS_2017, "2022-03-01-test-news"}),
    ("theme=data-and-information-sharing&goal=202303&year_from=2020", {"GA-2021-89-RES-03"}),
    ("sdg=5&session=91", set()),
])
def test_filters_combine(client, corpus, query, expected):
    keys = listed(client, query)
    assert set(keys) == expected
    assert len(keys) == len(expected)  # each document once, however many tags match


def test_unfiltered_list_shows_every_document_newest_first(client, corpus):
    keys = listed(client)
    assert set(keys) == SEEDS | set(corpus)
    years = [Document.objects.get(slug=key).year for key in keys]
    assert years == sorted(years, reverse=True)


def test_sort_by_symbol_and_oldest(client, corpus):
    by_symbol = listed(client, "kind=resolution&sort=symbol")
    assert by_symbol == sorted(by_symbol)
    oldest = listed(client, "sort=oldest")
    years = [Document.objects.get(slug=key).year for key in oldest]
    assert years == sorted(years)


def test_synthetic_documents_are_marked(client, corpus):
    page = client.get(reverse("document-list"), {"session": 88}).content.decode()
    rows = page.split('<li class="doc-row">')[1:]
    marked = {re.search(r'href="/resolutions/([^"]+)/"', row).group(1)
              for row in rows if "synthetic-marker" in row}
    assert marked == {"GA-2019-88-RES-01", "GA-2019-88-RES-02"}  # not the seed news release


def test_the_page_counts_results_and_offers_to_clear(client, corpus):
    page = client.get(reverse("document-list"), {"sdg": 16}).content.decode()
    assert "3 documents" in page
    assert '<a href="/resolutions/">Clear filters</a>' in page
    assert '<form method="get" action="/resolutions/">' in page


def test_pages_of_twenty(client, corpus):
    for n in range(1, 31):
        make_document(f"GA-2015-84-RES-{n:02d}", year=2015, session=84)
    first = listed(client, "session=84")
    second = listed(client, "session=84&page=2")
    assert (len(first), len(second)) == (20, 10)
    assert not set(first) & set(second)
    page = client.get(reverse("document-list"), {"session": 84}).content.decode()
    assert 'href="?session=84&amp;page=2"' in page
    # A page number out of range shows the last page rather than failing.
    assert listed(client, "session=84&page=99") == second


def test_an_empty_result_says_so_and_offers_to_remove_each_filter(client, corpus):
    response = client.get(reverse("document-list"), {"sdg": 5, "session": 91})
    page = response.content.decode()
    assert response.status_code == 200
    assert "0 documents" in page and "No document matches." in page
    assert "Try removing a filter" in page
    # One link removes the SDG, another the session.
    assert 'href="/resolutions/?session=91"' in page
    assert 'href="/resolutions/?sdg=5"' in page


# Facets ---------------------------------------------------------------------


def test_facet_counts_apply_every_filter_but_their_own(corpus):
    counts = DocumentFilter({"sdg": ["16"]}).facet_counts()
    # Every other facet is counted among the three SDG 16 documents.
    assert counts["year"] == {2017: 1, 2019: 1, 2021: 1}
    assert counts["kind"] == {"resolution": 3}
    sessions = {Session.objects.get(pk=pk).number: n for pk, n in counts["session"].items()}
    assert sessions == {86: 1, 88: 1, 89: 1}
    assert counts["goal"] == {201701: 1, 202303: 1}
    # The SDG facet ignores the SDG filter: it counts over every document.
    sdgs = {SDG.objects.get(pk=pk).number: n for pk, n in counts["sdg"].items()}
    assert sdgs == {16: 3, 5: 1, 17: 1}


def test_facet_counts_shown_on_the_page(client, corpus):
    page = client.get(reverse("document-list"), {"session": 88}).content.decode()
    assert facet(page, "kind") == {"resolution": 2, "news": 1}
    assert facet(page, "year") == {"2019": 3}
    # The session facet leaves out its own filter: all sessions with documents.
    assert facet(page, "session") == {"86": 1, "88": 3, "89": 2, "91": 1}
    assert facet(page, "goal") == {"201701": 1, "201702": 1}
    assert facet(page, "sdg") == {"16": 1, "5": 1}
    assert facet(page, "organization") == {"europol": 1}


def test_a_selected_option_stays_listed_at_zero(client, corpus):
    page = client.get(reverse("document-list"), {"sdg": 5, "session": 91}).content.decode()
    # No session 91 document has SDG 5, yet both choices remain visible and ticked.
    assert facet(page, "sdg")["5"] == 0
    assert facet(page, "session")["91"] == 0
    assert re.search(r'name="sdg" value="5" checked', page)
    assert re.search(r'name="session" value="91" checked', page)
    # An option with no document that is not selected is not offered.
    assert "6" not in facet(page, "sdg")


def test_goal_options_name_their_edition_and_mark_the_language_of_their_title(client, corpus):
    page = client.get(reverse("document-list"), {"kind": "resolution"}).content.decode()
    goals = page.split('id="facet-goal"')[1].split("</fieldset>")[0]
    assert re.search(r'Goal 1 \(2017\): <span lang="en">Counter the threat of terrorism</span>',
                     goals)
    # The 2023 revision's titles are recorded in French only: marked as such.
    assert re.search(r'Goal 3 \(2023\): <span lang="fr">Améliorer[^<]*</span> '
                     r'<span class="lang-tag">\(French\)</span>', goals)


def test_facet_counts_use_one_grouped_query_each(corpus, django_assert_num_queries):
    filterset = DocumentFilter({"sdg": ["16"], "kind": ["resolution"]})
    filterset.is_valid()
    with django_assert_num_queries(7):
        filterset.facet_counts()


def facet(page, name):
    """{option value: count} as the page shows a facet."""
    return {
        value: int(count)
        for value, count in re.findall(
            rf'name="{name}" value="([^"]+)"[^>]*>\s*<label[^>]*>.*?<span class="count">'
            r"\((\d+) documents?\)</span>",
            page, re.S)
    }


# Bad input ------------------------------------------------------------------


@pytest.mark.parametrize(("query", "message"), [
    ("year=abc", "“abc” is not a year"),
    ("year_from=abc", "Give the year as four digits"),
    ("year_from=2023&year_to=2017", "the first is after the last"),
    ("session=99999", "No General Assembly session has the number 99999."),
    ("session=abc", "“abc” is not a session number"),
    ("goal=x", "“x” is not a goal id"),
    ("goal=1", "No goal has the id 1."),
    ("sdg=99", "There is no SDG 99"),
    ("theme=no-such-theme", "No theme is called “no-such-theme”."),
    ("organization=interpol", "No organization is called “interpol”."),
    ("kind=poem", "“poem” is not a kind of document."),
    ("sort=random", "“random” is not a way to sort."),
    ("q=" + "a" * 2000, "at most 200 characters"),
])
def test_bad_filter_values_get_a_message_not_an_error(client, corpus, query, message):
    response = client.get(f"{reverse('document-list')}?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert '<div class="form-errors" role="alert">' in page
    assert '<form method="get" action="/resolutions/">' in page


def test_a_refused_value_leaves_the_other_filters_applied(client, corpus):
    response = client.get(reverse("document-list"), {"year": "abc", "sdg": "16"})
    assert response.status_code == 400
    assert set(keys_in(response)) == {"GA-2017-86-RES-06", "GA-2019-88-RES-01",
                                      "GA-2021-89-RES-03"}


@pytest.mark.parametrize("query", [
    "page=abc", "page=-1", "q=%00", "q=%22", "q=!!!", "q=-", "q=OR", "q=the",
    "year=%00", "session=%00", "theme=%00", "organization=%00", "goal=", "q=" + "%22x%22 " * 30,
])
def test_odd_input_never_fails(client, corpus, query):
    response = client.get(f"{reverse('document-list')}?{query}")
    assert response.status_code in (200, 400)


# Query counts ---------------------------------------------------------------


@pytest.fixture
def many_documents(corpus):
    """Sixty more resolutions, each with clauses, tags and a citation."""
    goals = list(Goal.objects.values_list("pk", flat=True))
    for n in range(1, 61):
        document = make_document(
            f"GA-2016-85-RES-{n:02d}", year=2016, session=85, goals=[goals[n % len(goals)]],
            themes=["collaboration-and-partnerships"], sdgs=[16, n % 17 + 1],
            organizations=["europol", "afripol"],
            clauses=[("preambular", "NOTING", f"the data sharing report number {n},"),
                     ("operative", "REQUESTS", f"the General Secretariat to act on point {n}.")],
        )
        Citation.objects.create(document=document, symbol="GA-2017-86-RES-06")


@pytest.mark.parametrize("query", [
    "", "q=data+sharing", "sdg=16&organization=europol&theme=collaboration-and-partnerships",
    "goal=201701&goal=201702&session=85&session=86&year=2016&kind=resolution&sort=symbol",
    "year=abc&goal=x", "q=zzzzqqq",
])
def test_list_queries_do_not_grow_with_rows(client, many_documents, query,
                                            django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = client.get(f"{reverse('document-list')}?{query}")
    assert response.status_code in (200, 400)


def test_detail_queries_do_not_grow_with_citations(client, many_documents,
                                                   django_assert_max_num_queries):
    # Sixty documents cite GA-2017-86-RES-06: "cited by" is still one query.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("document-detail", args=["GA-2017-86-RES-06"]))
    assert response.content.decode().count('recalls, §pre-1') == 1
    assert len(re.findall(r'href="/resolutions/GA-2016-85-RES-\d\d/"', response.content.decode())
               ) == 60


# Document pages -------------------------------------------------------------


def clause_rows(page, prefix):
    """[(anchor, lead)] of the clauses with an anchor starting with `prefix`, in order."""
    return re.findall(
        rf'<li class="clause" id="({prefix}[0-9-]*)">.*?(?:<span class="clause-lead">([^<]*)'
        r"</span>|</li>|<ol)",
        page, re.S)


def test_resolution_2017_shows_its_clauses_in_order(client):
    response = client.get(reverse("document-detail", args=["GA-2017-86-RES-06"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert clause_rows(page, "pre-") == [
        ("pre-1", "COGNIZANT"), ("pre-2", "NOTING"), ("pre-3", "RECOGNIZING"),
        ("pre-4", "ACKNOWLEDGING")]
    assert [row for row in clause_rows(page, "op-") if row[1]] == [
        ("op-1", "WELCOMES"), ("op-2", "ENDORSES"), ("op-3", "SUPPORTS"), ("op-4", "REQUESTS")]
    # The four numbered items sit inside ENDORSES, in order, each with its anchor.
    endorses = page[page.index('id="op-2"'):page.index('id="op-3"')]
    items = re.findall(r'id="(op-2-\d)">.*?<span class="item-number">(\d)\.</span> ([^<]+)',
                       endorses, re.S)
    assert [(anchor, number) for anchor, number, _text in items] == [
        ("op-2-1", "1"), ("op-2-2", "2"), ("op-2-3", "3"), ("op-2-4", "4")]
    assert items[2][2].startswith("Promoting standards, innovation and integrity in policing")


def test_resolution_2017_metadata(client):
    page = client.get(reverse("document-detail", args=["GA-2017-86-RES-06"])).content.decode()
    assert "<title>GA-2017-86-RES-06: Taking a Stance on Global Security" in page
    assert "Resolution No. 6" in page
    assert '<a href="/sessions/86/">86th session, Beijing 2017</a>' in page
    assert "26 September 2017" in page and "29 September 2017" in page
    assert "<dt>Status</dt><dd>Adopted</dd>" in page
    assert 'href="/sdgs/16/"' in page
    assert '<nav class="breadcrumbs"' in page and 'href="/resolutions/">Resolutions' in page


def test_resolution_2017_citations_both_ways(client):
    page = client.get(reverse("document-detail", args=["GA-2017-86-RES-06"])).content.decode()
    cites = section(page, "Cites", "Cited by")
    # The report is not in the base: shown as a symbol, never as a link.
    assert '<span class="symbol">GA-2017-86-REP-07</span> <span class="gap">' in cites
    assert 'href="/resolutions/GA-2017-86-REP-07/"' not in page
    assert '<a href="#op-3">supports, §op-3</a>' in cites
    cited_by = section(page, "Cited by", "</section>")
    assert 'href="/resolutions/GA-2023-91-RES-12/"' in cited_by
    assert 'href="/resolutions/GA-2023-91-RES-12/#pre-1"' in cited_by


def test_resolution_2023_clauses_and_citations(client):
    page = client.get(reverse("document-detail", args=["GA-2023-91-RES-12"])).content.decode()
    assert clause_rows(page, "pre-") == [
        ("pre-1", "RECALLING"), ("pre-2", "RECOGNIZING"), ("pre-3", "MINDFUL"),
        ("pre-4", "RECALLING ALSO"), ("pre-5", "RECALLING FURTHER"), ("pre-6", "ACKNOWLEDGING")]
    assert clause_rows(page, "op-") == [("op-1", "WELCOMES"), ("op-2", "ENDORSES")]
    cites = section(page, "Cites", "</section>")
    assert re.search(r'<a href="/resolutions/GA-2017-86-RES-06/"><span class="symbol">'
                     r"GA-2017-86-RES-06</span> Taking a Stance on Global Security</a>", cites)
    assert '<span class="symbol">GA-2023-91-REP-21</span> <span class="gap">' in cites
    assert '<a href="#op-2">endorses, §op-2</a>' in cites
    # The cited symbol is a link inside the clause text too.
    first = page[page.index('id="pre-1"'):page.index('id="pre-2"')]
    assert '<a href="/resolutions/GA-2017-86-RES-06/">GA-2017-86-RES-06</a>' in first
    assert "Vienna, Austria" in page and "28 November 2023" in page


def test_news_release_shows_its_paragraphs_and_names(client):
    response = client.get(reverse("document-detail", args=[NEWS_2019]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<p>At the heart of the Organization’s way forward will be I-Core" in page
    assert '<time datetime="2019-10-18">18 October 2019</time>' in page
    assert "<dt>Place</dt><dd>Santiago, Chile</dd>" in page
    assert "<li>I-Core</li>" in page and "<li>Project Gateway</li>" in page
    assert 'class="clause"' not in page


def test_meeting_summary_shows_meeting_and_organizations(client):
    page = client.get(reverse("document-detail", args=[SUMMARY_2023])).content.decode()
    assert "<dt>Meeting</dt><dd>Working Group on Strategic Aspects" in page
    assert 'href="/organizations/afripol/"' in page
    assert 'href="/themes/data-and-information-sharing/"' in page


def test_previous_and_next_document_of_the_session(client, corpus):
    # Session 88: GA-2019-88-RES-01, GA-2019-88-RES-02, then the news release (no symbol).
    def neighbours(key):
        page = client.get(reverse("document-detail", args=[key])).content.decode()
        return (re.findall(r'rel="prev" href="/resolutions/([^"]+)/"', page),
                re.findall(r'rel="next" href="/resolutions/([^"]+)/"', page))

    assert neighbours("GA-2019-88-RES-01") == ([], ["GA-2019-88-RES-02"])
    assert neighbours("GA-2019-88-RES-02") == (["GA-2019-88-RES-01"], [NEWS_2019])
    assert neighbours(NEWS_2019) == (["GA-2019-88-RES-02"], [])


@pytest.mark.parametrize(("key", "canonical"), [
    ("ga-2017-86-res-06", "GA-2017-86-RES-06"),
    ("GA-2017-86-RES-6", "GA-2017-86-RES-06"),
    ("ga-2023-91-res-12", "GA-2023-91-RES-12"),
    ("GA 2023 91 RES 12", "GA-2023-91-RES-12"),
    (NEWS_2019.upper(), NEWS_2019),
])
def test_other_spellings_redirect_to_the_permalink(client, key, canonical):
    response = client.get(f"/resolutions/{key}/")
    assert response.status_code == 301
    assert response["Location"] == f"/resolutions/{canonical}/"


@pytest.mark.parametrize("path", [
    "/resolutions/GA-2017-86-RES-99/", "/resolutions/no-such-document/",
    "/resolutions/GA-2017-86-REP-07/", "/resolutions/" + "x" * 300 + "/",
    "/resolutions/%00/", "/resolutions/GA-2017-86-RES-06/extra/",
])
def test_unknown_documents_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_every_seed_page_answers(client, key, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        response = client.get(reverse("document-detail", args=[key]))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<nav class="breadcrumbs"' in page and "<h1" in page


def test_pages_are_escaped(client):
    make_document("GA-2020-89-RES-01", year=2020, title="<script>alert(1)</script>",
                  clauses=[("operative", "NOTES", "that 1 < 2 & <b>bold</b>")])
    page = client.get(reverse("document-detail", args=["GA-2020-89-RES-01"])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def section(page, start, end):
    begin = page.index(f"<h3>{start}</h3>")
    return page[begin:page.index(end, begin + 1)]
