"""Whole rendered pages, cached for anonymous readers under the content version.

A cached page costs one small query (the version) instead of the page's own.
Only what is the same for every reader is kept: GET requests without a
session or messages cookie, answered 200 without setting a cookie or using
a CSRF token. The key holds the language, scheme, host and full path, since
pages carry absolute links. PAGE_CACHE_SECONDS (0 turns caching off) bounds
how long a page lives; the version ends it as soon as anything is written.

The middleware comes first: a hit skips all the others, and what is kept is
the response as they all left it, security headers included. So it works out
the language itself, as LocaleMiddleware will.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import DatabaseError
from django.dispatch import receiver
from django.utils import translation
from django.utils.cache import cc_delim_re

from . import content_version

CACHE_ALIAS = "pages"
# Pages that must always be fresh or are not public.
EXCLUDED_PREFIXES = ("/admin/", "/healthz", "/static/", "/bench/")
PRIVATE_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        try:
            key = _key(request, content_version.current())
        except (DisallowedHost, DatabaseError):
            # The site's own answer to a bad Host header (400) or an outage (503).
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            cache.set(key, response, seconds)
        return response


def _cacheable_request(request):
    return (
        request.method == "GET"
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and not PRIVATE_COOKIES & request.COOKIES.keys()
    )


def _cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A page with a form's CSRF token belongs to the reader it was made for.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    directives = {d.strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    return not directives & {"private", "no-store", "no-cache"}


def _key(request, version):
    # The site has no language prefixes in its paths: the cookie or the
    # Accept-Language header decides, as in LocaleMiddleware.
    language = translation.get_language_from_request(request)
    where = "|".join([language, request.scheme, request.get_host(),
                      request.get_full_path()])
    return f"page:{version}:{hashlib.sha256(where.encode()).hexdigest()}"


@receiver(setting_changed)
def _forget_pages(**kwargs):
    # Pages rendered under other settings (in tests) must not be served again.
    caches[CACHE_ALIAS].clear()
