"""Many rows at once: PostgreSQL's COPY, inside the caller's transaction.

Used where the ORM's per-object work would cost more than the database's: the
corpus generator and the importer write tens of thousands of rows a run.
"""

from concurrent.futures import Future, ThreadPoolExecutor

import psycopg
from django.db import connection
from psycopg import pq
from psycopg.adapt import Dumper

from .models import Citation, Clause, Document

CLAUSE_COLUMNS = ["id", "document_id", "position", "kind", "ordinal", "parent_id", "number",
                  "lead", "text"]
CITATION_COLUMNS = ["document_id", "clause_id", "symbol", "relation"]
TSVECTOR_OID = 3614  # a built-in type's, fixed


def reserve_ids(cursor, model, count):
    """`count` ids from the model's sequence, for rows that refer to each other
    before they are written."""
    cursor.execute(
        # The sequence is looked up once: called for each row, the lookup would
        # cost ten times the nextval() itself.
        "WITH sequence AS MATERIALIZED "
        "(SELECT pg_get_serial_sequence(%s, 'id')::regclass AS name), "
        "reserved AS (SELECT nextval(sequence.name) AS id "
        "FROM sequence, generate_series(1, %s)) "
        # Usually a run of numbers: then only its ends cross the wire.
        "SELECT min(id), max(id), CASE WHEN max(id) - min(id) + 1 = count(*) THEN NULL "
        "ELSE array_agg(id) END FROM reserved", [model._meta.db_table, count])
    first, last, scattered = cursor.fetchone()
    if first is None:
        return []
    return scattered or list(range(first, last + 1))


def copy_rows(cursor, table, columns, rows):
    """COPY rows (tuples in columns' order) into table, in PostgreSQL's binary
    format: nothing to escape here, and nothing for the server to parse."""
    if not rows:
        return
    types = _column_types(cursor, table, columns)
    copy_cursor = cursor.cursor
    copy_cursor.adapters.register_dumper(_StoredVector, _StoredVectorDumper)
    # Django's error classes (IntegrityError...), as for its own queries.
    with cursor.db.wrap_database_errors, copy_cursor.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(types)
        for values in rows:
            copy.write_row(values)


_TYPES = {}


def _column_types(cursor, table, columns):
    """The columns' type oids (the built-in types', the same in every database)."""
    key = (table, tuple(columns))
    if key not in _TYPES:
        cursor.execute("SELECT attname, atttypid FROM pg_attribute "
                       "WHERE attrelid = %s::regclass AND attname = ANY(%s)", [table, columns])
        found = dict(cursor.fetchall())
        _TYPES[key] = [found[column] for column in columns]
    return _TYPES[key]


class _StoredVector:
    """Never instantiated: registers the dumper below by its oid."""


class _StoredVectorDumper(Dumper):
    """A search vector as search_vectors() gives it, already in binary form."""

    format = pq.Format.BINARY
    oid = TSVECTOR_OID

    def dump(self, obj):
        return obj


def copy_links(cursor, model, relation, rows):
    """COPY (model id, target id) rows into a many-to-many relation's table."""
    field = model._meta.get_field(relation)
    copy_rows(cursor, field.remote_field.through._meta.db_table,
              [field.m2m_column_name(), field.m2m_reverse_name()], rows)


def copy_contents(cursor, clauses, citations, links):
    """COPY documents' clauses and citations (rows in CLAUSE_COLUMNS' and
    CITATION_COLUMNS' order) and tag links ({relation: rows})."""
    copy_rows(cursor, Clause._meta.db_table, CLAUSE_COLUMNS, clauses)
    copy_rows(cursor, Citation._meta.db_table, CITATION_COLUMNS, citations)
    for relation, rows in links.items():
        copy_links(cursor, Document, relation, rows)


