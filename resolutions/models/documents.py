"""Documents of the policy history and their structure: clauses and citations."""

import functools
import operator

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connections, models, transaction
from django.db.models.functions import Coalesce, Concat, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# GA-2017-86-RES-06 (current), AG-2012-RES-08 and AGN/53/RES/7 (older styles).
SYMBOL_PATTERN = (
    r"^(GA-[0-9]{4}-[0-9]{2,3}-(RES|REP)-[0-9]{1,3}"
    r"|AG-[0-9]{4}-(RES|REP)-[0-9]{1,3}"
    r"|AGN/[0-9]{2}/(RES|REP)/[0-9]{1,3})$"
)
SEARCH_CONFIG = "english"
# The many-to-many relations that tag a document.
TAGS = ("goals", "themes", "sdgs", "organizations", "programmes")


class DocumentQuerySet(models.QuerySet):
    def real(self):
        return self.filter(synthetic=False)

    def for_listing(self):
        """Rows for a list: the session joined, the long columns left unread."""
        return self.select_related("session").defer("body", "search_vector", "source")

    def by_key(self, key):
        """Documents whose permalink key or symbol is `key`, whatever its case.

        Symbols are stored upper-case and slugs lower-case, so the exact
        spellings are tried: each comparison can use a unique index.
        """
        return self.filter(models.Q(slug__in={key, key.lower()}) | models.Q(symbol=key.upper()))

    def with_symbol(self, symbol_query):
        """Documents with a symbol read from loose input (a search.SymbolQuery)."""
        if symbol_query.complete:
            return self.filter(symbol__in=symbol_query.candidates())
        return self.filter(year=symbol_query.year, symbol__regex=symbol_query.pattern)

    def with_tags(self, relation, values):
        """Documents tagged with any of `values` through the many-to-many `relation`.

        An EXISTS on the link table keeps one row per document, so no DISTINCT.
        """
        field = self.model._meta.get_field(relation)
        through = field.remote_field.through
        links = through.objects.filter(
            **{field.m2m_field_name(): models.OuterRef("pk"),
               f"{field.m2m_reverse_field_name()}__in": values}
        )
        return self.filter(models.Exists(links))

    def matching(self, query):
        """Documents whose stored search vector matches a SearchQuery."""
        return self.filter(search_vector=query)

    def recent_pks(self, limit):
        """([ids of at most `limit` of these documents, most recent first], whether
        there are more).

        Full-text results are bounded this way, read once and reused by the
        counts and the ranking: a word found in most of the base would
        otherwise make each of them read every match's (large, out-of-line)
        vector again.
        """
        pks = list(self.order_by("-year", "-pk").values_list("pk", flat=True)[:limit + 1])
        return pks[:limit], len(pks) > limit

    def by_rank(self, query, **options):
        """Ordered by relevance to a SearchQuery (options as for SearchRank)."""
        rank = SearchRank(models.F("search_vector"), query, **options)
        return self.annotate(rank=rank).order_by("-rank", "-year", "pk")

    def headlines(self, query, pks, **options):
        """{pk: snippet of the full text around the matches}, for the given rows only."""
        rows = self.filter(pk__in=pks).annotate(
            headline=SearchHeadline("body", query, config=SEARCH_CONFIG, **options)
        )
        return dict(rows.values_list("pk", "headline"))

    def similar_titles(self, text, threshold, limit):
        """The titles closest to `text` by trigram word similarity, best first.

        The %> operator can use the trigram index on title; its threshold is a
        setting, lowered for this transaction only.
        """
        with transaction.atomic(using=self.db):
            with connections[self.db].cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                    [str(threshold)],
                )
            similarity = TrigramWordSimilarity(models.Value(text), "title")
            return list(
                self.filter(title__trigram_word_similar=text)
                .annotate(similarity=similarity)
                .order_by("-similarity", "-year", "pk")[:limit]
            )

    def year_counts(self):
        """{year: documents}: one grouped query."""
        return dict(self.order_by().values_list("year").annotate(n=models.Count("pk")))

    def kind_counts(self):
        return dict(self.order_by().values_list("kind").annotate(n=models.Count("pk")))

    def session_counts(self):
        rows = self.filter(session__isnull=False).order_by().values_list("session")
        return dict(rows.annotate(n=models.Count("pk")))

    def tag_counts(self, relation):
        """{tag pk: documents}, counted on the link table in one grouped query."""
        field = self.model._meta.get_field(relation)
        links = field.remote_field.through.objects.all()
        if self.query.where:  # unfiltered, every link counts: no need to read documents
            links = links.filter(**{f"{field.m2m_field_name()}__in": self.order_by().values("pk")})
        rows = links.order_by().values_list(field.m2m_reverse_field_name())
        return dict(rows.annotate(n=models.Count("pk")))

    def neighbours(self, document):
        """(previous, next) document of the same session, as {slug, label}, or None.

        Documents follow their number, then symbol (unnumbered and unsymbolled
        ones last), then slug; each neighbour is one query on the session.
        """
        if document.session_id is None:
            return None, None
        last = 2**15 - 1
        keys = {
            "order_number": Coalesce("number", models.Value(last)),
            "order_unsymbolled": models.Case(models.When(symbol__isnull=True, then=1),
                                             default=0),
            "order_symbol": Coalesce("symbol", models.Value("")),
        }
        here = [last if document.number is None else document.number,
                int(document.symbol is None), document.symbol or "", document.slug]
        names = [*keys, "slug"]
        rows = self.filter(session_id=document.session_id).annotate(
            **keys, label=Coalesce("symbol", "title"))

        def beyond(lookup):
            # (a, b, c, d) < (w, x, y, z), spelt out key by key.
            return functools.reduce(operator.or_, [
                models.Q(**dict(zip(names[:i], here[:i], strict=True)),
                         **{f"{name}__{lookup}": here[i]})
                for i, name in enumerate(names)
            ])

        previous = (rows.filter(beyond("lt")).order_by(*(f"-{name}" for name in names))
                    .values("slug", "label").first())
        following = rows.filter(beyond("gt")).order_by(*names).values("slug", "label").first()
        return previous, following

    def delete_contents(self):
        """Delete these documents' clauses, citations and tag links, a statement
        per table: the ORM would load every row to cascade."""
        documents, params = self.order_by().values("pk").query.sql_with_params()
        with connections[self.db].cursor() as cursor:
            for relation in TAGS:
                field = self.model._meta.get_field(relation)
                cursor.execute(f"DELETE FROM {field.remote_field.through._meta.db_table} "
                               f"WHERE {field.m2m_column_name()} IN ({documents})", params)
            for model in (Citation, Clause):
                cursor.execute(f"DELETE FROM {model._meta.db_table} "
                               f"WHERE document_id IN ({documents})", params)

    def update_search_vectors(self):
        """Recompute the stored search vector from the documents' own rows.

        Weights: symbol and title A, operative clauses and their items B,
        preamble C, and the body D for documents without clauses.
        """

        def clause_text(*kinds):
            texts = (
                Clause.objects.filter(document=models.OuterRef("pk"), kind__in=kinds)
                .values("document")
                .annotate(text=StringAgg(
                    Concat("lead", models.Value(" "), "text", output_field=models.TextField()),
                    " ", order_by="position"))
                .values("text")
            )
            return Coalesce(models.Subquery(texts), models.Value(""),
                            output_field=models.TextField())

        has_clauses = models.Exists(Clause.objects.filter(document=models.OuterRef("pk")))
        # Texts copied from web pages run list numerals into words ("iii.Data"),
        # which the parser would read as one token: put a space after such a dot.
        spaced_body = models.Func(
            "body", models.Value(r"([[:alpha:]])\.([[:alpha:]])"), models.Value(r"\1. \2"),
            models.Value("g"), function="regexp_replace", output_field=models.TextField(),
        )
        body = models.Case(models.When(has_clauses, then=models.Value("")), default=spaced_body,
                           output_field=models.TextField())
        return self.update(
            search_vector=SearchVector(Coalesce("symbol", models.Value("")), config="simple",
                                       weight="A")
            + SearchVector("title", config=SEARCH_CONFIG, weight="A")
            + SearchVector(clause_text(Clause.Kind.OPERATIVE, Clause.Kind.ITEM),
                           config=SEARCH_CONFIG, weight="B")
            + SearchVector(clause_text(Clause.Kind.PREAMBULAR), config=SEARCH_CONFIG, weight="C")
            + SearchVector(body, config=SEARCH_CONFIG, weight="D")
        )


