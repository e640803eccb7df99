"""Plain text of a document -> a typed, structured result. Pure: no Django.

Two families of text are read:

* Resolutions of the General Assembly: a header (``Resolution No. 6``, the
  symbol, ``Subject: ...``), the session sentence (``The ICPO-INTERPOL General
  Assembly, meeting in <city>, <country>, from <dates> at its <N>th session:``),
  preambular clauses (lead words ending in -ING or -ED, or adjectives such as
  COGNIZANT), operative clauses (verbs such as ENDORSES), numbered items under
  the clause that introduces them, and a closing status (Adopted / Rejected).
* Other documents: news releases (a date line, a headline and a dateline such
  as ``LYON, France –``) and meeting summaries (a text that opens on the date of
  the meeting).

Every failure is a DocumentFormatError naming the line at fault.
"""

import datetime
import functools
import re
from dataclasses import asdict, dataclass, field

from . import dates
from .errors import DocumentFormatError
from .text import clean_lines, folded, join_body, slugify

RESOLUTION = "resolution"
REPORT = "report"
MEETING_SUMMARY = "meeting_summary"
NEWS = "news"
KINDS = (RESOLUTION, REPORT, MEETING_SUMMARY, NEWS)

PREAMBULAR = "preambular"
OPERATIVE = "operative"
ITEM = "item"

# The symbol styles in use over the years: GA-2017-86-RES-06 (since 2016),
# AG-2012-RES-08 (the French initials, until 2015), AGN/53/RES/7 (older).
SYMBOL = re.compile(
    r"(?<![\w/-])(?:GA-(?P<ga_year>[0-9]{4})-(?P<ga_session>[0-9]{2,3})-(?P<ga_type>RES|REP)"
    r"-(?P<ga_number>[0-9]{1,3})"
    r"|AG-(?P<ag_year>[0-9]{4})-(?P<ag_type>RES|REP)-(?P<ag_number>[0-9]{1,3})"
    r"|AGN/(?P<agn_session>[0-9]{2})/(?P<agn_type>RES|REP)/(?P<agn_number>[0-9]{1,3}))"
    r"(?![\w/-])"
)

_RESOLUTION_NUMBER = re.compile(
    r"^resolution\s+(?:no\.?|n[°o]\.?|number|#)?\s*(?P<number>[0-9]{1,3})\b(?![/-])",
    re.IGNORECASE)
_SUBJECT = re.compile(r"^(?:subject|object)\s*:\s*(?P<title>.*)$", re.IGNORECASE)
_SESSION_SENTENCE = re.compile(
    r"general\s+assembly\b.*?\bmeeting\s+in\s+(?P<place>.+?),?\s+(?:from|on)\s+(?P<dates>.+?)"
    r",?\s+(?:at|for|in|during)\s+its\s+(?P<number>[0-9]{1,3})\s*(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(
    r"^the\s+(?:icpo|interpol|general\s+assembly)|general\s+assembly\b.*\bmeeting\b",
    re.IGNORECASE)
_STATUS = re.compile(r"^(?P<status>adopted|rejected)\b\W*(?:\w.{0,80})?$", re.IGNORECASE)
_ITEM = re.compile(
    r"^(?:\(?(?P<number>[0-9]{1,2}|[a-z]|[ivx]{1,5})[.)]|[•▪◦‣∙·*–—-](?=\s))\s*(?P<rest>\S.*)$")

