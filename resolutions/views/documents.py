"""The document list with its filters, the document pages and the search page."""

import re

from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import search
from ..filters import SORT_CHOICES, DocumentFilter
from ..models import Citation, Clause, Document, Goal
from ..models.documents import SYMBOL_PATTERN
from ..paging import YearPaginator

PAGE_SIZE = 20
# The longest permalink key the model allows: a longer one names no document.
MAX_KEY_LENGTH = 120
# A symbol inside clause text, for linking it.
SYMBOL_IN_TEXT = re.compile(SYMBOL_PATTERN.replace("^", r"\b").replace("$", r"\b"))


# The list -------------------------------------------------------------------


def document_list(request):
    filterset = DocumentFilter(request.GET)
    page = _list_page(request, filterset)
    query = filterset.search_query
    _attach_headlines(page, query)
    facets = filterset.facets()
    context = {
        "filter": filterset,
        "raw": {name: request.GET.get(name, "")[: search.MAX_QUERY_LENGTH]
                for name in ("q", "year_from", "year_to")},
        "facets": facets,
        "sort_choices": [(value, label) for value, label in SORT_CHOICES
                         if value != "relevance" or query is not None],
        "active": _active_filters(request, filterset, facets),
        "page": page,
        "page_query": _query_without(request, "page"),
        "errors": _form_errors(filterset.form),
        "search_query": filterset.text,
        "nav_section": "resolutions",
        "breadcrumbs": [(_("Resolutions and other documents"), None)],
    }
    if query is not None:
        context["bounded"] = filterset.bounded
        context["rank_candidates"] = search.RANK_CANDIDATES
        if page.paginator.count == 0:
            context["suggestions"] = _suggestions(filterset.text)
    return _render(request, "resolutions/document_list.html", context)


def _render(request, template, context):
    """Render, answering 400 when part of the query was refused."""
    response = render(request, template, context)
    if context["errors"]:
        response.status_code = 400
    return response


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _list_page(request, filterset):
    """Ordered by year, a page is found from the counts per year: deep pages
    then cost what the first does."""
    queryset = filterset.qs.for_listing()
    if filterset.sort_choice not in ("newest", "oldest"):
        return _page(request, queryset)
    paginator = YearPaginator(queryset, PAGE_SIZE, filterset.year_counts(),
                              descending=filterset.sort_choice == "newest")
    return paginator.get_page(request.GET.get("page"))


def _attach_headlines(page, query):
    """Snippets around the matches, computed for the rows shown and no others."""
    if query is None or not page.object_list:
        return
    headlines = Document.objects.headlines(query, [d.pk for d in page], **search.HEADLINE_OPTIONS)
    for document in page:
        document.snippet = search.marked_headline(headlines.get(document.pk))


def _suggestions(text):
    return Document.objects.similar_titles(text, search.SUGGESTION_MIN_SIMILARITY,
                                           search.SUGGESTION_LIMIT)


def _form_errors(form):
    """Each refused value as one sentence naming its field."""
    messages = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for error in errors:
            messages.append(f"{field.label}: {error}" if field else error)
    return messages


def _query_without(request, *names, pair=None, refused=()):
    """The current query string less some parameters, or less one name=value pair.

    The page number always goes: a changed filter starts again at page 1.
    """
    params = request.GET.copy()
    for name in (*names, *refused, "page"):
        params.pop(name, None)
    if pair:
        name, value = pair
        params.setlist(name, [v for v in params.getlist(name) if v != value])
    return params.urlencode()


def _with_query(path, query):
    return f"{path}?{query}" if query else path


def _active_filters(request, filterset, facets):
    """[(label, URL without it)] for every value applied, for the 'remove' links."""
    base = reverse("document-list")
    refused = set(filterset.form.errors)

    def without(*names, pair=None):
        return _with_query(base, _query_without(request, *names, pair=pair, refused=refused))

    active = []
    if filterset.text:
        label = _("Words: “%(text)s”") % {"text": filterset.text}
        active.append((label, without("q", "sort")))
    for name in ("year_from", "year_to"):
        value = filterset.cleaned_data.get(name)
        if value:
            label = f"{filterset.filters[name].label}: {value}"
            active.append((label, without(name)))
    for facet in facets:
        for option in facet.options:
            if option.selected:
                active.append((f"{facet.label}: {option.label}",
                               without(pair=(facet.name, option.value))))
    return active


# Document pages -------------------------------------------------------------


def document_detail(request, key):
    if len(key) > MAX_KEY_LENGTH or "\x00" in key:
        raise Http404(_("No document has this key."))
    documents = Document.objects.select_related("session", "meeting").prefetch_related(
        Prefetch("goals", Goal.objects.select_related("edition").prefetch_related("titles")),
        "themes", "sdgs", "organizations", "programmes",
    )
    document = documents.filter(slug=key).first()
    if document is None:
        return redirect(_canonical_url(key), permanent=True)

    clauses = list(document.clauses.all())
    cites = _cited(document, clauses)
    known = {symbol: target for symbol, target, _places in cites if target}
    for clause in clauses:
        clause.html = _linked_text(clause.text, known)
    previous, following = Document.objects.neighbours(document)
    return render(request, "resolutions/document_detail.html", {
        "document": document,
        "preamble": [c for c in clauses if c.kind == Clause.Kind.PREAMBULAR],
        "operative": [c for c in clauses if c.kind == Clause.Kind.OPERATIVE],
        "paragraphs": [] if clauses else [p for p in document.body.splitlines() if p.strip()],
        "cites": cites,
        "cited_by": _citing(document),
        "previous": previous,
        "next": following,
        "nav_section": "resolutions",
        "breadcrumbs": [
            (_("Resolutions and other documents"), reverse("document-list")),
            (document.symbol or document.title, None),
        ],
    })


