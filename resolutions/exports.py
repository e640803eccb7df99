"""Open-data exports: a filtered document list as streamed CSV or JSON, and
one document's reference as BibTeX, RIS or CSL-JSON.

Lists are filtered by the same DocumentFilter as the HTML list and read from
the database in chunks, so an export of any size never sits in memory whole.
"""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from .api.serializers import DocumentSerializer
from .filters import DocumentFilter
from .models import Document
from .models.sessions import ordinal

# The longest permalink key the model allows: a longer one names no document.
MAX_KEY_LENGTH = Document._meta.get_field("slug").max_length
# Rows fetched (and tags prefetched) per database round trip while streaming.
EXPORT_CHUNK_SIZE = 1000

# The CSV columns, in order; many-valued fields are joined with "; ".
CSV_COLUMNS = ["key", "symbol", "kind", "number", "title", "date", "year", "place", "session",
               "meeting", "status", "goals", "themes", "sdgs", "organizations", "url", "source"]
CSV_SEPARATOR = "; "

GENERAL_ASSEMBLY = "ICPO-INTERPOL General Assembly"
# The body every resolution names as its author ("The ICPO-INTERPOL General
# Assembly, meeting in …"); the other documents are INTERPOL's own publications.
ISSUING_BODIES = {Document.Kind.RESOLUTION: GENERAL_ASSEMBLY}
DEFAULT_ISSUING_BODY = "INTERPOL"


def with_list_relations(queryset):
    """Documents with what a list row shows joined or prefetched (per chunk when streamed)."""
    return queryset.select_related("session", "meeting").prefetch_related(
        "goals__edition", "themes", "sdgs", "organizations",
    )


def filtered_documents(request):
    """The documents of the HTML list for the request's filters, or the FilterSet's errors.

    The FilterSet is built as the list builds it, on its own base queryset, so
    an export holds exactly the rows the list pages through.
    """
    filterset = DocumentFilter(request.GET)
    if not filterset.is_valid():
        return None, filterset.errors
    return with_list_relations(filterset.qs), None


# Lists ------------------------------------------------------------------------


class _Echo:
    """A file-like object csv.writer writes to, handing each line straight back."""

    def write(self, value):
        return value


def _csv_value(value):
    if isinstance(value, list):
        return CSV_SEPARATOR.join(
            f"{item['edition']}/{item['number']}" if isinstance(item, dict) else str(item)
            for item in value
        )
    return "" if value is None else value


def csv_lines(documents, request):
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for document in documents.iterator(chunk_size=EXPORT_CHUNK_SIZE):
        row = DocumentSerializer(document, context={"request": request}).data
        yield writer.writerow([_csv_value(row[column]) for column in CSV_COLUMNS])


def json_chunks(documents, request):
    """A JSON array written one document at a time, in the API's document shape."""
    yield "["
    separator = "\n"
    for document in documents.iterator(chunk_size=EXPORT_CHUNK_SIZE):
        row = DocumentSerializer(document, context={"request": request}).data
        yield separator + json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


EXPORT_FORMATS = {
    "csv": (csv_lines, "text/csv; charset=utf-8"),
    "json": (json_chunks, "application/json"),
}


def document_export(request, fmt):
    """/resolutions/export.csv and .json: the filtered list, every page of it."""
    documents, errors = filtered_documents(request)
    if errors is not None:
        lines = [_("The export was not made: a filter value was refused.")]
        lines += [f"{field}: {message}" for field, messages in errors.items()
                  for message in messages]
        return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")
    stream, content_type = EXPORT_FORMATS[fmt]
    response = StreamingHttpResponse(stream(documents, request), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="documents.{fmt}"'
    return response


# Citations ----------------------------------------------------------------------


def issuing_body(document):
    return ISSUING_BODIES.get(document.kind, DEFAULT_ISSUING_BODY)


def day_range(start, end):
    """26–29 September 2017 · 28 November – 1 December 2023, as the documents write them."""
    if start == end:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


class Reference:
    """What every citation format says of a document, worked out once, in English.

    Resolutions bear no date of their own: they are cited by the year of the
    session that adopted them (Document.year, the year in their symbol), and
    the session's dates are given as the dates of the event, never as the
    document's own date.
    """

    def __init__(self, document, url):
        self.document = document
        self.url = url
        self.body = issuing_body(document)
        self.session = document.session
        self.date = document.date
        self.year = document.year
        self.symbol = document.symbol or ""
        self.title = document.title
        with translation.override("en"):
            self.genre = str(document.get_kind_display())
            self.status = str(document.get_status_display()) if document.status else ""

    @property
    def key(self):
        return "".join(c if c.isalnum() or c in "-_:" else "-" for c in self.document.slug)

    @property
    def place(self):
        if self.document.place:
            return self.document.place
        if self.session:
            return f"{self.session.city}, {self.session.country}"
        return ""

    @property
    def event(self):
        """'86th session of the ICPO-INTERPOL General Assembly', or ''."""
        if not self.session:
            return ""
        return f"{ordinal(self.session.number)} session of the {GENERAL_ASSEMBLY}"

    @property
    def event_dates(self):
        if not self.session:
            return ""
        return day_range(self.session.start_date, self.session.end_date)

    @property
    def note(self):
        parts = []
        if self.document.kind == Document.Kind.RESOLUTION and self.document.number:
            parts.append(f"Resolution No. {self.document.number}")
        if self.session:
            parts.append(f"{self.event}, {self.session.city}, {self.session.country}, "
                         f"{self.event_dates}")
        if self.status:
            parts.append(self.status)
        return "; ".join(parts)

    @property
    def text(self):
        """A reference to copy as it is: body, title, symbol, event or date, address."""
        parts = [self.body, self.title]
        label = " ".join(part for part in (self.genre, self.symbol) if part)
        if self.session:
            label += f", {self.event}, {self.session.city}, {self.session.country}, "
            label += self.event_dates
        elif self.date:
            label += f", {day_range(self.date, self.date)}"
        else:
            label += f", {self.year}"
        parts += [label, self.url]
        return ". ".join(parts)

    @property
    def bibtex(self):
        return bibtex(self)


BIBTEX_SPECIAL = str.maketrans({
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
})
BIBTEX_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                 "dec"]


