"""Browser tests: Playwright drives Debian's Chromium against the live server.

Run with the rest of the suite (`make test`). Chromium comes from the
distribution (`apt-get install chromium`), never from `playwright install`;
set CHROMIUM_PATH to use another binary.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from resolutions.reference import REFERENCE_FIXTURES

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
E2E_DIR = Path(__file__).resolve().parent
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Browser tests run last: once Playwright has started, its event loop runs
    # in this thread until the session ends (see `playwright` below).
    items.sort(key=lambda item: E2E_DIR in item.path.parents)


@pytest.fixture(scope="session")
def playwright(playwright):
    # Playwright's sync API keeps an event loop running in the test thread,
    # which Django takes for async code and refuses database access from.
    # Allowed only from here on, so subprocesses of earlier tests never see it.
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    yield playwright
    if previous is None:
        del os.environ[ASYNC_UNSAFE]
    else:
        os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # A missing browser is a failure, never a skip: CI must not pass without these tests.
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install it with "
            "`apt-get install chromium fonts-liberation` (`make test` does so as root), "
            "or point CHROMIUM_PATH at a Chromium binary.",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture(autouse=True)
def site_data(live_server):
    """The reference data, in the live server's database for each test.

    Live-server tests commit for real and the database is emptied after each
    one, so the data is loaded again every time.
    """
    call_command("loaddata", *REFERENCE_FIXTURES, verbosity=0)


@pytest.fixture
def page(page):
    # Fail fast: a journey that waits long for an element is already broken.
    page.set_default_timeout(5_000)
    return page
