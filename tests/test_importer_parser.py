"""The parser's rules, one at a time, on short texts (no database)."""

import datetime
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resolutions.importer import dates
from resolutions.importer.errors import DocumentFormatError
from resolutions.importer.parser import (
    clause_kind,
    find_sdgs,
    find_symbols,
    parse_document,
    relation_for,
    split_lead,
)
from resolutions.importer.text import (
    _CONTROL,
    _SPACES,
    _words,
    clean_lines,
    decode,
    fold,
    names_in_text,
    slugify,
)

HEADER = "Resolution No. 4\nGA-2019-88-RES-04\nSubject: A test\n\n"
SENTENCE = ("The ICPO-INTERPOL General Assembly, meeting in Santiago, Chile, from 15 to "
            "18 October 2019 at its 88th session:\n\n")


def resolution(body, header=HEADER, sentence=SENTENCE):
    return parse_document(header + sentence + body)


@pytest.mark.parametrize(("text", "lead", "rest"), [
    ("RECALLING INTERPOL General Assembly Resolution", "RECALLING",
     "INTERPOL General Assembly Resolution"),
    ("RECALLING ALSO the 2022 Conference", "RECALLING ALSO", "the 2022 Conference"),
    ("BEARING IN MIND that", "BEARING IN MIND", "that"),
    ("ACKNOWLEDGING INTERPOL's initiative", "ACKNOWLEDGING", "INTERPOL's initiative"),
    ("DECIDES:", "DECIDES", ""),
    ("URGES AFRIPOL to act", "URGES", "AFRIPOL to act"),
    ("The General Assembly", "", "The General Assembly"),
    ("FURTHER", "", "FURTHER"),
    ("A B C D E F G H of shouting", "", "A B C D E F G H of shouting"),
])
def test_lead_words(text, lead, rest):
    assert split_lead(text) == (lead, rest)


@pytest.mark.parametrize(("lead", "kind"), [
    ("COGNIZANT", "preambular"), ("NOTING", "preambular"), ("MINDFUL", "preambular"),
    ("RECALLING FURTHER", "preambular"), ("DEEPLY CONCERNED", "preambular"),
    ("CONSCIOUS", "preambular"), ("WHEREAS", "preambular"), ("HAVING REGARD TO", "preambular"),
    ("WELCOMES", "operative"), ("FURTHER REQUESTS", "operative"), ("NOTES", "operative"),
    ("STRONGLY URGES", "operative"), ("IS OF THE OPINION", "operative"),
    ("EXPRESSES", "operative"),
])
def test_clause_kind_follows_the_lead_verb(lead, kind):
    assert clause_kind(lead) == kind


@pytest.mark.parametrize(("lead", "relation"), [
    ("RECALLING", "recalls"), ("RECALLING ALSO", "recalls"), ("ENDORSES", "endorses"),
    ("SUPPORTS", "supports"), ("WELCOMING", "welcomes"), ("TAKES NOTE OF", "notes"),
    ("NOTING WITH APPRECIATION", "notes"), ("ACKNOWLEDGING", "acknowledges"),
    ("FURTHER REQUESTS", "requests"), ("ADOPTS", "adopts"), ("APPROVES", "approves"),
    ("HAVING REGARD TO", "refers"), ("REFERRING TO", "refers"), ("BEARING IN MIND", "cites"),
    ("NOTWITHSTANDING", "cites"),
])
def test_citation_relation_follows_the_lead(lead, relation):
    assert relation_for(lead) == relation


@pytest.mark.parametrize(("text", "start", "end"), [
    ("26 to 29 September 2017", (2017, 9, 26), (2017, 9, 29)),
    ("28 November to 1 December 2023", (2023, 11, 28), (2023, 12, 1)),
    ("30 December 2023 to 2 January 2024", (2023, 12, 30), (2024, 1, 2)),
    ("30 December to 2 January 2024", (2023, 12, 30), (2024, 1, 2)),
    ("4th to 11th September 1984", (1984, 9, 4), (1984, 9, 11)),
    ("26-29 September 2017", (2017, 9, 26), (2017, 9, 29)),
    ("23rd to 29th October, 1996", (1996, 10, 23), (1996, 10, 29)),
    ("5 November 2012", (2012, 11, 5), (2012, 11, 5)),
])
def test_date_ranges(text, start, end):
    assert dates.parse_range(text) == (datetime.date(*start), datetime.date(*end))


