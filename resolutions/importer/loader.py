"""Parsed documents -> database rows, all in one transaction.

A run parses every text first; if any fails, nothing is written. Then each
document is matched by symbol (or, without one, by its date-and-title key) and
created, updated in place or left alone when nothing changed.
"""

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from ..models import (
    SDG,
    Citation,
    Clause,
    Document,
    GoalTitle,
    Meeting,
    Organization,
    Programme,
    Session,
    Theme,
)
from ..models.sessions import ordinal
from .errors import DocumentFormatError
from .parser import parse_document
from .text import decode, fold, names_in_text

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class Source:
    """One text to import: where it came from and its bytes."""

    name: str
    data: bytes


@dataclass
class Failure:
    source: str
    line: int | None
    message: str

    def __str__(self):
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


@dataclass
class Outcome:
    source: str
    key: str
    action: str
    changes: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    document_id: int | None = None
    # What was read, and the ids of the tags found, for previews.
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
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".txt")
        elif path.is_file():
            files = [path]
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
        sources.extend(Source(str(p), p.read_bytes()) for p in files)
    return sources


def parse_sources(sources, kind=None):
    """[(source, parsed)] and [Failure]: parsing never touches the database."""
    parsed, failures = [], []
    for source in sources:
        try:
            parsed.append((source, parse_document(decode(source.data), kind=kind)))
        except DocumentFormatError as exc:
            failures.append(Failure(source.name, exc.line, exc.message))
    return parsed, failures


def import_sources(sources, *, dry_run=False, kind=None, progress=None):
    """Import the texts as one transaction; returns a Report.

    On any failure the report lists it and nothing is written. A dry run does
    all the work, then rolls it back.
    """
    report = Report(dry_run=dry_run)
    parsed, report.failures = parse_sources(sources, kind=kind)
    if report.failures:
        return report
    try:
        with transaction.atomic():
            catalogue = Catalogue()
            keys = {}
            for done, (source, document) in enumerate(parsed, start=1):
                if document.key in keys:
                    raise ImportFailed([Failure(
                        source.name, 1,
                        f"{document.key} is also in {keys[document.key]} in this run")])
                keys[document.key] = source.name
                report.outcomes.append(save_document(document, source.name, catalogue))
                if progress:
                    progress(done, len(parsed), source.name)
            changed = [o.document_id for o in report.outcomes if o.action != UNCHANGED]
            Document.objects.filter(pk__in=changed).update_search_vectors()
            if dry_run:
                transaction.set_rollback(True)
    except ImportFailed as exc:
        report.failures = exc.failures
        report.outcomes = []
    return report


class Catalogue:
    """The names the importer looks for, read once per run."""

    def __init__(self):
        self.organizations = list(Organization.objects.all())
        self.programmes = list(Programme.objects.all())
        self.themes = list(Theme.objects.all())
        self.goal_titles = list(GoalTitle.objects.select_related("goal"))
        self.sdgs = {sdg.number: sdg.pk for sdg in SDG.objects.all()}


def save_document(parsed, source_name, catalogue):
    name = Path(source_name).name
    lookup = {"symbol": parsed.symbol} if parsed.symbol else {"slug": parsed.key}
    document = Document.objects.filter(**lookup).first()
    outcome = Outcome(source=source_name, key=parsed.key,
                      action=UPDATED if document else CREATED, parsed=parsed)
    try:
        with transaction.atomic():
            session = resolve_session(parsed, source_name, outcome)
            fields = {
                "kind": parsed.kind, "symbol": parsed.symbol, "slug": parsed.key,
                "number": parsed.number, "title": parsed.title, "date": parsed.date,
                "year": parsed.year, "place": parsed.place, "session": session,
                "meeting": find_meeting(parsed), "status": parsed.status, "body": parsed.body,
                "source": name,
            }
            tags = outcome.tags = find_tags(parsed, catalogue)
            wanted = snapshot_of_parsed(parsed, fields, tags)
            if document is not None:
                current = snapshot_of_document(document)
                outcome.changes = [k for k in wanted if wanted[k] != current[k]]
                if not outcome.changes:
                    outcome.action = UNCHANGED
                    outcome.document_id = document.pk
                    return outcome
            else:
                document = Document()
            for attr, value in fields.items():
                setattr(document, attr, value)
            document.full_clean(exclude=["session", "meeting"], validate_unique=False)
            document.save()
            write_structure(document, parsed)
            for relation, ids in tags.items():
                getattr(document, relation).set(ids)
    except (IntegrityError, DataError) as exc:
        raise ImportFailed([Failure(source_name, 1, f"the database refused it: {exc}")]) from exc
    except ValidationError as exc:
        raise ImportFailed([Failure(source_name, 1, _messages(exc))]) from exc
    outcome.document_id = document.pk
    return outcome


