"""The site's URLs plus the baseline the benchmark compares every page with.

Used only when the BENCHMARK setting is on (bench/run.py turns it on).
"""

from django.http import HttpResponse
from django.urls import path

from gpg_kb.urls import urlpatterns as site_urlpatterns


def baseline(request):
    """Goes through every middleware, touches no database, renders no template."""
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [path("bench/baseline", baseline, name="bench-baseline"), *site_urlpatterns]