# All-capital words that are names, never lead words ("RECALLING INTERPOL
# General Assembly Resolution..." has the lead RECALLING alone).
_NAMES = frozenset({
    "INTERPOL", "ICPO", "UN", "UNODC", "UNDP", "UNESCO", "UNICEF", "UNHCR", "EU", "NCB", "NCBS",
    "USA", "UK", "UAE", "CCF", "IPSG", "AFRIPOL", "AMERIPOL", "ASEANAPOL", "EUROPOL", "GCCPOL",
    "ECO", "SCO", "RATS", "AIMC", "CARICOM", "IMPACS", "SDG", "SDGS", "GPG", "GPGS", "NATO",
    "OSCE", "WCO", "ICAO", "IATA", "CITES", "DNA", "ICT", "AI", "I", "OAS", "AU", "ASEAN",
    "SADC", "SARPCCO", "EAPCCO", "WAPCCO", "CCPAC", "PCC", "SEE", "FATF", "IOM", "OECD", "WHO",
    "ILO", "EDPP", "INTERPOL'S",
})
# Adverbs that may come before or after the lead verb (RECALLING ALSO, FURTHER
# REQUESTS); the verb that follows decides the kind of clause.
_ADVERBS = frozenset({
    "ALSO", "FURTHER", "FURTHERMORE", "MOREOVER", "FINALLY", "AGAIN", "THEREFORE", "HEREBY",
    "NOW", "MOST", "STILL", "EVEN", "THUS",
})
_PREAMBULAR_ADJECTIVES = frozenset({
    "COGNIZANT", "COGNISANT", "MINDFUL", "AWARE", "CONSCIOUS", "CONVINCED", "CONCERNED",
    "DESIROUS", "DETERMINED", "ANXIOUS", "KEEN", "APPRECIATIVE", "GRATEFUL", "WHEREAS",
    "PURSUANT",
})
_RELATIONS = [
    (("RECALL",), "recalls"),
    (("ENDORS",), "endorses"),
    (("SUPPORT",), "supports"),
    (("WELCOM",), "welcomes"),
    (("NOTING", "NOTES", "NOTE"), "notes"),
    (("ACKNOWLEDG",), "acknowledges"),
    (("REQUEST",), "requests"),
    (("ADOPT",), "adopts"),
    (("APPROV",), "approves"),
    (("REFER", "REGARD"), "refers"),
]
_CLAUSE_END = (",", ";", ":", ".")


@dataclass
class SessionInfo:
    number: int
    city: str
    country: str
    start_date: datetime.date
    end_date: datetime.date
    line: int


@dataclass
class CitationInfo:
    symbol: str
    relation: str


@dataclass
class ClauseInfo:
    kind: str
    ordinal: int
    lead: str
    text: str
    line: int
    number: str = ""
    items: list = field(default_factory=list)
    citations: list = field(default_factory=list)


@dataclass
class ParsedDocument:
    kind: str
    title: str
    year: int
    body: str
    key: str
    symbol: str | None = None
    number: int | None = None
    date: datetime.date | None = None
    place: str = ""
    status: str = ""
    session: SessionInfo | None = None
    clauses: list = field(default_factory=list)
    # Symbols cited outside any clause (in news and summaries).
    citations: list = field(default_factory=list)
    sdgs: list = field(default_factory=list)
    # Sessions named by ordinal ("the 88th session"), for documents about one.
    sessions_named: list = field(default_factory=list)

    def flat_clauses(self):
        """(position, clause, parent position or None), in reading order."""
        position = 0
        for clause in self.clauses:
            position += 1
            parent = position
            yield position, clause, None
            for item in clause.items:
                position += 1
                yield position, item, parent

    def all_citations(self):
        """(clause position or None, citation) for every citation."""
        for position, clause, _ in self.flat_clauses():
            for citation in clause.citations:
                yield position, citation
        for citation in self.citations:
            yield None, citation

    def as_dict(self):
        """A JSON-ready view (dates as ISO strings), used by golden files and previews."""

        def clean(value):
            if isinstance(value, datetime.date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items() if k != "line"}
            if isinstance(value, list):
                return [clean(v) for v in value]
            return value

        return clean(asdict(self))


def parse_document(text, kind=None):
    """Parse the text of one document. `kind` forces a kind; by default it is
    recognised from the text."""
    lines = clean_lines(text)
    content = [(n, t) for n, t in lines if t]
    if not content:
        raise DocumentFormatError("the text is empty", line=1)
    if kind is None:
        kind = detect_kind(content)
    if kind not in KINDS:
        raise DocumentFormatError(f"unknown kind of document: {kind}")
    if kind in (RESOLUTION, REPORT):
        return _parse_resolution(lines, content)
    return _parse_other(lines, content, kind)


