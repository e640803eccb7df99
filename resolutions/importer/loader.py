"""Texts read -> database rows, all in one transaction.

A run goes a chunk of texts at a time (read in other processes when there
are several chunks, see reading.py). For each chunk the documents already in
the base are read at once, each text is matched by symbol (or, without one,
by its date-and-title key) and planned: created, updated in place or left
alone when nothing changed. The chunk's rows are written a statement or two
per table once the next chunk is planned, so that the search vectors of its
new documents, started when it was planned, are computed meanwhile on a second
connection. If any text cannot be read or is refused, nothing is written.
"""

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from .. import bulk
from ..models import (
    SDG,
    Clause,
    Document,
    GoalTitle,
    Meeting,
    Organization,
    Programme,
    Session,
    Theme,
)
from ..models.documents import TAGS
from ..models.sessions import ordinal
from .reading import CHUNK, Failure, Names, Source, read_all
from .text import fold

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class Outcome:
    source: str
    key: str
    action: str
    changes: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    document_id: int | None = None
    # What was read, and the ids of the tags found, kept for previews.
    parsed: object = None
    tags: dict = field(default_factory=dict)


@dataclass
class Report:
    outcomes: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    dry_run: bool = False

    def count(self, action):
        return sum(1 for o in self.outcomes if o.action == action)

    @property
    def ok(self):
        return not self.failures


class ImportFailed(Exception):
    """Raised inside the transaction to roll the whole run back."""

    def __init__(self, failures):
        super().__init__("; ".join(str(f) for f in failures))
        self.failures = failures


def sources_from_paths(paths):
    """Files named, and the .txt files in folders named, in a stable order."""
    sources = []
    for path in map(Path, paths):
        if path.is_dir():
            files = text_files(path)
        elif path.is_file():
            files = [str(path)]
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
        sources.extend(map(Source, files))
    return sources


def text_files(folder):
    """The .txt files in a folder and its subfolders, ordered by their paths'
    parts. (Listed with os.walk, which knows a file from a folder without a
    stat() of each: a tenth of the time for thousands of files.)"""
    found = [os.path.join(directory, name)
             for directory, _, names in os.walk(folder)
             for name in names if os.path.splitext(name)[1].lower() == ".txt"]
    return sorted(found, key=lambda name: name.split(os.sep))


def import_sources(sources, *, dry_run=False, kind=None, progress=None, previews=False):
    """Import the texts as one transaction; returns a Report.

    On any failure the report lists it and nothing is written. A dry run does
    all the work, then rolls it back. The texts are read and written a chunk
    at a time; after a failure the rest are still read, so that the report
    names every text that cannot be read. With previews, each outcome keeps
    what was read of its text; otherwise a chunk's texts are let go once it is
    written, so that a long run's memory does not grow with it.
    """
    report = Report(dry_run=dry_run)
    try:
        with transaction.atomic(), bulk.SearchVectors(background=len(sources) > CHUNK) as vectors:
            catalogue = Catalogue()
            # Foreign keys are checked as each statement ends, while the next
            # texts are still being read and planned, rather than all at the
            # commit, when nothing else is left to do (Django defers them).
            set_constraints(IMMEDIATE)
            keys, refusal, done, planned = {}, None, 0, None
            for chunk in read_all(sources, kind, catalogue.names):
                report.failures += [r for r in chunk if isinstance(r, Failure)]
                if not report.failures and refusal is None:
                    try:
                        refuse_repeated_keys(chunk, keys)
                        # A chunk is planned, and its search vectors started,
                        # before the one planned last is written.
                        ahead = Batch(chunk, catalogue, vectors)
                        if planned:
                            report.outcomes += planned.write(previews)
                        planned = ahead
                    except ImportFailed as exc:
                        refusal = exc
                done += len(chunk)
                if progress:
                    progress(done, len(sources), chunk[-1].source)
            if planned and not report.failures and refusal is None:
                try:
                    report.outcomes += planned.write(previews)
                except ImportFailed as exc:
                    refusal = exc
            if report.failures or refusal:
                raise ImportFailed(report.failures or refusal.failures)
            set_constraints(DEFERRED)  # as before, for a transaction this run is part of
            if dry_run:
                transaction.set_rollback(True)
    except ImportFailed as exc:
        report.failures = exc.failures
        report.outcomes = []
    return report


IMMEDIATE, DEFERRED = "IMMEDIATE", "DEFERRED"