def _canonical_url(key):
    """The permalink of the one document a key names in another spelling, or 404."""
    found = list(Document.objects.by_key(key).values_list("slug", flat=True)[:2])
    if not found:
        symbol = search.parse_symbol(key)
        if symbol is not None:
            found = list(Document.objects.with_symbol(symbol).values_list("slug", flat=True)[:2])
    if len(found) != 1:
        raise Http404(_("No document has this key."))
    return reverse("document-detail", args=[found[0]])


def _anchor(clause):
    """The fragment id of a clause: pre-2, op-3, or op-2-1 for an item of op-2.

    An item's parent must be loaded (it is the clause just before it in order).
    """
    if clause.kind == Clause.Kind.PREAMBULAR:
        return f"pre-{clause.ordinal}"
    if clause.kind == Clause.Kind.OPERATIVE:
        return f"op-{clause.ordinal}"
    return f"op-{clause.parent.ordinal}-{clause.ordinal}"


def _annotate_structure(clauses):
    """Give each clause its anchor and each operative clause its items, in memory."""
    by_pk = {clause.pk: clause for clause in clauses}
    for clause in clauses:
        clause.numbered_items = []
    for clause in clauses:
        if clause.kind == Clause.Kind.ITEM:
            parent = by_pk[clause.parent_id]
            clause.parent = parent  # no query: the parent is in the list
            parent.numbered_items.append(clause)
        clause.anchor = _anchor(clause)
    return by_pk


def _cited(document, clauses):
    """What the document cites: [(symbol, document or None, [(anchor, relation)])].

    The cited documents are found by symbol in one query; a symbol not in the
    base stays a plain symbol.
    """
    by_pk = _annotate_structure(clauses)
    cited = {}
    for citation in document.citations.all():
        clause = by_pk.get(citation.clause_id)
        cited.setdefault(citation.symbol, []).append(
            (clause.anchor if clause else None, citation.get_relation_display()))
    known = {
        d.symbol: d
        for d in Document.objects.filter(symbol__in=cited).only("symbol", "slug", "title")
    }
    return [(symbol, known.get(symbol), places) for symbol, places in cited.items()]


def _citing(document):
    """[(citing document, [(anchor, relation)])]: the documents citing this one."""
    if not document.symbol:
        return []
    citations = (
        Citation.objects.filter(symbol=document.symbol)
        .select_related("document", "clause__parent")
        .only("relation", "document__symbol", "document__slug", "document__title",
              "document__year", "clause__kind", "clause__ordinal",
              "clause__parent__ordinal")
        .order_by("-document__year", "document__symbol", "document__slug", "clause__position")
    )
    citing = {}
    for citation in citations:
        anchor = _anchor(citation.clause) if citation.clause_id else None
        citing.setdefault(citation.document, []).append(
            (anchor, citation.get_relation_display()))
    return list(citing.items())


def _linked_text(text, known):
    """Clause text, escaped, with the symbols of documents in the base as links."""

    def link(match):
        target = known.get(match.group(0))
        if target is None:
            return match.group(0)
        return format_html('<a href="{}">{}</a>', target.get_absolute_url(), match.group(0))

    return mark_safe(SYMBOL_IN_TEXT.sub(link, str(escape(text))))


# Search ---------------------------------------------------------------------


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search for"), max_length=search.MAX_QUERY_LENGTH,
                        required=False)


def search_page(request):
    form = SearchForm(request.GET)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "text": text,
        "raw_query": request.GET.get("q", "")[: search.MAX_QUERY_LENGTH],
        "search_query": text,
        "errors": _form_errors(form),
        "nav_section": "resolutions",
        "breadcrumbs": [(_("Search"), None)],
    }
    if text:
        symbol = search.parse_symbol(text)
        if symbol is not None:
            found = list(Document.objects.with_symbol(symbol).only("slug")[:2])
            if len(found) == 1:
                return redirect(found[0])
            context["unknown_symbol"] = not found
        query = search.text_query(text)
        kept, bounded = Document.objects.matching(query).recent_pks(search.RANK_CANDIDATES)
        ranked = Document.objects.filter(pk__in=kept).by_rank(query, **search.RANK_OPTIONS)
        page = _page(request, ranked.for_listing())
        _attach_headlines(page, query)
        context.update(search.framework_matches(query))
        context.update({
            "page": page,
            "page_query": _query_without(request, "page"),
            "list_url": _with_query(reverse("document-list"), _query_without(request)),
            "bounded": bounded,
            "rank_candidates": search.RANK_CANDIDATES,
        })
        found_any = page.paginator.count or any(
            context[name] for name in ("goals", "sub_goals", "themes"))
        if not found_any:
            context["suggestions"] = _suggestions(text)
    return _render(request, "resolutions/search.html", context)
