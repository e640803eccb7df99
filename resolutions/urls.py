from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from . import exports, feeds, views
from .sitemaps import SITEMAPS, robots_txt
from .views import documents, framework, health, sessions

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("sessions/", sessions.session_list, name="session-list"),
    path("sessions/<int:number>/", sessions.session_detail, name="session-detail"),
    path("goals/", framework.goal_list, name="goal-list"),
    path("goals/compare/", framework.goal_compare, name="goal-compare"),
    path("goals/<int:year>/", framework.goal_list, name="goal-list-edition"),
    path("goals/<int:year>/<int:number>/", framework.goal_detail, name="goal-detail"),
    path("themes/", framework.theme_list, name="theme-list"),
    path("themes/<slug:slug>/", framework.theme_detail, name="theme-detail"),
    path("sdgs/", framework.sdg_list, name="sdg-list"),
    path("sdgs/<int:number>/", framework.sdg_detail, name="sdg-detail"),
    path("matrix/", framework.matrix, name="matrix"),
    path("organizations/", framework.organization_list, name="organization-list"),
    path("organizations/<slug:slug>/", framework.organization_detail,
         name="organization-detail"),
    path("coverage/", framework.coverage, name="coverage"),
    path("resolutions/", documents.document_list, name="document-list"),
    path("resolutions/<path:key>/", documents.document_detail, name="document-detail"),
    path("search/", documents.search_page, name="search"),
    # Open data: exports, citations, feeds, sitemap.
    re_path(r"^resolutions/export\.(?P<fmt>csv|json)$", exports.document_export,
            name="document-export"),
    re_path(r"^resolutions/(?P<key>.+)/cite\.(?P<fmt>bib|ris|json)$", exports.document_citation,
            name="document-citation"),
    path("feeds/documents/", feeds.LatestDocumentsFeed(), name="feed-documents"),
    path("feeds/goals/<int:year>/<int:number>/", feeds.GoalDocumentsFeed(), name="feed-goal"),
    path("feeds/themes/<slug:slug>/", feeds.ThemeDocumentsFeed(), name="feed-theme"),
    path("feeds/sessions/<int:number>/", feeds.SessionDocumentsFeed(), name="feed-session"),
    path("sitemap.xml", sitemap_views.index,
         {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap-index"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS},
         name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots-txt"),
]
