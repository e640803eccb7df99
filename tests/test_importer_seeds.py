"""The five seed documents, as imported into every test database, hold exactly
what their texts say."""

import datetime

import pytest

from resolutions.models import Citation, Clause, Document

pytestmark = pytest.mark.django_db

NEWS_2017 = "2017-05-03-interpol-and-regional-police-organizations-meet-to-enhance-cooperation"
NEWS_2019 = "2019-10-18-interpols-general-assembly-sets-roadmap-for-global-policing"
SUMMARY_2023 = (
    "2023-07-03-effective-multilateral-policing-architecture-against-global-threats-"
    "working-group-on-strategic"
)


def leads(document, kind):
    return list(document.clauses.filter(kind=kind).values_list("lead", flat=True))


def cited(document):
    return sorted(document.citations.values_list("symbol", "relation"))


def acronyms(document):
    return sorted(document.organizations.values_list("acronym", flat=True))


def test_exactly_the_five_seeds_are_in_the_base():
    assert sorted(Document.objects.values_list("slug", flat=True)) == sorted([
        NEWS_2017, NEWS_2019, SUMMARY_2023, "GA-2017-86-RES-06", "GA-2023-91-RES-12"])


def test_resolution_2017_header_and_session():
    doc = Document.objects.select_related("session").get(symbol="GA-2017-86-RES-06")
    assert (doc.kind, doc.number, doc.title, doc.status) == (
        "resolution", 6, "Taking a Stance on Global Security", "adopted")
    assert (doc.date, doc.year, doc.place, doc.source) == (
        None, 2017, "Beijing, China", "GA-2017-86-RES-06.txt")
    session = doc.session
    assert (session.number, session.city, session.country) == (86, "Beijing", "China")
    assert (session.start_date, session.end_date) == (
        datetime.date(2017, 9, 26), datetime.date(2017, 9, 29))


def test_resolution_2017_clauses_in_order():
    doc = Document.objects.get(symbol="GA-2017-86-RES-06")
    assert leads(doc, "preambular") == ["COGNIZANT", "NOTING", "RECOGNIZING", "ACKNOWLEDGING"]
    assert leads(doc, "operative") == ["WELCOMES", "ENDORSES", "SUPPORTS", "REQUESTS"]
    assert [(c.position, c.kind, c.ordinal) for c in doc.clauses.all()][:5] == [
        (1, "preambular", 1), (2, "preambular", 2), (3, "preambular", 3),
        (4, "preambular", 4), (5, "operative", 1)]
    first = doc.clauses.get(position=1)
    assert first.text.startswith("that the qualitative change occurring")
    assert first.text.endswith("meet the needs of police,")


def test_resolution_2017_four_items_under_endorses():
    endorses = Clause.objects.get(document__symbol="GA-2017-86-RES-06", lead="ENDORSES")
    items = list(endorses.items.order_by("position"))
    assert [(i.kind, i.number, i.ordinal) for i in items] == [
        ("item", "1", 1), ("item", "2", 2), ("item", "3", 3), ("item", "4", 4)]
    assert [i.text for i in items] == [
        "Enabling countries to play a role in global security;",
        "Facilitating coordination among the players within the global security architecture, "
        "and cooperating with non-police stakeholders;",
        "Promoting standards, innovation and integrity in policing;",
        "Speaking as the voice for police in highest international/supranational frameworks;",
    ]
    supports = Clause.objects.get(document__symbol="GA-2017-86-RES-06", lead="SUPPORTS")
    assert supports.position == items[-1].position + 1


def test_resolution_2017_cites_the_report_it_supports():
    doc = Document.objects.get(symbol="GA-2017-86-RES-06")
    assert cited(doc) == [("GA-2017-86-REP-07", "supports")]
    citation = doc.citations.get()
    assert citation.clause.lead == "SUPPORTS"


def test_resolution_2017_tags_only_what_it_names():
    doc = Document.objects.get(symbol="GA-2017-86-RES-06")
    assert list(doc.sdgs.values_list("number", flat=True)) == [16]
    # "the seven Global Policing Goals" names no goal in particular.
    assert not doc.goals.exists()
    assert not doc.themes.exists()
    assert acronyms(doc) == []


