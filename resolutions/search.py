"""Full-text search settings and the reading of symbol-shaped queries.

The query logic itself lives on DocumentQuerySet; this module holds what it
is tuned with, and turns what a user typed into either a text query or a
document symbol.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Exists, OuterRef
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Goal, GoalTitle, SubGoal, SubGoalText, Theme
from .models.documents import SEARCH_CONFIG

# Longer queries are refused with a message rather than sent to the database.
MAX_QUERY_LENGTH = 200
# A text query keeps at most this many matches, the most recent: ranking and
# counting read each match's vector, so a word found in most of the base must
# not make them read it all. The page says so when a query matches more.
RANK_CANDIDATES = 1000
# Cover density (ts_rank_cd) rewards the query's words standing close together,
# so a text about "the review of the Global Policing Goals" beats one that
# merely uses each word somewhere. Normalization 1 divides by 1 + log(length):
# a long text does not win by length alone.
RANK_OPTIONS = {"normalization": 1, "cover_density": True}
# Titles offered as "did you mean" when nothing matches.
SUGGESTION_LIMIT = 5
SUGGESTION_MIN_SIMILARITY = 0.45
# Snippets: delimiters no text contains, replaced by <mark> after escaping so
# a document's own angle brackets can never become markup.
HEADLINE_START = "\u2063\u2063["
HEADLINE_STOP = "]\u2063\u2063"
HEADLINE_OPTIONS = {
    "start_sel": HEADLINE_START,
    "stop_sel": HEADLINE_STOP,
    "max_fragments": 2,
    "max_words": 30,
    "min_words": 12,
    "fragment_delimiter": " … ",
}


def text_query(text):
    """The websearch query for what a user typed: "phrases", OR, -word."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def marked_headline(headline):
    """Escape a headline from the database, then turn its delimiters into <mark>."""
    if not headline:
        return ""
    html = escape(headline).replace(escape(HEADLINE_START), "<mark>")
    return mark_safe(html.replace(escape(HEADLINE_STOP), "</mark>"))


@dataclass(frozen=True)
class SymbolQuery:
    """A document symbol read from loose input: any case, any separators,
    with or without zero-padding, the session number possibly left out."""

    style: str  # "GA" (GA-2017-86-RES-06), "AG" (AG-2012-RES-08) or "AGN" (AGN/53/RES/7)
    kind: str  # "RES" or "REP"
    number: int
    year: int | None = None
    session: int | None = None

    def candidates(self):
        """Every spelling the symbol may have in the base (padding varies)."""
        numbers = sorted({str(self.number), f"{self.number:02d}", f"{self.number:03d}"})
        if self.style == "AGN":
            return [f"AGN/{self.session}/{self.kind}/{n}" for n in numbers]
        if self.style == "AG":
            return [f"AG-{self.year}-{self.kind}-{n}" for n in numbers]
        return [f"GA-{self.year}-{self.session}-{self.kind}-{n}" for n in numbers]

    @property
    def pattern(self):
        """A regular expression for the symbol when the session is unknown.

        Built from parsed integers only, and passed to the database as a
        parameter.
        """
        return rf"^(GA-{self.year}-[0-9]{{2,3}}|AG-{self.year})-{self.kind}-0*{self.number}$"

    @property
    def complete(self):
        return self.style != "GA" or self.session is not None


_TOKEN = re.compile(r"[A-Za-z]+|[0-9]+")
_STYLES = ("GA", "AG", "AGN")
# The orders in which a symbol's parts may be typed, by leading style token.
_SHAPES = {
    "GA": [("year", "session", "kind", "number"), ("year", "kind", "number")],
    "AG": [("year", "kind", "number")],
    "AGN": [("session", "kind", "number")],
    None: [
        ("year", "session", "kind", "number"), ("year", "kind", "number"),
        ("kind", "number", "year"), ("kind", "number", "year", "session"),
    ],
}


def _is_year(token):
    return len(token) == 4 and token.isdigit() and 1900 <= int(token) <= 2100


def _is_session(token):
    return token.isdigit() and len(token) in (2, 3) and int(token) > 0


def _is_number(token):
    return token.isdigit() and len(token) <= 3 and int(token) > 0


_CHECKS = {"year": _is_year, "session": _is_session, "kind": {"RES", "REP"}.__contains__,
           "number": _is_number}


def parse_symbol(text):
    """Read a document symbol from a query, or return None.

    Understands GA-2017-86-RES-06 and its variants (GA-2017-86-RES-6,
    "ga 2017 86 res 06", GA/2017/86/RES/6, "2017 86 RES 6"), a symbol without
    its session ("RES-06 2017", "2017 RES 6"), and the older AG-2012-RES-08 and
    AGN/53/RES/7 styles.
    """
    if len(text) > 40:
        return None
    tokens = [t.upper() for t in _TOKEN.findall(text)]
    # Only separators may stand between the parts: "GA-2017-86-RES-06?" is a question.
    if not tokens or re.sub(r"[\s\-/_.,#]+", "", text).upper() != "".join(tokens):
        return None
    style = tokens.pop(0) if tokens[0] in _STYLES else None
    for shape in _SHAPES[style]:
        if len(shape) == len(tokens) and all(
            _CHECKS[part](token) for part, token in zip(shape, tokens, strict=True)
        ):
            parts = {part: token if part == "kind" else int(token)
                     for part, token in zip(shape, tokens, strict=True)}
            return SymbolQuery(style or "GA", **parts)
    return None


def framework_matches(query):
    """The goals, sub-goals and themes whose wording matches a SearchQuery.

    The framework is a few dozen rows, so their vectors are computed on the
    fly rather than stored; every recorded language is searched.
    """
    def matching(model, *fields):
        return model.objects.annotate(
            found=SearchVector(*fields, config=SEARCH_CONFIG)).filter(found=query)

    goals = (Goal.objects.filter(Exists(matching(GoalTitle, "text").filter(goal=OuterRef("pk"))))
             .select_related("edition").prefetch_related("titles"))
    sub_goals = (SubGoal.objects
                 .filter(Exists(matching(SubGoalText, "text").filter(sub_goal=OuterRef("pk"))))
                 .select_related("goal__edition").prefetch_related("texts"))
    return {
        "goals": list(goals),
        "sub_goals": list(sub_goals),
        "themes": list(matching(Theme, "name", "description").order_by("position")),
    }
