from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("resolutions.api.urls")),
    path("", include("resolutions.urls")),
]

# A database outage gets the 503 page; any other error the 500 page.
handler500 = "gpg_kb.middleware.server_error"
