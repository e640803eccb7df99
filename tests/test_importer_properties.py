"""Whatever it is given, the importer either reads a document or raises its own
error naming the line: never another exception."""

import re

import pytest
from django.conf import settings
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from resolutions.importer.errors import DocumentFormatError
from resolutions.importer.loader import Source, import_sources
from resolutions.importer.parser import SYMBOL, parse_document
from resolutions.importer.text import decode
from resolutions.models.documents import SYMBOL_PATTERN

SEEDS = sorted((settings.BASE_DIR / "fixtures" / "documents").glob("*.txt"))
SEED_LINES = sorted({
    line for path in SEEDS for line in path.read_text(encoding="utf-8").splitlines()
})

# Lines a document is made of, and lines that come close to breaking it.
lines = st.one_of(
    st.sampled_from(SEED_LINES),
    st.sampled_from([
        "", "Resolution No. 7", "Resolution No. 0", "GA-2017-86-RES-06", "AG-2012-RES-08",
        "AGN/53/RES/7", "Subject:", "Subject: x",
        "The ICPO-INTERPOL General Assembly, meeting in X, Y, from 31 to 30 February 2017 at "
        "its 86th session:",
        "The ICPO-INTERPOL General Assembly, meeting in , from 1 to 2 May 2017 at its 0th "
        "session:",
        "1.", "(a)", "• ", "RECALLING", "A A A A A A A A", "REQUESTS:", "Adopted", "Rejected",
        "31 February 2019", "LYON, France – ", "All news", "held in Lyon", "\u00a0", "\ufeff",
        "SDG 99", "Sustainable Development Goals 16 and 17", "meeting on .",
    ]),
    st.text(max_size=80),
)
texts = st.lists(lines, max_size=40).flatmap(
    lambda parts: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda nl: nl.join(parts)))


def check(text):
    try:
        document = parse_document(text)
    except DocumentFormatError as error:
        assert error.message
        assert error.line is None or error.line >= 1
        return
    assert document.title and document.key and document.body
    assert 1000 <= document.year <= 2999
    if document.symbol:
        assert re.fullmatch(SYMBOL_PATTERN, document.symbol)
    for _, clause, parent in document.flat_clauses():
        assert len(clause.lead) <= 100 and len(clause.number) <= 10
        assert (clause.kind == "item") == (parent is not None)
    for _, citation in document.all_citations():
        assert re.fullmatch(SYMBOL_PATTERN, citation.symbol)


@given(st.text())
@example("")
@example("\x00")
@example("\ud800")
@example("All news\nSee also")
def test_any_unicode_text(text):
    check(text)


@given(texts)
def test_any_arrangement_of_document_lines(text):
    check(text)


@given(st.lists(st.sampled_from(SEED_LINES), max_size=60), st.randoms())
def test_seed_lines_shuffled(parts, random):
    random.shuffle(parts)
    check("\n".join(parts))


@given(st.binary(max_size=400))
@example(b"\xff\xfe\x00")
@example(b"\xef\xbb\xbf")
def test_any_bytes(data):
    try:
        text = decode(data)
    except DocumentFormatError as error:
        assert error.line >= 1
        return
    check(text)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
@given(cut=st.integers(min_value=0, max_value=4000))
def test_seeds_cut_short(path, cut):
    check(path.read_text(encoding="utf-8")[:cut])


@pytest.mark.django_db
@hypothesis_settings(max_examples=40, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts)
def test_import_reports_every_text_as_done_or_failed(text):
    report = import_sources([Source("any.txt", text.encode("utf-8", "surrogatepass"))],
                            dry_run=True)
    assert len(report.outcomes) + len(report.failures) == 1
    for failure in report.failures:
        assert str(failure).startswith("any.txt")


def test_symbol_pattern_agrees_with_the_database_rule():
    for symbol in ["GA-2017-86-RES-06", "AG-2012-RES-08", "AGN/53/RES/7", "GA-2023-91-REP-21"]:
        assert SYMBOL.fullmatch(symbol) and re.fullmatch(SYMBOL_PATTERN, symbol)
