"""The document filters: one FilterSet for every output that lists documents.

Values in URLs are the keys people read: years, session numbers, SDG
numbers, theme and organization slugs, goal ids (201701 is goal 1 of the
2017 edition). Several values of one filter mean "any of them"; different
filters narrow each other.
"""

from dataclasses import dataclass, field
from functools import cached_property

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models.functions import Collate
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import content_version, search
from .content_version import hash_key
from .models import SDG, Document, Goal, Organization, Session, Theme

# Many-to-many filters and the Document relation behind each.
TAG_RELATIONS = {"goal": "goals", "theme": "themes", "sdg": "sdgs",
                 "organization": "organizations"}
# Filters listed with counts, in the order the page shows them.
FACETS = ["kind", "year", "session", *TAG_RELATIONS]
# What a facet leaves out when counting its own options.
FACET_FILTERS = {"year": ("year", "year_from", "year_to")}

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("symbol", _("Symbol")),
]
# Resolutions bear no date of their own: within a year they follow their session.
# Within a year, symbols are compared byte by byte ("C"): they are codes, and
# the language's collation made sorting a year's documents several times slower.
ORDERINGS = {
    "newest": ["-year", "-session__start_date", "-date", Collate("symbol", "C"), "pk"],
    "oldest": ["year", "session__start_date", "date", Collate("symbol", "C"), "pk"],
    "symbol": ["symbol", "slug", "pk"],
}


class YearsField(forms.Field):
    """One or more years, as in ?year=2017&year=2023."""

    widget = forms.SelectMultiple
    default_error_messages = {
        "invalid": _("“%(value)s” is not a year: give four digits, such as 2017."),
    }

    def to_python(self, value):
        if value in (None, "", [], ()):
            return []
        years = set()
        for item in [value] if isinstance(value, str) else value:
            text = str(item).strip()
            if not (text.isascii() and text.isdigit() and len(text) == 4):
                raise ValidationError(self.error_messages["invalid"], code="invalid",
                                      params={"value": text[:20]})
            years.add(int(text))
        return sorted(years)


class YearsFilter(django_filters.Filter):
    field_class = YearsField

    def filter(self, qs, value):
        return qs.filter(year__in=value) if value else qs


class YearBoundField(forms.IntegerField):
    default_error_messages = {
        "invalid": _("Give the year as four digits, such as 2017."),
        "min_value": _("Give the year as four digits, such as 2017."),
        "max_value": _("Give the year as four digits, such as 2017."),
    }

    def __init__(self, **kwargs):
        super().__init__(min_value=1000, max_value=9999, **kwargs)


class YearBoundFilter(django_filters.NumberFilter):
    field_class = YearBoundField


class DocumentFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        first, last = data.get("year_from"), data.get("year_to")
        if first and last and first > last:
            raise ValidationError(
                _("The years run from %(first)s to %(last)s: the first is after the last."),
                params={"first": first, "last": last}, code="range",
            )
        return data


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Words"), method="filter_text", max_length=search.MAX_QUERY_LENGTH,
        help_text=_('"Quotes" find a phrase, OR either word, -word leaves a word out.'),
    )
    year = YearsFilter(label=_("Year"))
    year_from = YearBoundFilter(field_name="year", lookup_expr="gte", label=_("From year"))
    year_to = YearBoundFilter(field_name="year", lookup_expr="lte", label=_("To year"))
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind of document"), choices=Document.Kind.choices, distinct=False,
        error_messages={"invalid_choice": _("“%(value)s” is not a kind of document.")},
    )
    session = django_filters.ModelMultipleChoiceFilter(
        label=_("General Assembly session"), queryset=Session.objects.all(),
        to_field_name="number", method="filter_session",
        error_messages={
            "invalid_choice": _("No General Assembly session has the number %(value)s."),
            "invalid_pk_value": _("“%(pk)s” is not a session number, such as 86."),
        },
    )
    # field_name is the Document relation: filter_tags is given it as `name`.
    goal = django_filters.ModelMultipleChoiceFilter(
        label=_("Global Policing Goal"), field_name="goals", queryset=Goal.objects.all(),
        method="filter_tags",
        error_messages={
            "invalid_choice": _("No goal has the id %(value)s."),
            "invalid_pk_value": _("“%(pk)s” is not a goal id, such as 201701 for goal 1 "
                                  "of the 2017 edition."),
        },
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Cross-cutting theme"), field_name="themes", queryset=Theme.objects.all(),
        to_field_name="slug", method="filter_tags",
        error_messages={"invalid_choice": _("No theme is called “%(value)s”.")},
    )
    sdg = django_filters.ModelMultipleChoiceFilter(
        label=_("Sustainable Development Goal"), field_name="sdgs", queryset=SDG.objects.all(),
        to_field_name="number", method="filter_tags",
        error_messages={
            "invalid_choice": _("There is no SDG %(value)s: they run from 1 to 17."),
            "invalid_pk_value": _("“%(pk)s” is not an SDG number: they run from 1 to 17."),
        },
    )
    organization = django_filters.ModelMultipleChoiceFilter(
        label=_("Organization"), field_name="organizations",
        queryset=Organization.objects.all(), to_field_name="slug", method="filter_tags",
        error_messages={"invalid_choice": _("No organization is called “%(value)s”.")},
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="keep_order", empty_label=None,
        error_messages={"invalid_choice": _("“%(value)s” is not a way to sort.")},
    )

    class Meta:
        model = Document
        fields = []
        form = DocumentFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        # Bound even when empty, so the same code path serves a bare URL.
        super().__init__(data if data is not None else {},
                         Document.objects.all() if queryset is None else queryset, **kwargs)
        self._kept = {}  # the documents a text query keeps, by filters left out

    # Filter methods ---------------------------------------------------------

    def filter_text(self, queryset, name, value):
        return queryset.matching(search.text_query(value))

    def filter_session(self, queryset, name, value):
        return queryset.filter(session__in=value) if value else queryset

    def filter_tags(self, queryset, name, value):
        return queryset.with_tags(name, value) if value else queryset

    def keep_order(self, queryset, name, value):
        # Ordering waits until every filter has run: see filter_queryset.
        return queryset

    # Cleaned values ---------------------------------------------------------

    @property
    def cleaned_data(self):
        self.is_valid()
        return getattr(self.form, "cleaned_data", {})

    @property
    def text(self):
        """The text query if it is valid, else ""."""
        return (self.cleaned_data.get("q") or "").strip()

    @property
    def search_query(self):
        return search.text_query(self.text) if self.text else None

    @property
    def sort_choice(self):
        chosen = self.cleaned_data.get("sort")
        if chosen == "relevance" and not self.text:
            chosen = None
        return chosen or ("relevance" if self.text else "newest")

    def selected(self, name):
        """The valid values selected for a filter, as a list."""
        value = self.cleaned_data.get(name)
        if value in (None, ""):
            return []
        return list(value) if not isinstance(value, str | int) else [value]

    # Querysets --------------------------------------------------------------

    def filter_queryset(self, queryset):
        return self.order(self.filter_queryset_except(queryset))

    def filter_queryset_except(self, queryset, *skipped):
        """Apply every valid filter but the skipped ones; invalid values are left out.

        With a text query, only the most recent matches are kept (see
        DocumentQuerySet.recent_pks): results and counts describe the same
        bounded set, read once for each combination of filters.
        """
        for name, value in self.cleaned_data.items():
            if name not in skipped and name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        if not self.text:
            return queryset
        # Leaving out a filter that is not in use changes nothing: same documents.
        key = frozenset(name for name in skipped if self.selected(name))
        if key not in self._kept:
            self._kept[key] = queryset.recent_pks(search.RANK_CANDIDATES)
        return self.queryset.filter(pk__in=self._kept[key][0])

    @property
    def bounded(self):
        """Whether a text query matches more documents than are kept."""
        if not self.text:
            return False
        self.filter_queryset_except(self.queryset)
        return self._kept[frozenset()][1]

    def order(self, queryset):
        if self.sort_choice == "relevance":
            return queryset.by_rank(self.search_query, **search.RANK_OPTIONS)
        return queryset.order_by(*ORDERINGS[self.sort_choice])

    def _state(self):
        """The filters as given, for keys of cached counts (page and sort aside)."""
        data = self.data
        lists = data.lists() if hasattr(data, "lists") else (
            (name, value if isinstance(value, list | tuple) else [value])
            for name, value in data.items())
        return tuple(sorted((name, tuple(map(str, values))) for name, values in lists
                            if name not in ("page", "sort")))

    @cached_property
    def _version(self):
        return content_version.current()

    @property
    def fragment_key(self):
        """Names the rendered facets: the same filters under the same version."""
        return f"{self._version}:{hash_key(self._state())}"

    def year_counts(self):
        """{year: documents} of the filtered list, kept under the content version."""
        return content_version.cached(("years", self._state()), self.qs.year_counts,
                                      version=self._version)

    def facet_counts(self):
        """{facet: {option pk: documents}}, counting each facet's options with
        every other filter applied: one grouped query per facet."""
        counts = {}
        for facet in FACETS:
            qs = self.filter_queryset_except(self.queryset, *FACET_FILTERS.get(facet, (facet,)))
            if facet == "year":
                counts[facet] = qs.year_counts()
            elif facet == "kind":
                counts[facet] = qs.kind_counts()
            elif facet == "session":
                counts[facet] = qs.session_counts()
            else:
                counts[facet] = qs.tag_counts(TAG_RELATIONS[facet])
        return counts

    def facets(self):
        """The facets to show: options with documents, plus any selected one.

        Kept under the content version, per language: counting the whole base
        and labelling the options take longer than a page may, and they change
        only with a write.
        """
        key = ("facets", self._state(), get_language())
        return content_version.cached(key, self._facets, version=self._version)

    def _facets(self):
        counts = self.facet_counts()
        return [
            Facet(name, self.filters[name].label, FACET_OPTIONS[name](self, counts[name]))
            for name in FACETS
        ]