def set_constraints(mode):
    # The project's only deferrable constraints are Django's foreign keys, all
    # initially deferred: DEFERRED puts them back as they were. (A failed run's
    # savepoint, if it has one, puts them back itself.)
    with connection.cursor() as cursor:
        cursor.execute(f"SET CONSTRAINTS ALL {mode}")


def refuse_repeated_keys(chunk, keys):
    """Refuse a document that an earlier text of the run holds too."""
    for read in chunk:
        key = read.parsed.key
        if key in keys:
            raise ImportFailed([
                Failure(read.source, 1, f"{key} is also in {keys[key]} in this run")])
        keys[key] = read.source


class Batch:
    """A chunk's documents planned: created, updated in place or left alone,
    with the search vectors of those created on their way."""

    def __init__(self, chunk, catalogue, vectors):
        known = KnownDocuments(read.parsed for read in chunk)
        catalogue.record_sessions(chunk)
        self.plans = [plan_document(read, catalogue, known) for read in chunk]
        self.changed = [plan for plan in self.plans if plan.outcome.action != UNCHANGED]
        self.created = [plan for plan in self.changed if plan.outcome.action == CREATED]
        self.vectors = vectors.submit([
            bulk.search_text(plan.parsed.symbol, plan.parsed.title, plan.parsed.body,
                             [clause for _, clause, _ in plan.parsed.flat_clauses()])
            for plan in self.created])

    def write(self, previews):
        """Write the changed documents; [Outcome] in the chunk's order, with what
        was read of each text only for previews."""
        if self.changed:
            try:
                with transaction.atomic():
                    write_documents(self.changed, self.created, self.vectors.result())
            except (IntegrityError, DataError) as exc:
                # The plans passed the checks that need no query; find the
                # document the database refused with all of the admin's checks.
                for plan in self.changed:
                    plan.validate(unique=True)
                source = self.changed[0].source if len(self.changed) == 1 else "this run"
                raise ImportFailed([
                    Failure(source, None, f"the database refused it: {exc}")]) from exc
            for plan in self.changed:
                plan.outcome.document_id = plan.document.pk
        if not previews:
            for plan in self.plans:
                plan.outcome.parsed, plan.outcome.tags = None, {}
        return [plan.outcome for plan in self.plans]


class Catalogue:
    """What the importer looks up, read once per run."""

    def __init__(self):
        self.names = Names(
            goal_titles=tuple(GoalTitle.objects.values_list("goal_id", "text")),
            themes=tuple(Theme.objects.values_list("pk", "name")),
            sdgs=dict(SDG.objects.values_list("number", "pk")),
            organizations=tuple((o.pk, o.names) for o in Organization.objects.all()),
            programmes=tuple((p.pk, p.names) for p in Programme.objects.all()),
        )
        self.sessions = {session.number: session for session in Session.objects.all()}
        self.meetings = list(Meeting.objects.all())
        # The sessions this run's texts recorded: number -> the text that did.
        self.recorded = {}

    def record_sessions(self, chunk):
        """Create, in one statement, the sessions that texts of the chunk are the
        first to name; the texts that name them too are checked against them."""
        new = {}
        for read in chunk:
            info = read.parsed.session
            if info and info.number not in self.sessions and info.number not in new:
                session = Session(
                    number=info.number, city=info.city, country=info.country,
                    start_date=info.start_date, end_date=info.end_date,
                    note=f"Recorded from the text of {read.parsed.symbol}.",
                )
                # A city-state ("meeting in Monaco") names no separate country.
                _check(session.clean_fields, read.source, info.line, exclude=["country"])
                new[info.number] = (read, session)
        if not new:
            return
        try:
            with transaction.atomic():
                Session.objects.bulk_create([session for _, session in new.values()])
        except IntegrityError:
            # The checks that need queries run only to explain a refusal.
            for read, session in new.values():
                _check(session.full_clean, read.source, read.parsed.session.line,
                       exclude=["country"])
            raise
        for number, (read, session) in new.items():
            self.sessions[number] = session
            self.recorded[number] = read.source


