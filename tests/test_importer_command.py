"""`manage.py import_documents`: one transaction per run, idempotent, clear errors."""

import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from resolutions.importer.loader import sources_from_paths
from resolutions.importer.progress import ProgressLine
from resolutions.management.commands.import_documents import Command
from resolutions.models import Citation, Clause, Document, Session

pytestmark = pytest.mark.django_db

SEEDS = settings.BASE_DIR / "fixtures" / "documents"
GOLDEN = Path(__file__).parent / "importer_golden"
RES_2017 = (SEEDS / "GA-2017-86-RES-06.txt").read_text(encoding="utf-8")


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_documents", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(*args):
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_documents", *map(str, args), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def counts():
    return Document.objects.count(), Clause.objects.count(), Citation.objects.count()


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reimporting_the_seeds_changes_nothing():
    before = counts()
    stamps = dict(Document.objects.values_list("slug", "updated_at"))
    out, _ = run(SEEDS)
    assert "created 0, updated 0, unchanged 5, failed 0" in out
    assert counts() == before
    assert dict(Document.objects.values_list("slug", "updated_at")) == stamps


def test_reimporting_an_edited_text_updates_the_same_record(tmp_path):
    document = Document.objects.get(symbol="GA-2017-86-RES-06")
    edited = RES_2017.replace("maximum external visibility", "the widest visibility")
    out, _ = run(write(tmp_path, "GA-2017-86-RES-06.txt", edited))
    assert "GA-2017-86-RES-06: updated (body, clauses)" in out
    assert "created 0, updated 1, unchanged 0, failed 0" in out
    assert Document.objects.filter(symbol="GA-2017-86-RES-06").get().pk == document.pk
    requests = Clause.objects.get(document=document, lead="REQUESTS")
    assert requests.text.endswith("with a view to achieving the widest visibility.")
    assert Clause.objects.filter(document=document).count() == 12
    assert Document.objects.filter(search_vector="widest").exists()


def test_dry_run_reports_and_writes_nothing(tmp_path):
    edited = RES_2017.replace("Subject: Taking a Stance", "Subject: Taking A Stance")
    write(tmp_path, "GA-2017-86-RES-06.txt", edited)
    shutil.copy(GOLDEN / "synthetic-ga-2019-bullets-no-status.txt", tmp_path / "new.txt")
    before = counts()
    out, _ = run(tmp_path, "--dry-run")
    assert "GA-2017-86-RES-06: would be updated (title, body)" in out
    assert "GA-2019-88-RES-99: would be created" in out
    assert "Dry run, nothing written: created 1, updated 1, unchanged 0, failed 0" in out
    assert counts() == before
    assert Document.objects.get(symbol="GA-2017-86-RES-06").title == (
        "Taking a Stance on Global Security")


def test_a_bad_file_after_good_ones_fails_the_whole_run(tmp_path):
    shutil.copy(GOLDEN / "synthetic-agn-older-layout.txt", tmp_path / "a-good.txt")
    write(tmp_path, "b-bad.txt", RES_2017.replace("GA-2017-86-RES-06\n", "\n")
          .replace("Resolution No. 6", "Resolution No. 7"))
    before = counts()
    err = fails(tmp_path)
    assert "b-bad.txt:11: no document symbol" in err
    assert "created 0, updated 0, unchanged 0, failed 1" in err
    assert counts() == before
    assert not Session.objects.filter(number=99).exists()


def test_a_database_conflict_after_good_files_rolls_everything_back(tmp_path):
    shutil.copy(GOLDEN / "synthetic-agn-older-layout.txt", tmp_path / "a-good.txt")
    write(tmp_path, "b-wrong-city.txt", RES_2017.replace("meeting in Beijing, China",
                                                         "meeting in Paris, France"))
    err = fails(tmp_path)
    assert "b-wrong-city.txt:11: the text places the 86th session in Paris" in err
    assert not Document.objects.filter(symbol="AGN/99/RES/3").exists()
    assert not Session.objects.filter(number=99).exists()
    assert Document.objects.get(symbol="GA-2017-86-RES-06").place == "Beijing, China"


