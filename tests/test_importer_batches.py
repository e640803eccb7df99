"""Long runs: texts read by other processes a chunk at a time, rows written per
table, and still one transaction that names the text at fault."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from resolutions.importer import reading
from resolutions.importer.loader import import_sources, sources_from_paths
from resolutions.importer.parser import parse_document
from resolutions.importer.text import decode
from resolutions.models import Citation, Clause, Document, Session
from tests.test_corpus import weighted_lexemes

pytestmark = pytest.mark.django_db

SEEDS = settings.BASE_DIR / "fixtures" / "documents"


@pytest.fixture
def texts(tmp_path):
    """A folder of generated resolution texts, more than two chunks of them."""
    call_command("generate_corpus", documents=700, seed=3, texts=tmp_path, verbosity=0)
    files = sorted(tmp_path.glob("*.txt"))
    assert len(files) > 2 * reading.CHUNK
    return tmp_path


def import_folder(folder):
    call_command("import_documents", str(folder), stdout=io.StringIO(), stderr=io.StringIO())


def test_a_run_of_several_chunks_writes_every_text_whole(texts):
    import_folder(texts)
    for source in sources_from_paths([texts]):
        parsed = parse_document(decode(source.read_bytes()))
        document = Document.objects.get(symbol=parsed.symbol)
        clauses = list(document.clauses.order_by("position")
                       .values_list("position", "kind", "ordinal", "lead", "text"))
        assert clauses == [(position, c.kind, c.ordinal, c.lead, c.text)
                           for position, c, _ in parsed.flat_clauses()]
        assert document.citations.count() == len(list(parsed.all_citations()))
        assert document.session.number == parsed.session.number


def test_a_second_run_of_the_same_texts_changes_nothing(texts):
    import_folder(texts)
    before = (Document.objects.count(), Clause.objects.count(), Citation.objects.count())
    out = io.StringIO()
    call_command("import_documents", str(texts), stdout=out)
    files = len(list(texts.glob("*.txt")))
    assert f"created 0, updated 0, unchanged {files}, failed 0" in out.getvalue()
    assert (Document.objects.count(), Clause.objects.count(), Citation.objects.count()) == before


def test_a_bad_text_in_the_last_chunk_writes_nothing_and_is_named(texts):
    (texts / "zz-broken.txt").write_bytes(b"\x00\x01binary")
    before = (Document.objects.count(), Session.objects.count(), Clause.objects.count())
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_documents", str(texts), stdout=io.StringIO(), stderr=err)
    assert f"{texts / 'zz-broken.txt'}:1: not a text file" in err.getvalue()
    assert (Document.objects.count(), Session.objects.count(), Clause.objects.count()) == before


def test_imported_search_vectors_are_those_the_model_computes(texts):
    import_folder(texts)
    # The seeds include texts without clauses, whose body is indexed instead.
    documents = Document.objects.filter(synthetic=False)
    stored = {pk: weighted_lexemes(v) for pk, v in documents.values_list("pk", "search_vector")}
    assert all(stored.values())
    documents.update_search_vectors()
    assert {pk: weighted_lexemes(v)
            for pk, v in documents.values_list("pk", "search_vector")} == stored


def test_a_key_another_document_holds_is_refused_naming_the_file(tmp_path):
    """The database refuses the row; the run still says which text and why."""
    Document.objects.filter(symbol="GA-2017-86-RES-06").delete()
    Document.objects.create(kind="news", slug="GA-2017-86-RES-06", year=2017,
                            title="A note filed under the resolution's key", body="Note.")
    before = (Document.objects.count(), Clause.objects.count())
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_documents", str(SEEDS / "GA-2017-86-RES-06.txt"),
                     stdout=io.StringIO(), stderr=err)
    assert "GA-2017-86-RES-06.txt:1: slug: Document with this Permalink key already exists." \
        in err.getvalue()
    assert (Document.objects.count(), Clause.objects.count()) == before


def test_a_long_run_leaves_no_connection_behind(texts):
    """Search vectors are computed on a second connection; it closes with the run."""

    def open_connections():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity "
                           "WHERE datname = current_database()")
            return cursor.fetchone()[0]

    before = open_connections()
    import_folder(texts)
    assert open_connections() == before


def test_a_file_gone_before_it_is_read_is_named_and_nothing_is_written(texts):
    sources = sources_from_paths([texts])
    gone = sources[-1].name
    Path(gone).unlink()
    before = Document.objects.count(), Clause.objects.count()
    report = import_sources(sources)
    assert [(f.source, f.message) for f in report.failures] == [
        (gone, "cannot be read: No such file or directory")]
    assert (Document.objects.count(), Clause.objects.count()) == before


def test_a_long_run_lets_each_text_go_once_written_unless_previewed(texts):
    """The report of a run keeps no text, so that its memory does not grow with
    the run; a preview (the admin's import page) keeps what was read."""
    report = import_sources(sources_from_paths([texts]))
    assert report.ok and len(report.outcomes) > 2 * reading.CHUNK
    assert all(o.parsed is None for o in report.outcomes)
    preview = import_sources(sources_from_paths([texts])[:1], dry_run=True, previews=True)
    assert preview.outcomes[0].parsed.symbol == preview.outcomes[0].key


def test_a_run_leaves_the_foreign_keys_of_the_transaction_around_it_deferred():
    """A run checks its foreign keys statement by statement; the transaction it
    is part of (a test's, or a caller's) still checks them at its commit."""
    assert import_sources(sources_from_paths([SEEDS])).ok
    document_to_come = Document.objects.order_by("-pk").first().pk + 1000
    citation = Citation.objects.create(  # refused at once if checks were immediate
        document_id=document_to_come, symbol="GA-2017-86-RES-06", relation="cites")
    citation.delete()  # before the test's own checks at its end