def detect_kind(content):
    for _, text in content:
        if (_RESOLUTION_NUMBER.match(text) and len(text) <= 40) \
                or _SESSION_SENTENCE.search(text):
            return RESOLUTION
        if SYMBOL.fullmatch(text):
            return REPORT if "REP" in text else RESOLUTION
    if any(_dateline(text) for _, text in content[:12]):
        return NEWS
    if any(text.casefold() in ("all news", "news") for _, text in content[:3]):
        return NEWS
    if _MEETING_WORDS.search(" ".join(text for _, text in content)):
        return MEETING_SUMMARY
    raise DocumentFormatError(
        "cannot tell what kind of document this is: no resolution header, no news dateline "
        "and no meeting named", line=content[0][0])


# --- resolutions -------------------------------------------------------------

def _paragraphs(lines):
    """Runs of non-blank lines: (first line number, [(number, text), ...])."""
    block = []
    for number, text in lines:
        if text:
            block.append((number, text))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _parse_resolution(lines, content):
    number = symbol = symbol_line = title = None
    session = candidate_line = None
    header_end = 0
    # Lines of the header other than number, symbol and subject: in layouts
    # without a "Subject:" line, the first of them is the title.
    headings = []
    for block in _paragraphs(lines):
        in_subject = False
        sentence_start = None
        for index, (line_number, text) in enumerate(block):
            # The session sentence may run over several lines, and the first
            # clause may follow it without a blank line.
            if sentence_start is None and _SENTENCE_START.search(text):
                sentence_start = index
                candidate_line = candidate_line or line_number
            if sentence_start is not None:
                sentence = " ".join(t for _, t in block[sentence_start:index + 1])
                match = _SESSION_SENTENCE.search(sentence)
                if match:
                    session = _session(match, block[sentence_start][0])
                    header_end = line_number
                    break
                continue
            subject = _SUBJECT.match(text)
            heading = _RESOLUTION_NUMBER.match(text)
            found = SYMBOL.search(text)
            if subject:
                title, in_subject = subject["title"], True
            elif in_subject:
                title = f"{title} {text}".strip()
            else:
                if heading:
                    number = int(heading["number"])
                if found and symbol is None and len(text) <= 80:
                    symbol, symbol_line = found.group(0), line_number
                elif not heading and not found and len(text.split()) >= 2:
                    headings.append(text)
        if session is not None:
            break
        header_end = block[-1][0]
    if session is None:
        raise DocumentFormatError(
            "no session sentence found: expected 'The ICPO-INTERPOL General Assembly, meeting "
            "in <city>, <country>, from <dates> at its <N>th session:'",
            line=candidate_line or content[0][0])
    if symbol is None:
        raise DocumentFormatError(
            "no document symbol (such as GA-2017-86-RES-06) before the session sentence",
            line=session.line)
    title = title or (headings[0] if headings else None)
    if not title:
        raise DocumentFormatError("no 'Subject:' line before the session sentence",
                                  line=session.line)
    year = _check_symbol(symbol, symbol_line, number, session)
    if number is None and "RES" in symbol:
        # The symbol ends with the resolution's number: AGN/53/RES/7 is No. 7.
        number = int(re.split(r"[-/]", symbol)[-1])
    clauses, status = _clauses([(n, t) for n, t in lines if n > header_end], symbol)
    if not clauses:
        raise DocumentFormatError("no clauses after the session sentence", line=session.line)
    kind = REPORT if SYMBOL.fullmatch(symbol).group(0).find("REP") >= 0 else RESOLUTION
    body = join_body(lines)
    return ParsedDocument(
        kind=kind, title=title, year=year, body=body, key=symbol, symbol=symbol,
        number=number, place=_place(session), status=status, session=session, clauses=clauses,
        sdgs=find_sdgs(body),
    )


