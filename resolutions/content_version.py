"""The content version: a number that every write to the base moves forward.

Rendered pages are cached under the version they were rendered at, so a
write makes every cached page unreachable at once, for every process: no
reader sees a page older than the last committed change.

The version is kept by the database itself. A statement trigger on every
table of the app (installed after each migrate, so new tables get it too)
sets it from a sequence: admin edits, the importer, COPY in generate_corpus,
restores and hand-written SQL all move it, inside their own transaction. A
version becomes visible to readers when its write commits, and since a
sequence never goes back, a rolled-back write never hands its number to
another state of the data.
"""

import hashlib
from collections import OrderedDict

from django.apps import apps
from django.core.cache import cache
from django.db import connections

TABLE = "resolutions_content_version"
FUNCTION = "resolutions_bump_content_version"
TRIGGER = "content_version_bump"

def current(using="default"):
    """The version of the committed data this connection sees."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT value FROM {TABLE} WHERE id = 1")
        return cursor.fetchone()[0]


def install_triggers(using="default", **kwargs):
    """Attach the trigger to every table of the app (a post_migrate receiver)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regproc(%s) IS NOT NULL", [FUNCTION])
        if not cursor.fetchone()[0]:
            return  # migrations not yet applied this far
        tables = set(connection.introspection.table_names(cursor))
        for model in apps.get_app_config("resolutions").get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in tables and not model._meta.proxy and model._meta.managed:
                cursor.execute(
                    f'CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE '
                    f'OR TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()'
                )


def cached(key, compute, timeout=600, version=None):
    """compute(), kept in the default cache under the current version (or the
    one given, read earlier in the same request).

    For results that are costly to compute from many rows but small to keep,
    such as facet counts: a write moves the version, so they are never stale.
    """
    full_key = f"data:{current() if version is None else version}:{hash_key(key)}"
    # The process keeps its latest values as they are: taking them from the
    # cache would unpickle hundreds of objects a request (and feed the garbage
    # collector). Callers treat them as read-only.
    value = _recent.get(full_key)
    if value is not None:
        return value
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    _recent[full_key] = value
    while len(_recent) > RECENT_SIZE:
        _recent.popitem(last=False)
    return value


# Values of the cache kept by this process, oldest first. Under a newer version
# the old keys are no longer asked for, and fall out as new ones come in.
RECENT_SIZE = 64
_recent = OrderedDict()


def hash_key(key):
    """A short cache key for any tuple of strings and numbers."""
    return hashlib.sha256(repr(key).encode()).hexdigest()
