"""The synthetic corpus: reproducible, realistic in shape, marked, and removable alone."""

import re

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import CommandError, call_command

from resolutions import corpus
from resolutions.models import Citation, Clause, Document, Session

pytestmark = pytest.mark.django_db

SIZE = 240


def generate(documents=SIZE, seed=7, workers=1):
    call_command("generate_corpus", documents=documents, seed=seed, workers=workers,
                 verbosity=0)


def snapshot():
    return list(Document.objects.filter(synthetic=True).order_by("slug")
                .values_list("slug", "kind", "title", "year", "session__number", "body"))


def test_generates_marked_documents_in_marked_sessions():
    real_documents = Document.objects.count()
    real_sessions = set(Session.objects.values_list("number", flat=True))
    generate()
    synthetic = Document.objects.filter(synthetic=True)
    assert synthetic.count() == SIZE
    assert Document.objects.filter(synthetic=False).count() == real_documents
    sessions = Session.objects.filter(synthetic=True)
    assert sessions.count() == corpus.YEARS
    assert min(s.number for s in sessions) == corpus.FIRST_SESSION_NUMBER
    assert not real_sessions & set(sessions.values_list("number", flat=True))
    years = synthetic.values_list("year", flat=True)
    assert min(years) == corpus.FIRST_YEAR and max(years) == corpus.FIRST_YEAR + corpus.YEARS - 1
    # Every kind of document, each in a synthetic session.
    assert set(synthetic.values_list("kind", flat=True)) == set(Document.Kind.values)
    assert not synthetic.filter(session__synthetic=False).exists()


def test_same_seed_same_corpus_whatever_the_workers():
    generate(seed=3, workers=1)
    first = snapshot()
    generate(seed=3, workers=2)
    assert snapshot() == first
    generate(seed=4)
    assert snapshot() != first


def test_resolutions_have_the_structure_of_real_ones():
    generate()
    resolution = Document.objects.filter(synthetic=True, kind="resolution").first()
    assert re.fullmatch(r"GA-\d{4}-9\d\d-RES-\d{2,3}", resolution.symbol)
    assert resolution.slug == resolution.symbol
    assert resolution.status in {"adopted", "rejected"}
    clauses = list(resolution.clauses.order_by("position"))
    kinds = [c.kind for c in clauses]
    # Preamble first, then operative clauses with their numbered items.
    assert kinds[0] == "preambular" and "operative" in kinds
    assert kinds.index("operative") > max(i for i, k in enumerate(kinds) if k == "preambular")
    leads = {lead for lead, _ in corpus.PREAMBULAR_LEADS + corpus.OPERATIVE_LEADS}
    assert all(c.lead in leads for c in clauses if c.kind != "item")
    assert resolution.body.startswith(f"Resolution No. {resolution.number}\n\n{resolution.symbol}")
    for clause in clauses:
        assert clause.text in resolution.body
    items = Clause.objects.filter(document__synthetic=True, kind="item")
    assert items.exists()
    assert not items.exclude(parent__kind="operative").exists()


def test_citations_point_to_earlier_synthetic_documents():
    generate()
    citations = Citation.objects.filter(document__synthetic=True).select_related("document")
    assert citations.count() > SIZE // 10
    symbols = dict(Document.objects.filter(synthetic=True, symbol__isnull=False)
                   .values_list("symbol", "year"))
    for citation in citations:
        assert citation.symbol in symbols
        assert symbols[citation.symbol] <= citation.document.year
        assert citation.symbol in citation.document.body
    assert {"recalls", "notes"} <= set(citations.values_list("relation", flat=True))


def test_documents_are_tagged_with_existing_reference_rows():
    generate()
    synthetic = Document.objects.filter(synthetic=True)
    for relation in ("goals", "themes", "sdgs", "organizations"):
        tagged = synthetic.filter(**{f"{relation}__isnull": False}).distinct().count()
        assert 0 < tagged < SIZE, relation
    # The goals of the edition in force: the 2023 revision from 2023 on.
    assert not synthetic.filter(year__lt=2023, goals__edition__year=2023).exists()
    assert not synthetic.filter(year__gte=2023, goals__edition__year=2017).exists()


def weighted_lexemes(vector):
    """{lexeme: sorted weights} of a tsvector's text, positions left out: the model
    aggregates clause texts in no set order, so positions may differ between runs."""
    lexemes = {}
    for lexeme, positions in re.findall(r"'((?:[^']|'')+)':(\S+)", vector):
        lexemes[lexeme] = sorted(re.sub(r"\d+", "", p) or "D" for p in positions.split(","))
    return lexemes


def test_search_vectors_are_those_the_model_computes():
    generate()
    synthetic = Document.objects.filter(synthetic=True)
    stored = {pk: weighted_lexemes(v) for pk, v in synthetic.values_list("pk", "search_vector")}
    assert all(stored.values())
    synthetic.update_search_vectors()
    computed = {pk: weighted_lexemes(v)
                for pk, v in synthetic.values_list("pk", "search_vector")}
    assert computed == stored


def test_vocabulary_has_common_and_rare_words():
    generate()
    synthetic = Document.objects.filter(synthetic=True)

    def matching(word):
        return synthetic.filter(search_vector=SearchQuery(word, config="english")).count()

    assert matching("police") > SIZE * 0.9
    vocabulary = corpus.Vocabulary()
    rare = vocabulary.words[-50:]
    assert sum(matching(word) for word in rare) < SIZE * 0.1
    assert vocabulary.probability("police") > 1000 * vocabulary.probability(rare[0])


def test_purge_removes_the_synthetic_rows_only():
    before_documents = set(Document.objects.values_list("slug", flat=True))
    before_sessions = Session.objects.count()
    real = Document.objects.create(kind="news", slug="2024-01-01-a-real-note", year=2024,
                                   title="A real note", body="Real.")
    generate()
    call_command("generate_corpus", purge=True, verbosity=0)
    assert set(Document.objects.values_list("slug", flat=True)) == before_documents | {real.slug}
    assert Session.objects.count() == before_sessions
    assert not Clause.objects.filter(document__synthetic=True).exists()
    assert not Document.goals.through.objects.filter(document__synthetic=True).exists()


def test_generating_again_replaces_the_corpus():
    generate()
    generate(documents=100)
    assert Document.objects.filter(synthetic=True).count() == 100


def test_refuses_a_count_below_one():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generate_corpus", documents=0, verbosity=0)


def test_writes_texts_the_importer_reads(tmp_path):
    call_command("generate_corpus", documents=60, seed=2, texts=tmp_path, verbosity=0)
    files = sorted(tmp_path.glob("*.txt"))
    plan = corpus.Plan(60, 2)
    assert len(files) == sum(d.kind == "resolution" for d in plan.docs)
    assert not Document.objects.filter(synthetic=True).exists()
    call_command("import_documents", str(tmp_path), verbosity=0)
    imported = Document.objects.filter(symbol__in=[f.stem for f in files])
    assert imported.count() == len(files)
    sample = imported.order_by("symbol").first()
    assert sample.clauses.filter(kind="preambular").exists()
    assert sample.clauses.filter(kind="operative").exists()