def test_resolution_2023_header_and_session_across_months():
    doc = Document.objects.select_related("session").get(symbol="GA-2023-91-RES-12")
    assert (doc.kind, doc.number, doc.status, doc.year, doc.date) == (
        "resolution", 12, "adopted", 2023, None)
    assert doc.title == ("100 years \u2013 Together towards a Global Strategic Alignment for an "
                         "Integrated Security Architecture")
    session = doc.session
    assert (session.number, session.city, session.country) == (91, "Vienna", "Austria")
    assert (session.start_date, session.end_date) == (
        datetime.date(2023, 11, 28), datetime.date(2023, 12, 1))


def test_resolution_2023_clauses_and_citations():
    doc = Document.objects.get(symbol="GA-2023-91-RES-12")
    assert leads(doc, "preambular") == [
        "RECALLING", "RECOGNIZING", "MINDFUL", "RECALLING ALSO", "RECALLING FURTHER",
        "ACKNOWLEDGING"]
    assert leads(doc, "operative") == ["WELCOMES", "ENDORSES"]
    assert not doc.clauses.filter(kind="item").exists()
    assert cited(doc) == [
        ("GA-2017-86-REP-07", "recalls"), ("GA-2017-86-RES-06", "recalls"),
        ("GA-2023-91-REP-21", "endorses")]
    # The citation of the 2017 resolution links to a document in the base.
    recalled = Citation.objects.get(document=doc, symbol="GA-2017-86-RES-06")
    assert Document.objects.filter(symbol=recalled.symbol).exists()


def test_resolution_2023_names_the_seven_2017_goals_and_the_dialogue():
    doc = Document.objects.get(symbol="GA-2023-91-RES-12")
    assert sorted(doc.goals.values_list("edition__year", "number")) == [
        (2017, n) for n in range(1, 8)]
    assert list(doc.programmes.values_list("slug", flat=True)) == ["dialogue"]
    assert not doc.sdgs.exists()


def test_news_2017():
    doc = Document.objects.select_related("meeting").get(slug=NEWS_2017)
    assert (doc.kind, doc.symbol, doc.date, doc.year, doc.place) == (
        "news", None, datetime.date(2017, 5, 3), 2017, "Lyon, France")
    assert doc.title == "INTERPOL and regional police organizations meet to enhance cooperation"
    assert acronyms(doc) == [
        "AIMC", "AMERIPOL", "ASEANAPOL", "ECO", "EUROPOL", "Frontex", "GCCPOL", "UNODC"]
    assert doc.meeting.edition == 2
    assert list(doc.programmes.values_list("slug", flat=True)) == ["dialogue"]
    assert not doc.clauses.exists()


def test_news_2019_keeps_repeated_captions_once():
    doc = Document.objects.select_related("session").get(slug=NEWS_2019)
    assert (doc.kind, doc.date, doc.year, doc.place) == (
        "news", datetime.date(2019, 10, 18), 2019, "Santiago, Chile")
    assert doc.title == "INTERPOL\u2019s General Assembly sets roadmap for global policing"
    assert acronyms(doc) == []
    assert sorted(doc.programmes.values_list("slug", flat=True)) == ["i-core", "project-gateway"]
    assert doc.session.number == 88
    assert doc.body.count("162 countries attended the 88th INTERPOL General Assembly") == 1
    assert doc.body.count("INTERPOL President Kim Jong Yang chaired the General Assembly") == 1
    assert "Delegates voted unanimously to re-appoint Mr Stock" in doc.body


def test_lyon_drafting_session_summary():
    doc = Document.objects.select_related("meeting").get(slug=SUMMARY_2023)
    assert (doc.kind, doc.date, doc.year, doc.place) == (
        "meeting_summary", datetime.date(2023, 7, 3), 2023, "Lyon")
    assert doc.title == (
        "Effective Multilateral Policing Architecture Against Global Threats \u2013 Working Group "
        "on Strategic Aspects of Global Policing Architecture")
    assert acronyms(doc) == [
        "AFRIPOL", "AIMC", "AMERIPOL", "CARICOM IMPACS", "ECO", "EUROPOL", "Frontex", "GCCPOL",
        "SCO RATS"]
    assert doc.meeting.start_date == datetime.date(2023, 7, 3)
    assert doc.meeting.kind == "working_group"
    assert list(doc.themes.order_by("position").values_list("position", flat=True)) == [
        1, 2, 3, 4, 5]
    assert not doc.goals.exists()


def test_imported_documents_are_searchable():
    found = Document.objects.filter(search_vector="sharing").values_list("symbol", flat=True)
    assert "GA-2023-91-RES-12" in found