@dataclass
class Option:
    value: str  # as in the URL
    label: str
    count: int
    selected: bool
    css_class: str = ""
    # A wording shown after the label, in its own language (a goal's title).
    wording: object = None


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)


def _kind_options(filterset, counts):
    chosen = set(filterset.selected("kind"))
    return [
        Option(kind, label, counts.get(kind, 0), kind in chosen)
        for kind, label in Document.Kind.choices
        if counts.get(kind) or kind in chosen
    ]


def _year_options(filterset, counts):
    chosen = set(filterset.selected("year"))
    return [
        Option(str(year), str(year), counts.get(year, 0), year in chosen)
        for year in sorted(set(counts) | chosen, reverse=True)
    ]


def _model_options(filterset, name, counts, objects, key, label, **extra):
    """Options for a facet on a model: rows with documents, plus the selected.

    `extra` maps further Option fields to functions of the row.
    """
    chosen = {obj.pk for obj in filterset.selected(name)}
    rows = objects.filter(pk__in=set(counts) | chosen)
    return [
        Option(str(getattr(obj, key)), label(obj), counts.get(obj.pk, 0), obj.pk in chosen,
               **{field: function(obj) for field, function in extra.items()})
        for obj in rows
    ]


def _goal_label(goal):
    return _("Goal %(number)s (%(year)s)") % {"number": goal.number, "year": goal.edition.year}


FACET_OPTIONS = {
    "kind": _kind_options,
    "year": _year_options,
    "session": lambda fs, counts: _model_options(
        fs, "session", counts, Session.objects.order_by("-number"), "number", str),
    "goal": lambda fs, counts: _model_options(
        fs, "goal", counts, Goal.objects.select_related("edition").prefetch_related("titles"),
        "pk", _goal_label, wording=lambda goal: goal.title),
    "theme": lambda fs, counts: _model_options(
        fs, "theme", counts, Theme.objects.all(), "slug", str),
    "sdg": lambda fs, counts: _model_options(
        fs, "sdg", counts, SDG.objects.all(), "number", str,
        css_class=lambda sdg: f"sdg-{sdg.number}"),
    "organization": lambda fs, counts: _model_options(
        fs, "organization", counts, Organization.objects.all(), "slug",
        lambda org: f"{org.acronym} – {org.full_name}"),
}
