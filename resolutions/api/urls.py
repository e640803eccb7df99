from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

urlpatterns = [
    path("", TemplateView.as_view(
        template_name="api/overview.html", extra_context={"breadcrumbs": [(_("Open data"), None)]},
    ), name="api-overview"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(
        url_name="api-schema", template_name="api/swagger_ui.html",
    ), name="api-docs"),
    path("sessions/", views.SessionList.as_view(), name="api-session-list"),
    path("sessions/<int:number>/", views.SessionDetail.as_view(), name="api-session-detail"),
    path("editions/", views.EditionList.as_view(), name="api-edition-list"),
    path("editions/<int:year>/", views.EditionDetail.as_view(), name="api-edition-detail"),
    path("editions/<int:year>/goals/", views.GoalList.as_view(), name="api-goal-list"),
    path("editions/<int:year>/goals/<int:number>/", views.GoalDetail.as_view(),
         name="api-goal-detail"),
    path("themes/", views.ThemeList.as_view(), name="api-theme-list"),
    path("themes/<slug:slug>/", views.ThemeDetail.as_view(), name="api-theme-detail"),
    path("sdgs/", views.SDGList.as_view(), name="api-sdg-list"),
    path("sdgs/<int:number>/", views.SDGDetail.as_view(), name="api-sdg-detail"),
    path("organizations/", views.OrganizationList.as_view(), name="api-organization-list"),
    path("organizations/<slug:slug>/", views.OrganizationDetail.as_view(),
         name="api-organization-detail"),
    path("documents/", views.DocumentList.as_view(), name="api-document-list"),
    path("documents/<path:key>/", views.DocumentDetail.as_view(), name="api-document-detail"),
    # Last: a path with its final slash that matched nothing above. (Without the
    # slash, Django first redirects to the slashed address.)
    re_path(r"^(?P<path>[\s\S]+/)$", views.not_found),
]