def _messages(error):
    return "; ".join(f"{field}: {' '.join(texts)}" for field, texts in error.message_dict.items())


def resolve_session(parsed, source_name, outcome):
    """The Session of a resolution, created from its sentence if not yet known;
    for other documents, the session they report on (named, and dated within it)."""
    info = parsed.session
    if info is None:
        if parsed.date is None or not parsed.sessions_named:
            return None
        return Session.objects.filter(number__in=parsed.sessions_named,
                                      start_date__lte=parsed.date,
                                      end_date__gte=parsed.date).first()
    session = Session.objects.filter(number=info.number).first()
    if session is None:
        session = Session(
            number=info.number, city=info.city, country=info.country,
            start_date=info.start_date, end_date=info.end_date,
            note=f"Recorded from the text of {parsed.symbol}.",
        )
        try:
            # A city-state ("meeting in Monaco") names no separate country.
            session.full_clean(exclude=["country"])
        except ValidationError as exc:
            raise ImportFailed([Failure(source_name, info.line, _messages(exc))]) from exc
        session.save()
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


def find_meeting(parsed):
    """The Dialogue meeting a text reports on: one whose dates hold the text's
    date, and only when the text names that kind of meeting."""
    if parsed.date is None:
        return None
    text = fold(parsed.body)
    for meeting in Meeting.objects.filter(start_date__lte=parsed.date,
                                          end_date__gte=parsed.date):
        named = "working group" if meeting.kind == Meeting.Kind.WORKING_GROUP else "dialogue"
        if named in text:
            return meeting
    return None


def find_tags(parsed, catalogue):
    """Tags only for what the text names: goal titles, theme names, SDG
    numbers, organization and programme names."""
    text = parsed.body
    return {
        "goals": sorted({t.goal_id for t in catalogue.goal_titles
                         if names_in_text(text, [t.text])}),
        "themes": sorted(t.pk for t in catalogue.themes if names_in_text(text, [t.name])),
        "sdgs": sorted(catalogue.sdgs[n] for n in parsed.sdgs if n in catalogue.sdgs),
        "organizations": sorted(o.pk for o in catalogue.organizations
                                if names_in_text(text, o.names)),
        "programmes": sorted(p.pk for p in catalogue.programmes
                             if names_in_text(text, p.names)),
    }


def write_structure(document, parsed):
    document.citations.all().delete()
    document.clauses.all().delete()
    rows = {}
    for position, clause, parent in parsed.flat_clauses():
        rows[position] = Clause(
            document=document, position=position, kind=clause.kind, ordinal=clause.ordinal,
            number=clause.number, lead=clause.lead, text=clause.text,
        )
        if parent is not None:
            rows[position].parent = rows[parent]
    Clause.objects.bulk_create([r for r in rows.values() if r.parent is None])
    for row in rows.values():
        if row.parent is not None:
            row.parent_id = row.parent.pk
    Clause.objects.bulk_create([r for r in rows.values() if r.parent_id is not None])
    Citation.objects.bulk_create([
        Citation(document=document, clause=rows.get(position), symbol=c.symbol,
                 relation=c.relation)
        for position, c in parsed.all_citations()
    ])


def snapshot_of_parsed(parsed, fields, tags):
    snap = {k: (v.pk if hasattr(v, "pk") else v) for k, v in fields.items()}
    snap["clauses"] = [
        (position, c.kind, c.ordinal, parent, c.number, c.lead, c.text)
        for position, c, parent in parsed.flat_clauses()
    ]
    snap["citations"] = sorted((p or 0, c.symbol, c.relation) for p, c in parsed.all_citations())
    snap.update(tags)
    return snap


def snapshot_of_document(document):
    snap = {
        "kind": document.kind, "symbol": document.symbol, "slug": document.slug,
        "number": document.number, "title": document.title, "date": document.date,
        "year": document.year, "place": document.place, "session": document.session_id,
        "meeting": document.meeting_id, "status": document.status, "body": document.body,
        "source": document.source,
    }
    clauses = list(document.clauses.order_by("position"))
    positions = {c.pk: c.position for c in clauses}
    snap["clauses"] = [
        (c.position, c.kind, c.ordinal, positions.get(c.parent_id), c.number, c.lead, c.text)
        for c in clauses
    ]
    snap["citations"] = sorted(
        (positions.get(c.clause_id, 0), c.symbol, c.relation) for c in document.citations.all())
    for relation in ("goals", "themes", "sdgs", "organizations", "programmes"):
        snap[relation] = sorted(getattr(document, relation).values_list("pk", flat=True))
    return snap
