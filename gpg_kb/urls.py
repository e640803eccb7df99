from django.contrib import admin
from django.urls import include, path

from resolutions.importer.views import import_document

urlpatterns = [
    # Before the admin's own patterns, which would read "import" as an object id.
    path("admin/resolutions/document/import/", admin.site.admin_view(import_document),
         name="document-import"),
    path("admin/", admin.site.urls),
    path("api/", include("resolutions.api.urls")),
    path("", include("resolutions.urls")),
]

# A database outage gets the 503 page; any other error the 500 page.
handler500 = "gpg_kb.middleware.server_error"
