"""gunicorn's settings for the site; gunicorn reads this file from the directory
it starts in (`gunicorn gpg_kb.wsgi`, see README.md, Production)."""

import gc
import importlib


def post_worker_init(worker):
    """Import every view, then set what is loaded aside from garbage collection.

    A worker keeps some 90,000 objects for as long as it lives (modules, URL
    patterns, models, settings). Each full collection walked them all again,
    a pause that fell on whichever request set it off; frozen, they are left
    alone.
    """
    from django.conf import settings

    importlib.import_module(settings.ROOT_URLCONF)  # and with it every view
    gc.collect()
    gc.freeze()