class KnownDocuments:
    """The documents of a run that are already in the base, with their rows,
    in a query per table."""

    def __init__(self, parsed):
        parsed = list(parsed)
        symbols = [d.symbol for d in parsed if d.symbol]
        slugs = [d.key for d in parsed if not d.symbol]
        documents = list(
            Document.objects.filter(Q(symbol__in=symbols) | Q(slug__in=slugs))
            .prefetch_related(Prefetch("clauses", Clause.objects.order_by("position")),
                              "citations"))
        self.by_symbol = {d.symbol: d for d in documents if d.symbol}
        self.by_slug = {d.slug: d for d in documents}
        self.tags = {(d.pk, relation): [] for d in documents for relation in TAGS}
        for relation in TAGS if documents else ():
            field = Document._meta.get_field(relation)
            links = field.remote_field.through.objects.filter(
                **{f"{field.m2m_field_name()}__in": documents})
            for document_id, tag_id in links.values_list(field.m2m_column_name(),
                                                         field.m2m_reverse_name()):
                self.tags[(document_id, relation)].append(tag_id)

    def find(self, parsed):
        if parsed.symbol:
            return self.by_symbol.get(parsed.symbol)
        return self.by_slug.get(parsed.key)

    def snapshot(self, document):
        snap = {
            "kind": document.kind, "symbol": document.symbol, "slug": document.slug,
            "number": document.number, "title": document.title, "date": document.date,
            "year": document.year, "place": document.place, "session": document.session_id,
            "meeting": document.meeting_id, "status": document.status, "body": document.body,
            "source": document.source,
        }
        clauses = document.clauses.all()
        positions = {c.pk: c.position for c in clauses}
        snap["clauses"] = [
            (c.position, c.kind, c.ordinal, positions.get(c.parent_id), c.number, c.lead, c.text)
            for c in clauses
        ]
        snap["citations"] = sorted(
            (positions.get(c.clause_id, 0), c.symbol, c.relation) for c in document.citations.all())
        for relation in TAGS:
            snap[relation] = sorted(self.tags[(document.pk, relation)])
        return snap


@dataclass
class Plan:
    """A document as it will be written, and the rows that go with it."""

    source: str
    parsed: object
    outcome: Outcome
    document: Document

    def validate(self, unique=False):
        """Check the document's fields; with unique, its constraints and unique
        values too (a query each, so only to explain a refusal)."""
        _check(self.document.full_clean, self.source, 1, exclude=["session", "meeting"],
               validate_unique=unique, validate_constraints=unique)


def plan_document(read, catalogue, known):
    parsed, source_name = read.parsed, read.source
    document = known.find(parsed)
    outcome = Outcome(source=source_name, key=parsed.key,
                      action=UPDATED if document else CREATED, parsed=parsed)
    session = resolve_session(parsed, source_name, outcome, catalogue)
    fields = {
        "kind": parsed.kind, "symbol": parsed.symbol, "slug": parsed.key,
        "number": parsed.number, "title": parsed.title, "date": parsed.date,
        "year": parsed.year, "place": parsed.place, "session": session,
        "meeting": find_meeting(parsed, catalogue), "status": parsed.status,
        "body": parsed.body, "source": Path(source_name).name,
    }
    tags = outcome.tags = read.tags
    if document is not None:
        outcome.document_id = document.pk
        wanted = snapshot_of_parsed(parsed, fields, tags)
        current = known.snapshot(document)
        outcome.changes = [k for k in wanted if wanted[k] != current[k]]
        if not outcome.changes:
            outcome.action = UNCHANGED
    else:
        document = Document()
    plan = Plan(source_name, parsed, outcome, document)
    if outcome.action != UNCHANGED:
        for attr, value in fields.items():
            setattr(document, attr, value)
        plan.validate()
    return plan


DOCUMENT_FIELDS = ["kind", "symbol", "slug", "number", "title", "date", "year", "place",
                   "session", "meeting", "status", "body", "source", "updated_at"]


def write_documents(plans, created, vectors):
    """The documents' rows (the created ones with their search vectors), then
    their clauses, citations and tags, replacing those of the documents updated."""
    updated = [p.document for p in plans if p.outcome.action == UPDATED]
    now = timezone.now()
    with connection.cursor() as cursor:
        if updated:
            for document in updated:
                document.updated_at = now  # bulk_update leaves auto_now alone
            Document.objects.bulk_update(updated, DOCUMENT_FIELDS, batch_size=500)
            Document.objects.filter(pk__in=[d.pk for d in updated]).delete_contents()
        if created:
            new = bulk.NewDocuments(cursor)
            ids = bulk.reserve_ids(cursor, Document, len(created))
            for plan, pk, vector in zip(created, ids, vectors, strict=True):
                document = plan.document
                document.pk, document.created_at, document.updated_at = pk, now, now
                document.search_vector = vector
                new.add([getattr(document, column) for column in new.COLUMNS])
            new.write()
        write_structure(cursor, plans)
    if updated:  # building the statement costs milliseconds, even for no rows
        Document.objects.filter(pk__in=[d.pk for d in updated]).update_search_vectors()


