"""Many rows at once: PostgreSQL's COPY, inside the caller's transaction.

Used where the ORM's per-object work would cost more than the database's: the
corpus generator and the importer write tens of thousands of rows a run.
"""

from .models import Citation, Clause, Document

CLAUSE_COLUMNS = ["id", "document_id", "position", "kind", "ordinal", "parent_id", "number",
                  "lead", "text"]
CITATION_COLUMNS = ["document_id", "clause_id", "symbol", "relation"]


def reserve_ids(cursor, model, count):
    """`count` ids from the model's sequence, for rows that refer to each other
    before they are written."""
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                   "FROM generate_series(1, %s)", [model._meta.db_table, count])
    return [row[0] for row in cursor.fetchall()]


def row(*values):
    """One line of COPY's text format."""
    return "\t".join(_copy_text(v) for v in values) + "\n"


def copy_rows(cursor, table, columns, rows):
    """COPY the lines made by row() into table's columns."""
    if rows:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write("".join(rows))


def copy_links(cursor, model, relation, rows):
    """COPY (model id, target id) lines into a many-to-many relation's table."""
    field = model._meta.get_field(relation)
    copy_rows(cursor, field.remote_field.through._meta.db_table,
              [field.m2m_column_name(), field.m2m_reverse_name()], rows)


def copy_contents(cursor, clauses, citations, links):
    """COPY documents' clauses and citations (lines in CLAUSE_COLUMNS' and
    CITATION_COLUMNS' order) and tag links ({relation: lines})."""
    copy_rows(cursor, Clause._meta.db_table, CLAUSE_COLUMNS, clauses)
    copy_rows(cursor, Citation._meta.db_table, CITATION_COLUMNS, citations)
    for relation, rows in links.items():
        copy_links(cursor, Document, relation, rows)


def _copy_text(value):
    if value is None:
        return r"\N"
    if value is True or value is False:
        return "t" if value else "f"
    if not isinstance(value, str):
        return str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return (value.replace("\\", "\\\\").replace("\t", "\\t")
                .replace("\n", "\\n").replace("\r", "\\r"))
    return value


class NewDocuments:
    """Documents inserted with COPY through a staging table, each with its
    search vector computed on the way in, so that no row is written twice.

    The vector is the one DocumentQuerySet.update_search_vectors() computes
    (tests/test_corpus.py and the importer's tests check the two agree).
    """

    COLUMNS = [
        "id", "kind", "symbol", "slug", "number", "title", "date", "year", "place",
        "session_id", "meeting_id", "status", "body", "source", "synthetic", "created_at",
        "updated_at",
    ]
    STAGING = "new_document_staging"
    SEARCH_VECTOR = r"""
        setweight(to_tsvector('simple', coalesce(symbol, '')), 'A')
        || setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', operative_text), 'B')
        || setweight(to_tsvector('english', preambular_text), 'C')
        || setweight(to_tsvector('english', CASE WHEN has_clauses THEN '' ELSE
               regexp_replace(body, '([[:alpha:]])\.([[:alpha:]])', '\1. \2', 'g') END), 'D')
    """

    def __init__(self, cursor):
        self.cursor = cursor
        self.table = Document._meta.db_table
        self.rows = []
        # lz4 compresses the long texts several times faster than the default
        # pglz; a server built without it keeps its default.
        cursor.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
                       "AND 'lz4' = ANY(enumvals)")
        if cursor.fetchone():
            cursor.execute("SET LOCAL default_toast_compression = 'lz4'")
        # New index entries gather in a larger pending list, merged less often.
        cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")
        cursor.execute(f"CREATE TEMPORARY TABLE {self.STAGING} (LIKE {self.table}) "
                       "ON COMMIT DROP")
        cursor.execute(
            f"ALTER TABLE {self.STAGING} ADD COLUMN operative_text text, "
            "ADD COLUMN preambular_text text, ADD COLUMN has_clauses boolean, "
            "ALTER COLUMN body SET STORAGE EXTERNAL")

    def add(self, values, clauses):
        """values: in COLUMNS' order; clauses: the document's, in order, each
        with kind, lead and text."""
        operative = " ".join(f"{c.lead} {c.text}" for c in clauses if c.kind != "preambular")
        preambular = " ".join(f"{c.lead} {c.text}" for c in clauses if c.kind == "preambular")
        self.rows.append(row(*values, operative, preambular, bool(clauses)))

    def write(self):
        """Insert the documents added since the last write."""
        columns = ", ".join(self.COLUMNS)
        copy_rows(self.cursor, self.STAGING,
                  [*self.COLUMNS, "operative_text", "preambular_text", "has_clauses"], self.rows)
        self.cursor.execute(f"INSERT INTO {self.table} ({columns}, search_vector) "
                            f"SELECT {columns}, {self.SEARCH_VECTOR} FROM {self.STAGING}")
        self.cursor.execute(f"TRUNCATE {self.STAGING}")
        self.rows = []

    def close(self):
        self.cursor.execute(f"DROP TABLE {self.STAGING}")