@pytest.mark.parametrize(("text", "expected"), [
    ("03 May 2017", (2017, 5, 3)), ("18 October 2019", (2019, 10, 18)),
    ("On 3rd July 2023, the", (2023, 7, 3)), ("Monday 3rd July 2023", (2023, 7, 3)),
    ("May 3, 2017", (2017, 5, 3)), ("3 Sept. 2017", (2017, 9, 3)),
])
def test_single_dates(text, expected):
    assert dates.find_date(text)[0] == datetime.date(*expected)


def test_impossible_dates_are_errors():
    with pytest.raises(dates.DateError, match="no such date"):
        dates.find_date("31 February 2019")
    with pytest.raises(dates.DateError, match="run backwards"):
        dates.parse_range("29 to 26 September 2017")


@pytest.mark.parametrize(("symbol", "sentence", "number", "city", "country"), [
    ("GA-2023-91-RES-04",
     "The ICPO-INTERPOL General Assembly, meeting in Vienna, Austria, from 28 November to "
     "1 December 2023, at its 91st session:", 91, "Vienna", "Austria"),
    ("GA-2016-85-RES-04",
     "The ICPO-INTERPOL General Assembly, meeting in Nusa Dua, Bali, Indonesia, from 7 to "
     "10 November 2016 at its 85th session:", 85, "Nusa Dua, Bali", "Indonesia"),
    ("AG-2014-RES-04",
     "The ICPO-Interpol General Assembly, meeting in Monaco from 3 to 7 November 2014 "
     "at its 83rd session,", 83, "Monaco", ""),
    ("AGN/65/RES/4",
     "The ICPO-Interpol General Assembly, meeting in Antalya (Turkey) from 23 to 29 October "
     "1996 in its 65th session:", 65, "Antalya", "Turkey"),
    ("GA-2019-88-RES-04",
     "The ICPO-INTERPOL General Assembly, meeting in Santiago, Chile, from 15 to\n18 October "
     "2019 at its 88th General Assembly session:", 88, "Santiago", "Chile"),
])
def test_session_sentences(symbol, sentence, number, city, country):
    header = f"Resolution No. 4\n{symbol}\nSubject: A test\n\n"
    parsed = parse_document(header + sentence + "\n\nNOTING a test,\n\nDECIDES so.\n")
    session = parsed.session
    assert (session.number, session.city, session.country) == (number, city, country)
    assert (parsed.symbol, parsed.number) == (symbol, 4)


def test_first_clause_may_share_the_paragraph_of_the_session_sentence():
    parsed = resolution("", sentence=SENTENCE.rstrip("\n") + "\nNOTING a test,\nDECIDES so.\n")
    assert [c.lead for c in parsed.clauses] == ["NOTING", "DECIDES"]


def test_wrapped_lines_join_and_blank_line_paragraphs_stay_apart():
    parsed = resolution("NOTING a test that runs\nover two lines,\n\nDECIDES one thing;\n\n"
                        "and a second paragraph of it.\n")
    assert parsed.clauses[0].text == "a test that runs over two lines,"
    assert parsed.clauses[1].text == "one thing;\n\nand a second paragraph of it."


def test_numbered_operative_clauses_and_lettered_items():
    parsed = resolution("NOTING a test,\n\n1. DECIDES:\n(a) first;\n(b) second;\n\n"
                        "2. INVITES all.\n")
    decides, invites = parsed.clauses[1:]
    assert (decides.number, decides.lead, [i.number for i in decides.items]) == (
        "1", "DECIDES", ["a", "b"])
    assert (invites.number, invites.ordinal) == ("2", 2)


def test_a_resolution_does_not_cite_itself_and_cites_each_symbol_once_per_clause():
    parsed = resolution("RECALLING GA-2019-88-RES-04, AG-2012-RES-08 and AG-2012-RES-08,\n\n"
                        "DECIDES so.\n")
    assert [(c.symbol, c.relation) for c in parsed.clauses[0].citations] == [
        ("AG-2012-RES-08", "recalls")]


