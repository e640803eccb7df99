"""Admin for documents and their structure: browsable clauses and citations."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Citation, Clause, Document
from .base import ModelAdmin, ReadOnlyInline


class DocumentPartInline(ReadOnlyInline):
    """Whoever may read a document may read its clauses and citations."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("resolutions.view_document")


class ClauseInline(DocumentPartInline):
    model = Clause
    fields = ["position", "kind", "number", "lead", "text"]
    readonly_fields = fields
    ordering = ["position"]


class CitationInline(DocumentPartInline):
    model = Citation
    fields = ["symbol", "relation", "clause"]
    readonly_fields = fields
    ordering = ["clause__position", "symbol"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("clause")


@admin.register(Document)
class DocumentAdmin(ModelAdmin):
    list_display = ["symbol", "title", "kind", "year", "session", "status"]
    list_display_links = ["symbol", "title"]
    list_select_related = ["session"]
    list_filter = ["kind", "status", "session", "year", "synthetic"]
    search_fields = ["symbol", "title"]
    autocomplete_fields = ["session", "meeting", "goals", "themes", "sdgs", "organizations",
                           "programmes"]
    readonly_fields = ["created_at", "updated_at"]
    ordering = ["-year", "symbol"]
    inlines = [ClauseInline, CitationInline]
    show_full_result_count = False
    # Adds a link to the page that imports a document from its text.
    change_list_template = "admin/resolutions/document/change_list.html"

    def get_queryset(self, request):
        # The search vector serves the database alone.
        return super().get_queryset(request).defer("search_vector")


@admin.register(Clause)
class ClauseAdmin(ModelAdmin):
    list_display = ["document", "position", "kind", "lead", "short_text"]
    list_select_related = ["document"]
    list_filter = ["kind"]
    search_fields = ["document__symbol", "lead", "text"]
    autocomplete_fields = ["document", "parent"]
    ordering = ["document", "position"]

    @admin.display(description=_("text"))
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 100 else f"{obj.text[:99]}…"


@admin.register(Citation)
class CitationAdmin(ModelAdmin):
    list_display = ["document", "symbol", "relation", "clause"]
    list_select_related = ["document", "clause"]
    list_filter = ["relation"]
    search_fields = ["symbol", "document__symbol"]
    autocomplete_fields = ["document", "clause"]
    ordering = ["document", "symbol"]