class Document(models.Model):
    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Resolution")
        REPORT = "report", _("Report")
        MEETING_SUMMARY = "meeting_summary", _("Meeting summary")
        NEWS = "news", _("News release")

    class Status(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")
        NONE = "", _("No status recorded")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    symbol = models.CharField(_("symbol"), max_length=40, unique=True, null=True, blank=True)
    # The permalink key: the symbol where there is one, else a stable slug.
    slug = models.CharField(_("permalink key"), max_length=120, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    # The date the text bears. Resolutions bear none: they carry only the dates
    # of the session that adopted them, so their date stays empty.
    date = models.DateField(_("date"), null=True, blank=True)
    # The year for filtering and sorting: from the date, or from the symbol and
    # session for resolutions.
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    session = models.ForeignKey(
        "Session", on_delete=models.PROTECT, null=True, blank=True, related_name="documents",
        verbose_name=_("session"),
    )
    meeting = models.ForeignKey(
        "Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="documents",
        verbose_name=_("meeting"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, blank=True)
    body = models.TextField(_("full text"))
    source = models.CharField(_("source"), max_length=500, blank=True)
    synthetic = models.BooleanField(
        _("synthetic"), default=False,
        help_text=_("Generated for load testing; not a real document."),
    )
    goals = models.ManyToManyField("Goal", blank=True, related_name="documents",
                                   verbose_name=_("goals"))
    themes = models.ManyToManyField("Theme", blank=True, related_name="documents",
                                    verbose_name=_("themes"))
    sdgs = models.ManyToManyField("SDG", blank=True, related_name="documents",
                                  verbose_name=_("SDGs"))
    organizations = models.ManyToManyField("Organization", blank=True, related_name="documents",
                                           verbose_name=_("organizations"))
    programmes = models.ManyToManyField("Programme", blank=True, related_name="documents",
                                        verbose_name=_("programmes"))
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", models.F("date").desc(nulls_last=True), "symbol"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(symbol__regex=SYMBOL_PATTERN) | models.Q(symbol__isnull=True),
                name="document_symbol_format",
                violation_error_message=_(
                    "A symbol looks like GA-2017-86-RES-06, AG-2012-RES-08 or AGN/53/RES/7."
                ),
            ),
            models.CheckConstraint(condition=~models.Q(slug=""), name="document_slug_not_empty"),
            models.CheckConstraint(
                condition=models.Q(date__isnull=True) | models.Q(year=ExtractYear("date")),
                name="document_year_matches_date",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="document_search_gin"),
            # For "did you mean": trigram similarity of titles.
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="document_title_trgm"),
            models.Index(fields=["year", "date", "id"], name="document_year_date_idx"),
            models.Index(fields=["kind", "year"], name="document_kind_year_idx"),
            # Pages that show real documents only find them without reading the
            # synthetic ones a load test adds.
            models.Index(fields=["kind", "year"], condition=models.Q(synthetic=False),
                         name="document_real_kind_year_idx"),
        ]

    def __str__(self):
        return f"{self.symbol} {self.title}" if self.symbol else self.title

    def get_absolute_url(self):
        return reverse("document-detail", args=[self.slug])