def test_status():
    assert resolution("DECIDES so.\n\nAdopted\n").status == "adopted"
    assert resolution("DECIDES so.\n\nREJECTED\n").status == "rejected"
    assert resolution("DECIDES so.\n").status == ""


@pytest.mark.parametrize(("body", "header", "line", "message"), [
    ("DECIDES so.", "Resolution No. 4\nSubject: A test\n\n", 4, "no document symbol"),
    ("DECIDES so.", "Resolution No. 5\nGA-2019-88-RES-04\nSubject: A test\n\n", 2,
     "the heading says Resolution No. 5"),
    ("DECIDES so.", "GA-2019-87-RES-04\nSubject: A test\n\n", 1, "names session 87"),
    ("DECIDES so.", "GA-2018-88-RES-04\nSubject: A test\n\n", 1, "names the year 2018"),
    ("decides so.", HEADER, 7, "expected a clause opening with its lead words"),
    ("1. first", HEADER, 7, "a numbered item comes before any clause"),
    ("", HEADER, 5, "no clauses after the session sentence"),
])
def test_resolution_errors_name_the_line(body, header, line, message):
    with pytest.raises(DocumentFormatError) as error:
        resolution(body + "\n", header=header)
    assert error.value.line == line
    assert message in error.value.message


def test_the_kind_can_be_forced():
    text = "Dialogue meeting\n\n12 June 2019\n\nThe meeting was held in Lyon."
    assert parse_document(text).kind == "meeting_summary"
    assert parse_document(text, kind="news").kind == "news"
    with pytest.raises(DocumentFormatError, match="unknown kind"):
        parse_document(text, kind="poem")


def test_symbols_in_running_text():
    assert find_symbols("see GA-2017-86-REP-07; AGN/53/RES/7 and XGA-2017-86-RES-06") == [
        "GA-2017-86-REP-07", "AGN/53/RES/7"]


def test_sdgs_named_by_number():
    assert find_sdgs("Sustainable Development Goal 16") == [16]
    assert find_sdgs("SDGs 5 and 17, and SDG 16") == [5, 16, 17]
    assert find_sdgs("the 17 United Nations Sustainable Development Goals") == []
    assert find_sdgs("SDG 18") == []
    assert find_sdgs("SDG 4 at the start") == [4]
    assert find_sdgs("a NSDG 4 plan, unsustainable development goals 5") == []


def test_names_match_whole_words_whatever_the_quotes_and_case():
    assert names_in_text("the Arab Interior Ministers\u2019 Council",
                         ["Arab Interior Ministers' Council"])
    assert names_in_text("EUROPOL and others", ["Europol"])
    assert not names_in_text("an eco-friendly economy", ["ECO"])
    assert not names_in_text("FRONTEXT", ["Frontex"])


def test_slugs_and_decoding():
    assert slugify("INTERPOL\u2019s General Assembly \u2013 roadmap") == (
        "interpols-general-assembly-roadmap")
    assert decode(b"\xef\xbb\xbfabc") == "abc"
    assert decode("caf\u00e9".encode("cp1252")) == "caf\u00e9"
    assert decode("abc".encode("utf-16")) == "abc"
    with pytest.raises(DocumentFormatError, match="binary") as error:
        decode(b"line one\nline two \x00")
    assert error.value.line == 2


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_plain_ascii_texts_are_folded_and_split_into_words_as_any_other(text):
    """ASCII texts take a quicker way through fold() and the word index of name
    matching; it must lead to the same place as the general one."""
    assert fold(text) == _SPACES.sub(" ", text).casefold()
    folded = fold(text)
    assert _words.__wrapped__(folded) == frozenset(re.findall(r"\w+", folded))


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_control_characters_in_plain_ascii_are_refused_on_their_line(text):
    """ASCII texts are checked for control characters by a quicker way than
    the pattern that checks the others; both refuse the same texts, naming the
    same line."""
    spaced = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", " ").replace("\v", " ")
    control = _CONTROL.search(spaced)
    if control is None:
        assert len(clean_lines(text)) == spaced.count("\n") + 1
    else:
        with pytest.raises(DocumentFormatError, match="control characters") as error:
            clean_lines(text)
        assert error.value.line == spaced.count("\n", 0, control.start()) + 1
