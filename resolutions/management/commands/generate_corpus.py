"""Fill the base with a synthetic corpus for load testing, or remove it."""

import multiprocessing
import time
from pathlib import Path

from django.contrib.postgres.indexes import GinIndex
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from resolutions import corpus
from resolutions.models import Citation, Clause, Document, Goal, Organization, Session, Theme
from resolutions.models.sdgs import SDG

BATCH = 500


class Command(BaseCommand):
    help = (
        "Generate a reproducible synthetic corpus (documents marked synthetic, in sessions "
        "numbered from 901), replacing any earlier one; --purge removes it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=10_000,
                            help="How many documents to generate (default 10,000).")
        parser.add_argument("--seed", type=int, default=1,
                            help="The same seed and count give the same corpus.")
        parser.add_argument("--purge", action="store_true",
                            help="Remove the synthetic documents and sessions, and nothing else.")
        parser.add_argument("--texts", type=Path, metavar="DIR",
                            help="Write the resolutions as text files for the importer into DIR "
                                 "instead of the database.")
        parser.add_argument("--workers", type=int, default=None,
                            help="Processes generating text (default: one per core).")

    def handle(self, *args, documents, seed, purge, texts, workers, **options):
        if documents < 1:
            raise CommandError("--documents must be at least 1.")
        started = time.monotonic()
        if texts is not None:
            written = write_texts(texts, documents, seed)
            self.stdout.write(f"Wrote {written} resolution texts to {texts} "
                              f"in {time.monotonic() - started:.1f} s.")
            return
        if purge:
            with transaction.atomic():
                removed, sessions = purge_corpus()
            self.stdout.write(f"Removed {removed} synthetic documents and {sessions} synthetic "
                              f"sessions in {time.monotonic() - started:.1f} s.")
            return
        plan = corpus.Plan(documents, seed)
        clashing = Session.objects.filter(
            synthetic=False, number__gte=corpus.FIRST_SESSION_NUMBER)
        if clashing.exists():
            raise CommandError(f"Real sessions numbered from {corpus.FIRST_SESSION_NUMBER} "
                               "exist; synthetic sessions would collide with them.")
        with transaction.atomic():
            purge_corpus()
            loader = Loader(plan)
            loader.load(workers or multiprocessing.cpu_count(), self.stdout, options["verbosity"])
        self.stdout.write(
            f"Generated {documents} synthetic documents ({loader.clauses} clauses, "
            f"{loader.citations} citations) in {len(plan.sessions)} sessions "
            f"in {time.monotonic() - started:.1f} s."
        )


def purge_corpus():
    """Delete the synthetic rows with a few set-based statements; real rows stay.

    Plain DELETEs: the ORM would load every document and clause to cascade.
    """
    document = Document._meta.db_table
    synthetic = f"SELECT id FROM {document} WHERE synthetic"
    with connection.cursor() as cursor:
        for field in ("goals", "themes", "sdgs", "organizations", "programmes"):
            relation = Document._meta.get_field(field)
            table = relation.remote_field.through._meta.db_table
            cursor.execute(f"DELETE FROM {table} "
                           f"WHERE {relation.m2m_column_name()} IN ({synthetic})")
        for model in (Citation, Clause):
            cursor.execute(f"DELETE FROM {model._meta.db_table} "
                           f"WHERE document_id IN ({synthetic})")
        cursor.execute(f"DELETE FROM {document} WHERE synthetic")
        removed = cursor.rowcount
        # A session that a real document has since been filed under is kept.
        session = Session._meta.db_table
        cursor.execute(f"DELETE FROM {session} WHERE synthetic AND NOT EXISTS "
                       f"(SELECT 1 FROM {document} d WHERE d.session_id = {session}.id)")
        return removed, cursor.rowcount


def _copy_text(value):
    if value is None:
        return r"\N"
    if not isinstance(value, str):
        return str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return (value.replace("\\", "\\\\").replace("\t", "\\t")
                .replace("\n", "\\n").replace("\r", "\\r"))
    return value


def _row(*values):
    return "\t".join(_copy_text(v) for v in values) + "\n"


