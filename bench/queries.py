"""Queries per request for each benchmarked page: rendered, then served from the cache.

Run by bench/run.py with the benchmark's environment; prints JSON.
"""

import json
import sys

import django


def main():
    pages = json.loads(sys.argv[1])
    django.setup()
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return len(queries)

    from resolutions import content_version

    counts = {}
    for name, url in pages.items():
        # Rendered, with nothing kept from another page: the counts under the
        # content version are computed again too.
        caches["default"].clear()
        content_version._recent.clear()
        with override_settings(PAGE_CACHE_SECONDS=0):
            uncached = count(url)
        caches["pages"].clear()
        with override_settings(PAGE_CACHE_SECONDS=600):
            count(url)
            cached = count(url)
        counts[name] = [uncached, cached]
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