def test_session_dates_that_disagree_with_the_base_are_refused(tmp_path):
    text = RES_2017.replace("from 26 to 29 September 2017", "from 25 to 29 September 2017")
    err = fails(write(tmp_path, "dates.txt", text))
    assert "dates.txt:11: the text dates the 86th session 2017-09-25 to 2017-09-29" in err


@pytest.mark.parametrize(("content", "line", "message"), [
    (b"", 1, "the file is empty"),
    (b"\n\n   \r\n", 1, "the file is empty"),
    (b"%PDF-1.4\n\x00\x01\x02binary", 2, "not a text file"),
    (b"GIF89a\x01\x00\x01\x00\x80\xff\x00", 1, "not a text file"),
    (b"lorem ipsum dolor\nsit amet\n", 1, "cannot tell what kind of document"),
    (b"Resolution No. 6\n\nGA-2017-86-RES-06\n\nSubject: x\n", 1, "no session sentence"),
    (RES_2017.replace("Subject: Taking a Stance on Global Security", "").encode(), 11,
     "no 'Subject:' line"),
    (RES_2017.replace("Resolution No. 6", "Resolution No. 5").encode(), 7,
     "the heading says Resolution No. 5 but the symbol GA-2017-86-RES-06 says 6"),
    (RES_2017.replace("from 26 to 29 September", "from 26 to 31 September").encode(), 11,
     "session dates: no such date: 31 September 2017"),
    (RES_2017.replace("COGNIZANT that", "cognizant that").encode(), 13,
     "expected a clause opening with its lead words in capitals"),
])
def test_malformed_files_name_the_file_and_line(tmp_path, content, line, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    before = counts()
    err = fails(path)
    assert f"bad.txt:{line}: {message}" in err
    assert counts() == before


def test_text_after_the_status_stays_in_the_body_only(tmp_path):
    run(write(tmp_path, "x.txt", RES_2017.replace("Adopted", "Adopted\n\nFootnote: none")))
    document = Document.objects.get(symbol="GA-2017-86-RES-06")
    assert document.status == "adopted"
    assert document.body.endswith("Adopted\n\nFootnote: none")
    assert not document.clauses.filter(text__contains="Footnote").exists()


def test_the_command_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "import_documents", str(path)])
    assert exit_info.value.code == 1
    assert "empty.txt:1: the file is empty" in capsys.readouterr().err