def _session(match, line):
    place = match["place"].strip().rstrip(",")
    city, _, country = place.rpartition(",")
    if not city:
        # "Antalya (Turkey)", or a city-state with no country named apart.
        bracketed = re.fullmatch(r"(.+?)\s*\((.+)\)", place)
        city, country = (bracketed[1], bracketed[2]) if bracketed else (place, "")
    try:
        start, end = dates.parse_range(match["dates"])
    except dates.DateError as exc:
        raise DocumentFormatError(f"session dates: {exc}", line=line) from exc
    return SessionInfo(number=int(match["number"]), city=city.strip(), country=country.strip(),
                       start_date=start, end_date=end, line=line)


def _place(session):
    return ", ".join(part for part in (session.city, session.country) if part)


def _check_symbol(symbol, line, number, session):
    """The symbol, heading number and session sentence must agree; returns the year."""
    parts = SYMBOL.fullmatch(symbol)
    sequence = int(parts["ga_number"] or parts["ag_number"] or parts["agn_number"])
    if number is not None and number != sequence:
        raise DocumentFormatError(
            f"the heading says Resolution No. {number} but the symbol {symbol} says {sequence}",
            line=line)
    session_number = parts["ga_session"] or parts["agn_session"]
    if session_number and int(session_number) != session.number:
        raise DocumentFormatError(
            f"the symbol {symbol} names session {int(session_number)} but the text says the "
            f"{session.number}th session", line=line)
    year = parts["ga_year"] or parts["ag_year"]
    if year and int(year) not in (session.start_date.year, session.end_date.year):
        raise DocumentFormatError(
            f"the symbol {symbol} names the year {year} but the session met in "
            f"{session.start_date.year}", line=line)
    return int(year) if year else session.start_date.year


_LEAD_WORD = re.compile(r"[A-Z]{2,}|A")


def split_lead(text):
    """('RECALLING ALSO', 'the 2022 ...') for a clause; ('', text) when there is no lead."""
    # Lead words are at most six: the words after the eighth never matter.
    words = text.split(" ", 8)
    lead = []
    for word in words:
        core = word.rstrip(",;:")
        if not _LEAD_WORD.fullmatch(core) or core in _NAMES:
            break
        lead.append(core)
        if core != word:
            break
    while lead and lead[-1] == "A":
        lead.pop()
    if len(lead) > 6:
        # A line in capitals is a heading or a shout, not lead words.
        return "", text
    if not lead or len(" ".join(lead)) < 4 or lead[0] in _ADVERBS and len(lead) == 1:
        return "", text
    rest = text[len(" ".join(lead)):].lstrip(" ,;:")
    return " ".join(lead), rest


def clause_kind(lead):
    """Preambular for participles and adjectives (NOTING, COGNIZANT), operative
    for verbs in the present tense (NOTES, REQUESTS, IS OF THE OPINION)."""
    words = [w for w in lead.split() if w not in _ADVERBS and not w.endswith("LY")]
    head = words[0] if words else lead.split()[0]
    if head in _PREAMBULAR_ADJECTIVES or head.endswith(("ING", "ED", "OUS", "SS")):
        return PREAMBULAR
    return OPERATIVE if head.endswith("S") else PREAMBULAR


@functools.lru_cache(maxsize=1024)
def relation_for(lead):
    # Leads are few (RECALLING, REQUESTS...) and repeat in every text.
    for word in lead.split():
        for stems, relation in _RELATIONS:
            if any(word == stem or (len(stem) > 4 and word.startswith(stem)) for stem in stems):
                return relation
    return "cites"


def find_symbols(text, exclude=None):
    seen = []
    # Every symbol style holds -RES-, -REP-, /RES/ or /REP/: most clauses cite
    # nothing, and a substring test settles them sooner than the pattern.
    if "-RE" not in text and "/RE" not in text:
        return seen
    for match in SYMBOL.finditer(text):
        if match.group(0) != exclude and match.group(0) not in seen:
            seen.append(match.group(0))
    return seen