def bibtex(ref):
    """A @misc entry: the issuing body as a corporate author (double braces keep it whole)."""
    fields = [("author", "{" + ref.body.translate(BIBTEX_SPECIAL) + "}"),
              ("title", "{" + ref.title.translate(BIBTEX_SPECIAL) + "}")]
    if ref.symbol:
        fields.append(("number", ref.symbol.translate(BIBTEX_SPECIAL)))
    fields.append(("type", ref.genre))
    fields.append(("year", str(ref.year)))
    if ref.date:
        fields.append(("date", ref.date.isoformat()))
    if ref.place:
        fields.append(("address", ref.place.translate(BIBTEX_SPECIAL)))
    if ref.note:
        fields.append(("note", ref.note.translate(BIBTEX_SPECIAL)))
    fields.append(("url", ref.url))
    lines = [f"@misc{{{ref.key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    if ref.date:
        # Month as BibTeX's own macro, so styles print it in their language.
        lines.insert(-1, f"  month = {BIBTEX_MONTHS[ref.date.month - 1]},")
    lines.append("}")
    return "\n".join(lines) + "\n"


RIS_TYPES = {
    Document.Kind.RESOLUTION: "GOVDOC",
    Document.Kind.REPORT: "RPRT",
    Document.Kind.MEETING_SUMMARY: "RPRT",
    Document.Kind.NEWS: "ELEC",
}


def ris(ref):
    """One RIS record: two-letter tags, CRLF line ends, closed by ER."""
    tags = [("TY", RIS_TYPES[ref.document.kind]), ("AU", ref.body), ("TI", ref.title)]
    if ref.symbol:
        tags.append(("M1", ref.symbol))
    tags.append(("M3", ref.genre))
    tags.append(("PY", str(ref.year)))
    if ref.date:
        tags.append(("DA", ref.date.strftime("%Y/%m/%d/")))
    if ref.event:
        tags.append(("T2", ref.event))
    if ref.place:
        tags.append(("CY", ref.place))
    if ref.note:
        tags.append(("N1", ref.note))
    tags += [("UR", ref.url), ("ER", "")]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in tags)


CSL_TYPES = {
    Document.Kind.RESOLUTION: "legislation",
    Document.Kind.REPORT: "report",
    Document.Kind.MEETING_SUMMARY: "report",
    Document.Kind.NEWS: "document",
}


def _date_parts(*dates):
    return {"date-parts": [[d.year, d.month, d.day] for d in dates]}


def csl_json(ref):
    """A CSL-JSON item (a one-item list, as reference managers import it)."""
    item = {
        "id": ref.key,
        "type": CSL_TYPES[ref.document.kind],
        "title": ref.title,
        "author": [{"literal": ref.body}],
        "genre": ref.genre,
        "issued": _date_parts(ref.date) if ref.date else {"date-parts": [[ref.year]]},
        "URL": ref.url,
    }
    if ref.symbol:
        item["number"] = ref.symbol
    if ref.place:
        item["publisher-place"] = ref.place
    if ref.session:
        item["event-title"] = ref.event
        item["event-place"] = f"{ref.session.city}, {ref.session.country}"
        item["event-date"] = _date_parts(ref.session.start_date, ref.session.end_date)
    if ref.status:
        item["status"] = ref.status
    if ref.note:
        item["note"] = ref.note
    return [item]


CITATION_FORMATS = {
    "bib": (bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": (ris, "application/x-research-info-systems; charset=utf-8"),
    "json": (lambda ref: json.dumps(csl_json(ref), ensure_ascii=False, indent=2) + "\n",
             "application/vnd.citationstyles.csl+json; charset=utf-8"),
}


def find_document(key):
    """The document a permalink key names (or its symbol in any case), or 404."""
    if len(key) > MAX_KEY_LENGTH or "\x00" in key:
        raise Http404(_("No document has this key."))
    documents = Document.objects.select_related("session", "meeting")
    found = documents.filter(slug=key).first()
    if found is None:
        matches = list(documents.by_key(key)[:2])
        if len(matches) != 1:
            raise Http404(_("No document has this key."))
        found = matches[0]
    return found


def reference_for(request, key):
    document = find_document(key)
    return Reference(document, request.build_absolute_uri(document.get_absolute_url()))


def document_citation(request, key, fmt):
    """/resolutions/<key>/cite.bib, .ris and .json (CSL-JSON)."""
    ref = reference_for(request, key)
    render, content_type = CITATION_FORMATS[fmt]
    response = HttpResponse(render(ref), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{ref.key}.{fmt}"'
    return response
