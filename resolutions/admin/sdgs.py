"""Admin for the SDGs, their targets and the goals' links to them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import SDG, GoalSDGLink, SDGTarget
from .base import HistoryAdmin, ModelAdmin, TabularInline, goal_site_link


class SDGTargetInline(TabularInline):
    model = SDGTarget
    fields = ["code", "text", "source"]
    ordering = ["sort_key"]


@admin.register(SDG)
class SDGAdmin(ModelAdmin):
    list_display = ["number", "short_title", "colour"]
    list_display_links = ["number", "short_title"]
    search_fields = ["short_title", "statement"]
    ordering = ["number"]
    inlines = [SDGTargetInline]


@admin.register(SDGTarget)
class SDGTargetAdmin(ModelAdmin):
    list_display = ["code", "sdg", "short_text"]
    list_select_related = ["sdg"]
    list_filter = ["sdg"]
    search_fields = ["code", "text"]
    ordering = ["sort_key"]

    @admin.display(description=_("text"))
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 120 else f"{obj.text[:119]}…"


@admin.register(GoalSDGLink)
class GoalSDGLinkAdmin(HistoryAdmin):
    list_display = ["goal", "sdg", "target", "relation"]
    list_select_related = ["goal__edition", "sdg", "target"]
    list_filter = ["goal__edition", "relation", "sdg"]
    search_fields = ["goal__titles__text", "sdg__short_title", "target__code", "note"]
    autocomplete_fields = ["goal"]
    fields = ["goal", "sdg", "target", "relation", "source", "note"]
    radio_fields = {"relation": admin.VERTICAL}
    ordering = ["goal__edition__year", "goal__number", "sdg__number", "target__sort_key"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("goal__titles")

    def view_on_site(self, obj):
        return goal_site_link(obj)