def write_structure(cursor, plans):
    clause_ids = iter(bulk.reserve_ids(
        cursor, Clause, sum(1 for p in plans for _ in p.parsed.flat_clauses())))
    clauses, citations = [], []
    links = {relation: [] for relation in TAGS}
    for plan in plans:
        document_id = plan.document.pk
        ids = {}
        for position, clause, parent in plan.parsed.flat_clauses():
            ids[position] = next(clause_ids)
            clauses.append((ids[position], document_id, position, clause.kind,
                            clause.ordinal, ids.get(parent), clause.number, clause.lead,
                            clause.text))
        for position, citation in plan.parsed.all_citations():
            citations.append((document_id, ids.get(position), citation.symbol,
                              citation.relation))
        for relation, tag_ids in plan.outcome.tags.items():
            links[relation].extend((document_id, tag_id) for tag_id in tag_ids)
    bulk.copy_contents(cursor, clauses, citations, links)


def _check(clean, source, line, **kwargs):
    """Run a model's clean method; a ValidationError refuses the text."""
    try:
        clean(**kwargs)
    except ValidationError as exc:
        raise ImportFailed([Failure(source, line, _messages(exc))]) from exc


def _messages(error):
    return "; ".join(f"{field}: {' '.join(texts)}" for field, texts in error.message_dict.items())


def resolve_session(parsed, source_name, outcome, catalogue):
    """The Session of a resolution, created from its sentence if not yet known;
    for other documents, the session they report on (named, and dated within it)."""
    info = parsed.session
    if info is None:
        if parsed.date is None:
            return None
        named = (catalogue.sessions.get(number) for number in sorted(parsed.sessions_named))
        return next((s for s in named
                     if s and s.start_date <= parsed.date <= s.end_date), None)
    session = catalogue.sessions[info.number]  # recorded before the chunk is planned
    if catalogue.recorded.get(info.number) == source_name:
        outcome.notes.append(f"new session: {ordinal(info.number)}, {info.city}")
        return session
    if (session.start_date, session.end_date) != (info.start_date, info.end_date):
        raise ImportFailed([Failure(
            source_name, info.line,
            f"the text dates the {ordinal(info.number)} session {info.start_date} to "
            f"{info.end_date}, but the base records {session.start_date} to {session.end_date}")])
    if not same_place(session.city, info.city):
        raise ImportFailed([Failure(
            source_name, info.line,
            f"the text places the {ordinal(info.number)} session in {info.city}, but the base "
            f"records {session.city}")])
    return session


def same_place(recorded, written):
    """Lenient: 'Cartagena (Cartagena de Indias)' and 'Cartagena de Indias' agree."""

    def plain(text):
        text = unicodedata.normalize("NFKD", fold(text)).encode("ascii", "ignore").decode()
        return " ".join(text.replace("(", " ").replace(")", " ").replace(",", " ").split())

    a, b = plain(recorded), plain(written)
    return bool(a and b) and (a in b or b in a)


def find_meeting(parsed, catalogue):
    """The Dialogue meeting a text reports on: one whose dates hold the text's
    date, and only when the text names that kind of meeting."""
    if parsed.date is None:
        return None
    text = fold(parsed.body)
    for meeting in catalogue.meetings:
        if not (meeting.start_date and meeting.end_date
                and meeting.start_date <= parsed.date <= meeting.end_date):
            continue
        named = "working group" if meeting.kind == Meeting.Kind.WORKING_GROUP else "dialogue"
        if named in text:
            return meeting
    return None


def snapshot_of_parsed(parsed, fields, tags):
    snap = {k: (v.pk if hasattr(v, "pk") else v) for k, v in fields.items()}
    snap["clauses"] = [
        (position, c.kind, c.ordinal, parent, c.number, c.lead, c.text)
        for position, c, parent in parsed.flat_clauses()
    ]
    snap["citations"] = sorted((p or 0, c.symbol, c.relation) for p, c in parsed.all_citations())
    snap.update(tags)
    return snap