def _clauses(lines, own_symbol):
    content = [(n, t) for n, t in lines if t]
    status = ""
    closing = [(n, m) for n, m in ((n, _STATUS.match(t)) for n, t in content) if m]
    if closing:
        # What follows the status (an appendix, a footnote) stays in the body only.
        last, match = closing[-1]
        status = match["status"].lower()
        lines = [(n, t) for n, t in lines if n < last]
    clauses = []
    ordinals = {}  # kind -> clauses of that kind so far
    current = item = None
    after_blank = True
    previous_text = ""
    for number, text in lines:
        if not text:
            after_blank = True
            continue
        starts_paragraph = after_blank or previous_text.endswith(_CLAUSE_END)
        was_blank, after_blank, previous_text = after_blank, False, text
        numbered = _ITEM.match(text)
        lead, rest = split_lead(numbered["rest"] if numbered else text)
        if lead and starts_paragraph:
            kind = clause_kind(lead)
            ordinal = ordinals[kind] = ordinals.get(kind, 0) + 1
            current = ClauseInfo(kind=kind, ordinal=ordinal, lead=lead, text=rest, line=number,
                                 number=(numbered["number"] or "") if numbered else "")
            clauses.append(current)
            item = None
        elif numbered and starts_paragraph:
            if current is None:
                raise DocumentFormatError(
                    "a numbered item comes before any clause that could introduce it",
                    line=number)
            item = ClauseInfo(kind=ITEM, ordinal=len(current.items) + 1, lead="",
                              text=numbered["rest"], line=number, number=numbered["number"] or "")
            current.items.append(item)
        elif current is None:
            raise DocumentFormatError(
                "expected a clause opening with its lead words in capitals (such as RECALLING "
                f"or REQUESTS), found: {text[:60]}", line=number)
        elif was_blank:
            # A paragraph of its own after items or a clause belongs to the clause.
            item = None
            current.text = f"{current.text}\n\n{text}".strip()
        else:
            target = item or current
            target.text = f"{target.text} {text}".strip()
    for clause in clauses:
        relation = relation_for(clause.lead)
        clause.citations = [CitationInfo(s, relation)
                            for s in find_symbols(clause.text, own_symbol)]
        for sub in clause.items:
            sub.citations = [CitationInfo(s, relation)
                             for s in find_symbols(sub.text, own_symbol)]
    return clauses, status


# --- news releases and meeting summaries -------------------------------------

_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z .'’-]{1,40}[A-Z]),\s+(?P<country>[A-Z][\w .'’()-]{1,40}?)\s*[–—-]\s+\S")
_MEETING_WORDS = re.compile(
    r"\b(?:meeting|meetings|session|conference|working group|workshop|dialogue|summit|met)\b",
    re.IGNORECASE)
_NAVIGATION = frozenset({"all news", "news", "print", "share", "back", "|", "see also"})
_MEETING_TITLE = re.compile(
    r"\b(?:the|a)\s+meeting\s+(?:on|of)\s+(?:the\s+)?(?P<title>[^.]{8,300}?)\.(?:\s|$)")
_HELD_IN = re.compile(
    r"\b(?:held|took\s+place|was\s+convened|met)\s+in\s+(?P<place>[A-Z][\w’'-]+"
    r"(?:\s+[A-Z][\w’'-]+)*(?:,\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)?)"
)
_ORDINAL_SESSION = re.compile(
    r"\b(?P<number>[0-9]{1,3})(?:st|nd|rd|th)\s+(?:session\b|(?:INTERPOL\s+)?General\s+Assembly)",
    re.IGNORECASE)


def _dateline(text):
    match = _DATELINE.match(text)
    if not match or not re.search(r"[A-Z]{3}", match["city"]):
        return None
    return match


def _without_chrome(lines):
    """Drop the links of the web page around a release ("All news", "See also")."""
    first = next((i for i, (_, t) in enumerate(lines) if t and t.casefold() not in _NAVIGATION),
                 len(lines))
    last = next((i for i in range(len(lines) - 1, -1, -1)
                 if lines[i][1] and lines[i][1].casefold() not in _NAVIGATION), -1)
    return lines[first:last + 1]


