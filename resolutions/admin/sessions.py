"""Admin for General Assembly sessions and the Dialogue's meetings."""

from django.contrib import admin

from ..models import Meeting, Session
from .base import ModelAdmin


@admin.register(Session)
class SessionAdmin(ModelAdmin):
    list_display = ["number", "city", "country", "start_date", "end_date"]
    search_fields = ["city", "country", "note"]
    date_hierarchy = "start_date"
    ordering = ["-number"]


@admin.register(Meeting)
class MeetingAdmin(ModelAdmin):
    list_display = ["name", "kind", "start_date", "city", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "city", "country", "host", "outcome"]
    autocomplete_fields = ["organizations"]
    ordering = ["start_date", "name"]