# The search vector as DocumentQuerySet.update_search_vectors() computes it,
# written at insert time from the clause texts the generator already holds, so
# that no row is written twice. tests/test_corpus.py checks the two agree.
SEARCH_VECTOR_SQL = """
    setweight(to_tsvector('simple', coalesce(symbol, '')), 'A')
    || setweight(to_tsvector('english', title), 'A')
    || setweight(to_tsvector('english', operative_text), 'B')
    || setweight(to_tsvector('english', preambular_text), 'C')
    || setweight(to_tsvector('english', CASE WHEN has_clauses THEN '' ELSE body END), 'D')
"""
DOCUMENT_COLUMNS = [
    "id", "kind", "symbol", "slug", "number", "title", "date", "year", "place", "session_id",
    "status", "body", "source", "synthetic", "created_at", "updated_at",
]
STAGING = "corpus_document_staging"


class Loader:
    """Writes a plan's documents with COPY, inside the caller's transaction."""

    def __init__(self, plan):
        self.plan = plan
        self.clauses = 0
        self.citations = 0
        self.now = timezone.now().isoformat()
        goals = list(Goal.objects.order_by("edition__year", "number")
                     .values_list("edition__year", "pk"))
        years = sorted({year for year, _ in goals})
        # Documents before the latest edition are tagged with the first one's goals.
        self.goal_ids = [[pk for year, pk in goals if year == y] for y in (years[0], years[-1])]
        self.theme_ids = list(Theme.objects.order_by("position").values_list("pk", flat=True))
        self.sdg_ids = list(SDG.objects.order_by("number").values_list("pk", flat=True))
        self.organization_ids = list(
            Organization.objects.order_by("acronym").values_list("pk", flat=True))
        self.tag_counts = {
            "goals": [len(ids) for ids in self.goal_ids], "themes": len(self.theme_ids),
            "sdgs": len(self.sdg_ids), "organizations": len(self.organization_ids),
        }

    def load(self, workers, stdout, verbosity):
        plan = self.plan
        with connection.cursor() as cursor:
            self._prepare(cursor)
            self.doc_ids = self._reserve(cursor, Document, len(plan.docs))
            Session.objects.bulk_create([
                Session(pk=s.number, number=s.number, city=s.city, country=s.country,
                        start_date=s.start, end_date=s.end, note=corpus.SYNTHETIC_NOTE,
                        synthetic=True)
                for s in plan.sessions
            ])
            total = len(plan.docs)
            batches = [(total, plan.seed, start, min(start + BATCH, total), self.tag_counts)
                       for start in range(0, total, BATCH)]
            done = 0
            for docs in _generated(batches, workers):
                self._write(cursor, docs)
                done += len(docs)
                if verbosity > 1:
                    stdout.write(f"  {done} documents written")
            cursor.execute(f"DROP TABLE {STAGING}")
            # Searches read the pending list of new entries one by one: merge it now.
            for index in Document._meta.indexes:
                if isinstance(index, GinIndex):
                    cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index.name])
            for model in (Document, Clause, Citation):
                cursor.execute(f"ANALYZE {model._meta.db_table}")

    def _prepare(self, cursor):
        # lz4 compresses the long texts several times faster than the default
        # pglz; a server built without it keeps its default.
        cursor.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
                       "AND 'lz4' = ANY(enumvals)")
        if cursor.fetchone():
            cursor.execute("SET LOCAL default_toast_compression = 'lz4'")
        # New index entries gather in a larger pending list, merged less often.
        cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGING} (LIKE {Document._meta.db_table}) ON COMMIT DROP")
        cursor.execute(
            f"ALTER TABLE {STAGING} ADD COLUMN operative_text text, "
            "ADD COLUMN preambular_text text, ADD COLUMN has_clauses boolean, "
            "ALTER COLUMN body SET STORAGE EXTERNAL")

    def _reserve(self, cursor, model, count):
        """`count` ids from the model's sequence (consecutive unless others insert too)."""
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                       "FROM generate_series(1, %s)", [model._meta.db_table, count])
        return [row[0] for row in cursor.fetchall()]

    def _write(self, cursor, docs):
        clause_ids = iter(self._reserve(cursor, Clause, sum(len(d.clauses) for d in docs)))
        doc_rows, clause_rows, citation_rows = [], [], []
        links = {"goals": [], "themes": [], "sdgs": [], "organizations": []}
        for doc in docs:
            plan = doc.plan
            doc_id = self.doc_ids[plan.index]
            operative = " ".join(f"{c.lead} {c.text}" for c in doc.clauses
                                 if c.kind != "preambular")
            preambular = " ".join(f"{c.lead} {c.text}" for c in doc.clauses
                                  if c.kind == "preambular")
            doc_rows.append(_row(
                doc_id, plan.kind, plan.symbol, plan.slug, plan.number, doc.title, plan.date,
                plan.session.year, plan.session.city, plan.session.number, doc.status, doc.body,
                "", "t", self.now, self.now, operative, preambular,
                "t" if doc.clauses else "f",
            ))
            ids = {}
            for clause in doc.clauses:
                ids[clause.position] = clause_id = next(clause_ids)
                clause_rows.append(_row(
                    clause_id, doc_id, clause.position, clause.kind, clause.ordinal,
                    ids.get(clause.parent), clause.number, clause.lead, clause.text,
                ))
            seen = set()
            for position, symbol, relation in doc.citations:
                key = (ids.get(position), symbol)
                if key not in seen:
                    seen.add(key)
                    citation_rows.append(_row(doc_id, *key, relation))
            for edition, goal in doc.goals:
                links["goals"].append(_row(doc_id, self.goal_ids[edition][goal]))
            for theme in doc.themes:
                links["themes"].append(_row(doc_id, self.theme_ids[theme]))
            for sdg in doc.sdgs:
                links["sdgs"].append(_row(doc_id, self.sdg_ids[sdg]))
            for organization in doc.organizations:
                links["organizations"].append(_row(doc_id, self.organization_ids[organization]))
        columns = ", ".join(DOCUMENT_COLUMNS)
        _copy(cursor, STAGING, [*DOCUMENT_COLUMNS, "operative_text", "preambular_text",
                                "has_clauses"], doc_rows)
        cursor.execute(
            f"INSERT INTO {Document._meta.db_table} ({columns}, search_vector) "
            f"SELECT {columns}, {SEARCH_VECTOR_SQL} FROM {STAGING}")
        cursor.execute(f"TRUNCATE {STAGING}")
        _copy(cursor, Clause._meta.db_table, [
            "id", "document_id", "position", "kind", "ordinal", "parent_id", "number", "lead",
            "text"], clause_rows)
        _copy(cursor, Citation._meta.db_table,
              ["document_id", "clause_id", "symbol", "relation"], citation_rows)
        for name, rows in links.items():
            field = Document._meta.get_field(name)
            _copy(cursor, field.remote_field.through._meta.db_table,
                  [f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"], rows)
        self.clauses += len(clause_rows)
        self.citations += len(citation_rows)


def _generated(batches, workers):
    if workers <= 1:
        yield from map(corpus.generate_slice, batches)
        return
    # Text is generated in other processes while this one writes; spawned, not
    # forked, so that no child shares this process's database connection.
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        yield from pool.imap(corpus.generate_slice, batches)


def _copy(cursor, table, columns, rows):
    if rows:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write("".join(rows))


def write_texts(folder, documents, seed):
    """Resolution texts in the importer's format, one file per resolution."""
    folder.mkdir(parents=True, exist_ok=True)
    plan = corpus.Plan(documents, seed)
    tag_counts = {"goals": [0, 0], "themes": 0, "sdgs": 0, "organizations": 0}
    written = 0
    for start in range(0, documents, BATCH):
        for doc in corpus.generate_batch(plan, start, min(start + BATCH, documents), tag_counts):
            if doc.plan.kind == "resolution":
                (folder / f"{doc.plan.symbol}.txt").write_text(doc.body + "\n", encoding="utf-8")
                written += 1
    return written