# A document's search vector from the parts search_text() gives; the one
# DocumentQuerySet.update_search_vectors() computes from the stored rows
# (tests/test_corpus.py and the importer's tests check that the two agree).
SEARCH_VECTOR = r"""
    setweight(to_tsvector('simple', coalesce(symbol, '')), 'A')
    || setweight(to_tsvector('english', title), 'A')
    || setweight(to_tsvector('english', operative_text), 'B')
    || setweight(to_tsvector('english', preambular_text), 'C')
    || setweight(to_tsvector('english', CASE WHEN has_clauses THEN '' ELSE
           regexp_replace(body, '([[:alpha:]])\.([[:alpha:]])', '\1. \2', 'g') END), 'D')
"""


def search_text(symbol, title, body, clauses):
    """What a document's search vector is made of: its clauses (each with
    kind, lead and text) or, without clauses, its body."""
    operative = " ".join(f"{c.lead} {c.text}" for c in clauses if c.kind != "preambular")
    preambular = " ".join(f"{c.lead} {c.text}" for c in clauses if c.kind == "preambular")
    return (symbol, title, operative, preambular, bool(clauses), None if clauses else body)


def search_vectors(texts):
    """The search vectors, in binary form for COPY, of texts made by search_text(),
    computed on this thread's connection."""
    if not texts:
        return []
    connection.ensure_connection()
    # Server-side binding, in binary both ways: the texts go as they are, not
    # escaped into array literals (in Python, holding the lock the writing
    # thread needs) that the server would parse again; the vectors come back
    # as they are.
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.format = pq.Format.BINARY
        cursor.execute(
            f"SELECT tsvectorsend({SEARCH_VECTOR}) FROM unnest("
            "%b::text[], %b::text[], %b::text[], %b::text[], %b::boolean[], %b::text[]) "
            "WITH ORDINALITY AS t(symbol, title, operative_text, preambular_text, has_clauses, "
            "body, position) ORDER BY position",
            [list(column) for column in zip(*texts, strict=True)])
        return [vector for (vector,) in cursor.fetchall()]


class SearchVectors:
    """search_vectors() ahead of the writes that need them.

    In the background, a thread computes them on a connection of its own:
    the database parses one batch's texts on one core while the caller's
    connection writes the previous batch on another. The texts are the
    caller's, so the thread needs nothing the caller has not committed.
    Otherwise they are computed at once on the caller's connection.
    """

    def __init__(self, background):
        self._executor = (ThreadPoolExecutor(1, thread_name_prefix="search-vectors")
                          if background else None)

    def submit(self, texts):
        """A Future of the texts' vectors."""
        if self._executor:
            return self._executor.submit(search_vectors, texts)
        future = Future()
        try:
            future.set_result(search_vectors(texts))
        except Exception as exc:
            future.set_exception(exc)
        return future

    def close(self):
        if self._executor:
            self._executor.submit(lambda: connection.close())  # the thread's, not ours
            self._executor.shutdown()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


class NewDocuments:
    """Documents inserted with COPY, each with its search vector."""

    COLUMNS = [
        "id", "kind", "symbol", "slug", "number", "title", "date", "year", "place",
        "session_id", "meeting_id", "status", "body", "source", "synthetic", "created_at",
        "updated_at", "search_vector",
    ]

    def __init__(self, cursor):
        self.cursor = cursor
        self.rows = []
        # New index entries gather in a larger pending list, merged less often;
        # lz4 compresses the long texts several times faster than the default
        # pglz (a server built without it keeps its default). One round trip.
        cursor.execute(
            "SELECT set_config('gin_pending_list_limit', '64MB', true), "
            "(SELECT set_config('default_toast_compression', 'lz4', true) FROM pg_settings "
            "WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals))")

    def add(self, values):
        """values: in COLUMNS' order, the search vector as search_vectors() gives it."""
        self.rows.append(values)

    def write(self):
        """Insert the documents added since the last write."""
        copy_rows(self.cursor, Document._meta.db_table, self.COLUMNS, self.rows)
        self.rows = []
