"""Admin for the goals framework: editions, goals with their wording, sub-goals, themes."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import Edition, Goal, GoalSDGLink, GoalTitle, SubGoal, SubGoalText, Theme
from ..models.history import goal_part_changes
from .base import HistoryAdmin, ModelAdmin, TabularInline, goal_site_link
from .forms import UniqueRowsFormSet


@admin.register(Edition)
class EditionAdmin(ModelAdmin):
    list_display = ["year", "name", "session", "resolution_symbol", "report_symbol"]
    list_select_related = ["session"]
    search_fields = ["name", "resolution_symbol", "report_symbol"]
    autocomplete_fields = ["session"]
    ordering = ["year"]


class GoalTitleInline(TabularInline):
    model = GoalTitle
    formset = UniqueRowsFormSet
    fields = ["language", "text", "source"]
    ordering = ["language"]


class SubGoalInline(TabularInline):
    model = SubGoal
    formset = UniqueRowsFormSet
    fields = ["code", "wording", "truncated", "note"]
    readonly_fields = ["wording"]
    ordering = ["sort_key"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("texts")

    @admin.display(description=_("wording (edit on the sub-goal's page)"))
    def wording(self, obj):
        text = obj.wording() if obj.pk else None
        return f"{text.text} ({text.get_language_display()})" if text else "—"


class GoalSDGLinkInline(TabularInline):
    model = GoalSDGLink
    formset = UniqueRowsFormSet
    fields = ["sdg", "target", "relation", "source", "note"]
    ordering = ["sdg__number", "target__sort_key"]

    def get_queryset(self, request):
        # Each row is labelled with the link's name, which names goal and SDG.
        return super().get_queryset(request).select_related(
            "goal__edition", "sdg", "target").prefetch_related("goal__titles")


@admin.register(Goal)
class GoalAdmin(HistoryAdmin):
    list_display = ["number", "title_text", "edition_year", "sub_goal_count", "link_count",
                    "last_changed_at"]
    list_display_links = ["number", "title_text"]
    list_filter = ["edition"]
    search_fields = ["titles__text", "sub_goals__texts__text", "note"]
    ordering = ["edition__year", "number"]
    fields = ["edition", "number", "note"]
    radio_fields = {"edition": admin.HORIZONTAL}
    inlines = [GoalTitleInline, SubGoalInline, GoalSDGLinkInline]

    def get_queryset(self, request):
        return (super().get_queryset(request).select_related("edition")
                .prefetch_related("titles").with_last_changed()
                .annotate(sub_goal_total=Count("sub_goals", distinct=True),
                          link_total=Count("sdg_links", distinct=True)))

    @admin.display(description=_("title"))
    def title_text(self, obj):
        title = obj.title
        if title is None:
            return "—"
        return title.text if title.language == "en" else (
            f"{title.text} ({title.get_language_display()})")

    @admin.display(description=_("edition"), ordering="edition__year")
    def edition_year(self, obj):
        return obj.edition.year

    @admin.display(description=_("sub-goals"), ordering="sub_goal_total")
    def sub_goal_count(self, obj):
        return obj.sub_goal_total

    @admin.display(description=_("SDG links"), ordering="link_total")
    def link_count(self, obj):
        return obj.link_total

    @admin.display(description=_("last changed"), ordering="last_changed_at", empty_value="—")
    def last_changed_at(self, obj):
        return obj.last_changed_at

    def history_view(self, request, object_id, extra_context=None):
        goal = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if goal is not None:
            extra_context["part_changes"] = [
                (change, _part_history_url(change)) for change in goal_part_changes(goal)
            ]
        return super().history_view(request, object_id, extra_context)


def _part_history_url(change):
    opts = change.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[change.record.id])


@admin.register(GoalTitle)
class GoalTitleAdmin(HistoryAdmin):
    list_display = ["goal", "language", "text"]
    list_select_related = ["goal__edition"]
    list_filter = ["goal__edition", "language"]
    search_fields = ["text"]
    autocomplete_fields = ["goal"]
    ordering = ["goal__edition__year", "goal__number", "language"]

    def view_on_site(self, obj):
        return goal_site_link(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("goal__titles")


class SubGoalTextInline(TabularInline):
    model = SubGoalText
    formset = UniqueRowsFormSet
    fields = ["language", "text", "source"]
    ordering = ["language"]


@admin.register(SubGoal)
class SubGoalAdmin(HistoryAdmin):
    list_display = ["code", "wording_text", "goal", "truncated"]
    list_select_related = ["goal__edition"]
    list_filter = ["goal__edition", "truncated"]
    search_fields = ["code", "texts__text", "note"]
    autocomplete_fields = ["goal"]
    ordering = ["goal__edition__year", "goal__number", "sort_key"]
    fields = ["goal", "code", "truncated", "note"]
    inlines = [SubGoalTextInline]

    def view_on_site(self, obj):
        return goal_site_link(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("texts", "goal__titles")

    @admin.display(description=_("wording"))
    def wording_text(self, obj):
        text = obj.text
        return text.text if text else "—"


@admin.register(SubGoalText)
class SubGoalTextAdmin(HistoryAdmin):
    list_display = ["sub_goal", "language", "text"]
    list_select_related = ["sub_goal__goal__edition"]
    list_filter = ["sub_goal__goal__edition", "language"]
    search_fields = ["text", "sub_goal__code"]
    autocomplete_fields = ["sub_goal"]
    ordering = ["sub_goal__goal__edition__year", "sub_goal__goal__number",
                "sub_goal__sort_key", "language"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sub_goal__texts")

    def view_on_site(self, obj):
        return goal_site_link(obj.sub_goal)


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin):
    list_display = ["position", "name", "slug"]
    list_display_links = ["name"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position"]
