"""sitemap.xml: every public page, one section per kind of page."""

from django.contrib.sitemaps import Sitemap
from django.shortcuts import render
from django.urls import reverse

from .models import SDG, Document, Edition, Goal, Organization, Session, Theme


class PageSitemap(Sitemap):
    """The pages that exist once: overviews, lists and the open-data page."""

    def items(self):
        return ["home", "document-list", "session-list", "goal-list", "goal-compare",
                "theme-list", "sdg-list", "matrix", "organization-list", "coverage",
                "api-overview"]

    def location(self, item):
        return reverse(item)


class DocumentSitemap(Sitemap):
    def items(self):
        return Document.objects.real().only("slug", "updated_at").order_by("pk")

    def lastmod(self, document):
        return document.updated_at


class SessionSitemap(Sitemap):
    def items(self):
        return Session.objects.filter(synthetic=False).order_by("number")


class EditionSitemap(Sitemap):
    def items(self):
        return Edition.objects.order_by("year")


class GoalSitemap(Sitemap):
    def items(self):
        return Goal.objects.select_related("edition").order_by("edition__year", "number")


class ThemeSitemap(Sitemap):
    def items(self):
        return Theme.objects.order_by("position")


class SDGSitemap(Sitemap):
    def items(self):
        return SDG.objects.order_by("number")


class OrganizationSitemap(Sitemap):
    def items(self):
        return Organization.objects.order_by("acronym")


SITEMAPS = {
    "pages": PageSitemap,
    "documents": DocumentSitemap,
    "sessions": SessionSitemap,
    "editions": EditionSitemap,
    "goals": GoalSitemap,
    "themes": ThemeSitemap,
    "sdgs": SDGSitemap,
    "organizations": OrganizationSitemap,
}


def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap-index"))
    return render(request, "robots.txt", {"sitemap_url": sitemap_url},
                  content_type="text/plain; charset=utf-8")
