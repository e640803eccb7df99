"""Admin for the regional organizations and the programmes the documents name."""

from django.contrib import admin

from ..models import Organization, Programme
from .base import ModelAdmin


@admin.register(Organization)
class OrganizationAdmin(ModelAdmin):
    list_display = ["acronym", "full_name", "region", "dialogue_role"]
    search_fields = ["acronym", "full_name", "aliases", "region"]
    prepopulated_fields = {"slug": ["acronym"]}
    ordering = ["acronym"]


@admin.register(Programme)
class ProgrammeAdmin(ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "aliases", "description"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]
