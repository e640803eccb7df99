"""Fill the base with a synthetic corpus for load testing, or remove it."""

import datetime
import multiprocessing
import time
from pathlib import Path

from django.contrib.postgres.indexes import GinIndex
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from resolutions import bulk, corpus
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
    synthetic = Document.objects.filter(synthetic=True)
    synthetic.delete_contents()
    document = Document._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {document} WHERE synthetic")
        removed = cursor.rowcount
        # A session that a real document has since been filed under is kept.
        session = Session._meta.db_table
        cursor.execute(f"DELETE FROM {session} WHERE synthetic AND NOT EXISTS "
                       f"(SELECT 1 FROM {document} d WHERE d.session_id = {session}.id)")
        return removed, cursor.rowcount


class Loader:
    """Writes a plan's documents with COPY, inside the caller's transaction."""

    def __init__(self, plan):
        self.plan = plan
        self.clauses = 0
        self.citations = 0
        self.now = timezone.now()
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
        with connection.cursor() as cursor, bulk.SearchVectors(background=True) as vectors:
            self.documents = bulk.NewDocuments(cursor)
            self.doc_ids = bulk.reserve_ids(cursor, Document, len(plan.docs))
            Session.objects.bulk_create([
                Session(pk=s.number, number=s.number, city=s.city, country=s.country,
                        start_date=s.start, end_date=s.end, note=corpus.SYNTHETIC_NOTE,
                        synthetic=True)
                for s in plan.sessions
            ])
            total = len(plan.docs)
            batches = [(total, plan.seed, start, min(start + BATCH, total), self.tag_counts)
                       for start in range(0, total, BATCH)]
            done, ahead = 0, None
            # A batch's search vectors are computed on another connection
            # while the batch before it is written.
            for docs in _generated(batches, workers):
                batch = docs, vectors.submit([
                    bulk.search_text(doc.plan.symbol, doc.title, doc.body, doc.clauses)
                    for doc in docs])
                if ahead:
                    done += self._write(cursor, *ahead)
                ahead = batch
                if verbosity > 1 and done:
                    stdout.write(f"  {done} documents written")
            if ahead:
                self._write(cursor, *ahead)
            # Searches read the pending list of new entries one by one: merge it now.
            for index in Document._meta.indexes:
                if isinstance(index, GinIndex):
                    cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index.name])
            for model in (Document, Clause, Citation):
                cursor.execute(f"ANALYZE {model._meta.db_table}")

    def _write(self, cursor, docs, vectors):
        clause_ids = iter(bulk.reserve_ids(cursor, Clause, sum(len(d.clauses) for d in docs)))
        clause_rows, citation_rows = [], []
        links = {"goals": [], "themes": [], "sdgs": [], "organizations": []}
        for doc, vector in zip(docs, vectors.result(), strict=True):
            plan = doc.plan
            doc_id = self.doc_ids[plan.index]
            self.documents.add([
                doc_id, plan.kind, plan.symbol, plan.slug, plan.number, doc.title,
                plan.date and datetime.date.fromisoformat(plan.date),
                plan.session.year, plan.session.city, plan.session.number, None, doc.status,
                doc.body, "", True, self.now, self.now, vector,
            ])
            ids = {}
            for clause in doc.clauses:
                ids[clause.position] = clause_id = next(clause_ids)
                clause_rows.append((
                    clause_id, doc_id, clause.position, clause.kind, clause.ordinal,
                    ids.get(clause.parent), clause.number, clause.lead, clause.text,
                ))
            seen = set()
            for position, symbol, relation in doc.citations:
                key = (ids.get(position), symbol)
                if key not in seen:
                    seen.add(key)
                    citation_rows.append((doc_id, *key, relation))
            for edition, goal in doc.goals:
                links["goals"].append((doc_id, self.goal_ids[edition][goal]))
            for theme in doc.themes:
                links["themes"].append((doc_id, self.theme_ids[theme]))
            for sdg in doc.sdgs:
                links["sdgs"].append((doc_id, self.sdg_ids[sdg]))
            for organization in doc.organizations:
                links["organizations"].append((doc_id, self.organization_ids[organization]))
        self.documents.write()
        bulk.copy_contents(cursor, clause_rows, citation_rows, links)
        self.clauses += len(clause_rows)
        self.citations += len(citation_rows)
        return len(docs)


def _generated(batches, workers):
    if workers <= 1:
        yield from map(corpus.generate_slice, batches)
        return
    # Text is generated in other processes while this one writes; spawned, not
    # forked, so that no child shares this process's database connection.
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        yield from pool.imap(corpus.generate_slice, batches)


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