def _find_date(text, line):
    try:
        return dates.find_date(text)
    except dates.DateError as exc:
        raise DocumentFormatError(str(exc), line=line) from exc


def _without_repeats(lines):
    """Drop a line that repeats an earlier one word for word: captions of
    pictures come twice in pages saved from the web."""
    seen = set()
    kept = []
    for number, text in lines:
        if text and text in seen:
            continue
        seen.add(text)
        kept.append((number, text))
    return kept


def _parse_other(lines, content, kind):
    first_line = content[0][0]
    lines = _without_chrome(_without_repeats(lines))
    content = [(n, t) for n, t in lines if t]
    if not content:
        raise DocumentFormatError("nothing but links of a web page", line=first_line)
    body = join_body(lines)
    dateline_index = next((i for i, (_, t) in enumerate(content) if _dateline(t)), None)
    header = content[:dateline_index] if dateline_index is not None else content[:4]

    doc_date = None
    date_line = None
    for number, text in header:
        found, match = _find_date(text, number)
        if found and len(match.group(0)) >= len(text) - 2:
            doc_date, date_line = found, number
            break
    if doc_date is None:
        for number, text in content:
            found, _ = _find_date(text, number)
            if found:
                doc_date, date_line = found, number
                break
    if doc_date is None:
        raise DocumentFormatError(
            "no date found: a news release or meeting summary must bear its date "
            "(such as 03 May 2017 or 3rd July 2023)", line=content[0][0])

    title = None
    if dateline_index is not None or kind == NEWS:
        for number, text in header:
            if number == date_line or text.casefold() in _NAVIGATION or len(text.split()) < 3:
                continue
            title = text
            break
    if title is None:
        first = content[0][1]
        if len(first.split()) <= 20 and not first.endswith((".", ",", ";", ":")) \
                and not dates.DATE.fullmatch(first):
            title = first
        else:
            match = _MEETING_TITLE.search(first)
            if match:
                title = match["title"].strip()
    if not title:
        raise DocumentFormatError(
            "no title found: expected a headline line, or a first sentence naming "
            "'the meeting on ...'", line=content[0][0])

    place = ""
    if dateline_index is not None:
        dateline = _dateline(content[dateline_index][1])
        place = f"{dateline['city'].title()}, {dateline['country'].strip()}"
    else:
        match = _HELD_IN.search(" ".join(t for _, t in content))
        if match:
            place = match["place"]

    stem = slugify(title)
    while len(stem) > 100 and "-" in stem:
        stem = stem.rsplit("-", 1)[0]
    key = f"{doc_date.isoformat()}-{stem[:100]}".rstrip("-")
    sessions_named = sorted({int(m["number"]) for m in _ORDINAL_SESSION.finditer(body)})
    return ParsedDocument(
        kind=kind, title=title, year=doc_date.year, body=body, key=key, date=doc_date,
        place=place, citations=[CitationInfo(s, "cites") for s in find_symbols(body)],
        sdgs=find_sdgs(body), sessions_named=sessions_named,
    )


# --- tags found in any text --------------------------------------------------

_SDG_LIST = r"(?P<numbers>[0-9]{1,2}(?:\s*(?:,|and|&)\s*(?:sdg\s*)?[0-9]{1,2}(?![0-9]))*)"
# Matched against folded text, which is in lower case. The pattern opens on a
# plain "s" (the word boundary is checked behind it) so that the search skips
# ahead from one "s" to the next instead of trying every position.
_SDG = re.compile(
    r"s(?<!\ws)(?:dgs?|ustainable\s+development\s+goals?)\s*(?:no\.?\s*)?" + _SDG_LIST
    + r"(?![0-9])")


def find_sdgs(text):
    """The SDG numbers a text names ("Sustainable Development Goal 16", "SDGs 5 and 17")."""
    found = set()
    text = folded(text)
    if "sdg" not in text and "sustainable" not in text:
        return []
    for match in _SDG.finditer(text):
        for number in re.findall(r"[0-9]{1,2}", match["numbers"]):
            if 1 <= int(number) <= 17:
                found.add(int(number))
    return sorted(found)
