"""Base classes for the admin: forms that read sources as https, and change history."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from ..models import Goal

# Sources are https pages; a scheme-less address typed in a form is read as one.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
# Rows of an inline table: compact fields, so that a row fits the page's width.
COMPACT_FIELDS = {
    models.URLField: {"assume_scheme": "https", "widget": forms.URLInput(
        attrs={"class": "vURLField"})},
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})},
}


class ModelAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS


class TabularInline(admin.TabularInline):
    formfield_overrides = COMPACT_FIELDS
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Every row of an inline would query the same choices again: read them once.
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and not isinstance(field.widget, AutocompleteSelect):
            cache = request.__dict__.setdefault("_inline_choices", {})
            key = (db_field.model, db_field.name)
            if key not in cache:
                cache[key] = list(field.choices)
            field.choices = cache[key]
        return field


class HistoryAdmin(SimpleHistoryAdmin):
    """An admin whose objects have a history page listing each version, with revert."""

    formfield_overrides = HTTPS_URLS

    object_history_template = "admin/resolutions/change_history.html"
    object_history_list_template = "admin/resolutions/change_history_list.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Remembered so that the save below can say which version it brings back.
        request.reverting_to = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        version_id = getattr(request, "reverting_to", None)
        if version_id is not None:
            version = self.model.history.filter(history_id=version_id).first()
            if version is not None:
                when = formats.date_format(timezone.localtime(version.history_date),
                                           "DATETIME_FORMAT")
                obj._change_reason = _("Reverted to the version of %(date)s") % {"date": when}
        elif change and not form.has_changed():
            # Saving a page where only an inline row changed saves the parent too;
            # a version identical to the last would only bury the real change.
            obj.skip_history_when_saving = True
        try:
            super().save_model(request, obj, form, change)
        finally:
            obj.__dict__.pop("skip_history_when_saving", None)


def goal_site_link(obj):
    """The public page of the goal an object belongs to, through the admin's own redirect,
    so that rendering the admin never depends on the public routes."""
    content_type = ContentType.objects.get_for_model(Goal)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.goal_id])


class ReadOnlyInline(TabularInline):
    """Rows shown beside their parent for reading; they are changed on their own pages."""

    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