class Clause(models.Model):
    """One paragraph of a resolution, in order, with its lead word or phrase."""

    class Kind(models.TextChoices):
        PREAMBULAR = "preambular", _("Preambular clause")
        OPERATIVE = "operative", _("Operative clause")
        ITEM = "item", _("Numbered item")

    # The unique (document, position) index serves lookups by document.
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="clauses",
                                 db_index=False, verbose_name=_("document"))
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # The nth clause of its kind (nth item under its parent), for anchors like #op-3.
    ordinal = models.PositiveSmallIntegerField(_("ordinal"))
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="items", verbose_name=_("introduced by"))
    number = models.CharField(_("item number"), max_length=10, blank=True)
    lead = models.CharField(_("lead words"), max_length=100, blank=True)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["document", "position"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [
            models.UniqueConstraint(fields=["document", "position"],
                                    name="clause_position_unique"),
            models.CheckConstraint(
                condition=models.Q(kind="item", parent__isnull=False)
                | (~models.Q(kind="item") & models.Q(parent__isnull=True)),
                name="clause_items_have_a_parent",
            ),
        ]

    def __str__(self):
        return f"{self.lead} {self.text}".strip()[:80]


class Citation(models.Model):
    """A document symbol cited in a document's text.

    The cited document is found by symbol when shown, so a citation of a
    document not yet in the base starts linking the moment it is imported.
    """

    class Relation(models.TextChoices):
        CITES = "cites", _("cites")
        RECALLS = "recalls", _("recalls")
        ENDORSES = "endorses", _("endorses")
        SUPPORTS = "supports", _("supports")
        WELCOMES = "welcomes", _("welcomes")
        NOTES = "notes", _("notes")
        ACKNOWLEDGES = "acknowledges", _("acknowledges")
        REQUESTS = "requests", _("requests")
        ADOPTS = "adopts", _("adopts")
        APPROVES = "approves", _("approves")
        REFERS = "refers", _("refers to")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="citations",
                                 verbose_name=_("citing document"))
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="citations", verbose_name=_("clause"))
    symbol = models.CharField(_("cited symbol"), max_length=40, db_index=True)
    relation = models.CharField(_("relation"), max_length=14, choices=Relation.choices,
                                default=Relation.CITES)

    class Meta:
        ordering = ["document", "clause__position", "symbol"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(fields=["document", "clause", "symbol"], nulls_distinct=False,
                                    name="citation_unique_per_clause"),
            models.CheckConstraint(condition=models.Q(symbol__regex=SYMBOL_PATTERN),
                                   name="citation_symbol_format"),
        ]

    def __str__(self):
        return f"{self.document} {self.get_relation_display()} {self.symbol}"
