"""Browser tests: Playwright drives Debian's Chromium against a live server.

They run with the rest of the suite (`make test`), last. Chromium comes from
the distribution (`apt-get install chromium`), never from `playwright
install`; set CHROMIUM_PATH to use another binary.

The journeys read the same data, so one live server over one committed copy
of the reference data and the seed documents serves them all (`site_url`).
A test that changes data puts it back (`restore_framework`).
"""

import os
import shutil
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.db import connections
from django.test.testcases import LiveServerThread
from django.test.utils import modify_settings

from resolutions.reference import REFERENCE_FIXTURES

from .accounts import EDITOR

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
E2E_DIR = Path(__file__).resolve().parent
SEED_DOCUMENTS = settings.BASE_DIR / "fixtures" / "documents"
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Browser tests run last: they hold the database open for the rest of the
    # session, and once Playwright has started its event loop runs in this
    # thread until the end (see `playwright` below).
    items.sort(key=lambda item: E2E_DIR in item.path.parents)


@pytest.fixture(scope="session")
def playwright(playwright):
    # Playwright's sync API keeps an event loop running in the test thread,
    # which Django takes for async code and refuses database access from.
    # Allowed only from here on, so subprocesses of earlier tests never see it.
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    yield playwright
    # While a loop runs, Django keeps this thread's connections apart from the
    # ones it uses without a loop; close them, or the test database stays in use.
    connections.close_all()
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


def in_own_connection(task):
    """Run `task` on a connection of its own, so its writes are committed at once.

    The test's own connection sits in a transaction that the live server,
    on its own connections, never sees.
    """
    errors = []

    def run():
        try:
            task()
        except Exception as error:  # noqa: BLE001  (re-raised in the test's thread)
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def load_site_data():
    """The reference data, the seed documents and an editor account.

    An earlier transactional test may have emptied the database, so the data
    is loaded again. The Editors group comes from a migration, which is not
    replayed here: such a test must keep it with `serialized_rollback`.
    """
    call_command("loaddata", *REFERENCE_FIXTURES, verbosity=0)
    call_command("import_documents", str(SEED_DOCUMENTS), verbosity=0)
    User = get_user_model()
    user = User.objects.filter(username=EDITOR["username"]).first()
    if user is None:
        call_command("create_editor", EDITOR["username"], generate_password=True,
                     stdout=StringIO())
        user = User.objects.get(username=EDITOR["username"])
    user.set_password(EDITOR["password"])
    user.save()


@pytest.fixture(scope="session")
def site_url(django_db_setup, django_db_blocker):
    """A live server on the test database, with the site's data committed in it.

    One server and one load for all the browser tests: loading and flushing
    the database around each test would cost more than the tests.
    """
    with django_db_blocker.unblock(), modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
        in_own_connection(load_site_data)
        server = LiveServerThread("localhost", StaticFilesHandler)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        yield f"http://{server.host}:{server.port}"
        server.terminate()


@pytest.fixture(scope="session")
def base_url(site_url):
    # Playwright resolves page.goto("/…") against this.
    return site_url


@pytest.fixture(autouse=True)
def _database(db):
    """Database access for the test itself, in a transaction rolled back after it.

    Asking for `db` also makes pytest-django create the test database when
    only browser tests are run.
    """


@pytest.fixture
def restore_framework():
    """For a test that edits the goals framework: the fixture's wording comes back after it."""
    yield
    in_own_connection(lambda: call_command("loaddata", "framework", verbosity=0))


@pytest.fixture
def page(page):
    # Fail fast: a journey that waits long for an element is already broken.
    page.set_default_timeout(10_000)
    return page