def test_missing_paths_and_empty_folders_are_errors(tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("import_documents", str(tmp_path / "nowhere.txt"))
    with pytest.raises(CommandError, match="no .txt files found"):
        call_command("import_documents", str(tmp_path))


def test_a_folder_gives_its_texts_and_its_subfolders_in_the_order_of_their_paths(tmp_path):
    for name in ["b.txt", "a/z.txt", "a-b.txt", "A.TXT", "notes.md", "a/.txt", "c/d/e.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "folder.txt").mkdir()

    names = [Path(s.name).relative_to(tmp_path).as_posix() for s in sources_from_paths([tmp_path])]

    # A folder's files come together, before a name that sorts after the folder's
    # ("a/z.txt" before "a-b.txt", as the file manager shows them).
    assert names == ["A.TXT", "a/z.txt", "a-b.txt", "b.txt", "c/d/e.txt"]
    file = tmp_path / "b.txt"
    assert [s.name for s in sources_from_paths([file, tmp_path / "a"])] == [
        str(file), str(tmp_path / "a" / "z.txt")]


def test_the_same_document_twice_in_one_run_is_refused(tmp_path):
    write(tmp_path, "one.txt", RES_2017)
    write(tmp_path, "two.txt", RES_2017)
    err = fails(tmp_path)
    assert "two.txt:1: GA-2017-86-RES-06 is also in" in err


def test_windows_line_endings_bom_and_curly_quotes(tmp_path):
    shutil.copy(GOLDEN / "synthetic-ag-2012-lettered-items.txt", tmp_path / "x.txt")
    assert (tmp_path / "x.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    run(tmp_path / "x.txt")
    document = Document.objects.get(symbol="AG-2012-RES-99")
    # The 81st session is in the reference data: matched, not created again.
    assert document.session.number == 81 and document.session.city == "Rome"
    assert Session.objects.filter(number=81).count() == 1
    decides = document.clauses.get(lead="DECIDES")
    assert [(i.number, i.text) for i in decides.items.all()] == [
        ("a", "that the first part is read as an item;"),
        ("b", "that the second part, which runs over two lines, is read as one item;"),
    ]
    assert "\r" not in document.body and "\ufeff" not in document.body
    assert sorted(document.citations.values_list("symbol", "relation")) == [
        ("AG-2012-REP-01", "refers"), ("AG-2012-RES-98", "requests"), ("AGN/53/RES/7", "cites")]


def test_an_unknown_session_is_created_from_its_sentence(tmp_path):
    shutil.copy(GOLDEN / "synthetic-agn-older-layout.txt", tmp_path / "x.txt")
    out, _ = run(tmp_path / "x.txt")
    assert "new session: 99th, Exampleton" in out
    session = Session.objects.get(number=99)
    assert (session.city, session.country, session.start_date, session.end_date) == (
        "Exampleton", "", datetime.date(2099, 12, 30), datetime.date(2100, 1, 2))
    document = Document.objects.get(symbol="AGN/99/RES/3")
    assert (document.year, document.number, document.status) == (2099, 3, "rejected")


def test_a_new_session_that_ends_before_it_starts_is_refused_naming_the_line(tmp_path):
    text = (GOLDEN / "synthetic-agn-older-layout.txt").read_text()
    write(tmp_path, "x.txt", text.replace("2nd January 2100", "2nd January 2099"))
    err = fails(tmp_path)
    assert "x.txt:3: session dates: the dates run backwards" in err
    assert not Session.objects.filter(number=99).exists()


def test_tags_come_only_from_names_in_the_text(tmp_path):
    shutil.copy(GOLDEN / "synthetic-agn-older-layout.txt", tmp_path / "x.txt")
    run(tmp_path / "x.txt")
    document = Document.objects.get(symbol="AGN/99/RES/3")
    # AFRIPOL by acronym, AMERIPOL by its full name.
    assert sorted(document.organizations.values_list("acronym", flat=True)) == [
        "AFRIPOL", "AMERIPOL"]
    assert list(document.goals.values_list("edition__year", "number")) == [(2017, 3)]
    assert list(document.themes.values_list("name", flat=True)) == [
        "Data and information sharing"]
    assert sorted(document.sdgs.values_list("number", flat=True)) == [5, 17]
    assert not document.programmes.exists()


def test_a_summary_is_keyed_by_date_and_title(tmp_path):
    shutil.copy(GOLDEN / "synthetic-summary-with-heading.txt", tmp_path / "x.txt")
    run(tmp_path / "x.txt")
    document = Document.objects.get(slug="2023-10-02-synthetic-working-group-meeting-summary")
    assert (document.kind, document.symbol, document.date, document.place) == (
        "meeting_summary", None, datetime.date(2023, 10, 2), "Exampleton, Examplia")
    assert list(document.citations.values_list("symbol", "relation", "clause")) == [
        ("GA-2023-91-RES-12", "cites", None)]
    # No Dialogue meeting on that day: none is linked.
    assert document.meeting is None
    out, _ = run(tmp_path / "x.txt")
    assert "unchanged 1" in out


def test_progress_is_drawn_on_a_terminal_only():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    progress = ProgressLine(terminal)
    for done in range(1, 4):
        progress(done, 3, f"file-{done}.txt")
    progress.finish()
    assert "\r[##########--------------------] 1/3 file-1.txt" in terminal.getvalue()
    assert "] 3/3 file-3.txt" in terminal.getvalue()
    assert terminal.getvalue().endswith("\n")

    pipe = io.StringIO()
    quiet = ProgressLine(pipe)
    quiet(1, 3, "file-1.txt")
    quiet.finish()
    assert pipe.getvalue() == ""


def test_the_command_draws_progress_on_a_terminal(tmp_path):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    for name in ("a.txt", "b.txt"):
        shutil.copy(GOLDEN / "synthetic-ga-2019-bullets-no-status.txt", tmp_path / name)
    (tmp_path / "b.txt").write_text(RES_2017, encoding="utf-8")
    terminal = Terminal()
    call_command("import_documents", str(tmp_path), stdout=io.StringIO(), stderr=terminal)
    assert "] 2/2 " in terminal.getvalue()
    assert terminal.getvalue().endswith("\n")
