"""The zero-install database: an embedded PostgreSQL that survives killed runs.

Each test gives the embedded server its own data folder (GPG_KB_PGDATA), so it
never touches the checkout's own server or the one running the test suite.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "from django.db import connection; "
    "connection.ensure_connection(); "
    "print(connection.settings_dict['ENGINE'], connection.settings_dict['HOST'], "
    "connection.cursor().connection.execute('SHOW server_version').fetchone()[0])"
)


def environment(data_dir, **extra):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["GPG_KB_PGDATA"] = str(data_dir)
    env.update(extra)
    return env


def manage(data_dir, *args, **extra):
    return subprocess.run(
        [sys.executable, "manage.py", *args, "--verbosity", "0"], cwd=ROOT,
        env=environment(data_dir, **extra), capture_output=True, text=True, timeout=120,
    )


def server_processes(data_dir):
    return [
        p for p in psutil.process_iter(["name", "cmdline"])
        if p.info["name"] == "postgres" and str(data_dir) in " ".join(p.info["cmdline"] or [])
    ]


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "pgdata"
    yield path
    for process in server_processes(path):  # never leave a server behind
        process.kill()


def test_embedded_server_starts_serves_and_stops(data_dir):
    result = manage(data_dir, "shell", "-c", PROBE)
    assert result.returncode == 0, result.stderr
    engine, host, version = result.stdout.split()
    assert engine == "gpg_kb.embedded"
    assert host.startswith(str(data_dir))
    assert version.startswith("18.")
    assert (data_dir / "PG_VERSION").exists()
    assert server_processes(data_dir) == []  # stopped when the last user exited


def test_embedded_server_has_trigram_and_unaccent(data_dir):
    check = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute(\"CREATE EXTENSION IF NOT EXISTS pg_trgm\"); "
        "c.execute(\"CREATE EXTENSION IF NOT EXISTS unaccent\"); "
        "c.execute(\"SELECT similarity('interpol', 'interpool'), unaccent('Türkiye')\"); "
        "print(c.fetchone())"
    )
    result = manage(data_dir, "shell", "-c", check)
    assert result.returncode == 0, result.stderr
    assert "Turkiye" in result.stdout


def test_database_url_uses_that_server_and_starts_nothing(data_dir):
    result = manage(data_dir, "shell", "-c", PROBE,
                    DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres")
    assert result.returncode == 0, result.stderr
    engine, host, _version = result.stdout.split(maxsplit=2)
    assert engine == "gpg_kb.postgres"
    assert host == "127.0.0.1"
    assert not data_dir.exists()


def test_a_run_killed_with_sigterm_does_not_break_the_next(data_dir):
    with subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c",
         PROBE + "; import sys, time; sys.stdout.flush(); time.sleep(120)"],
        cwd=ROOT, env=environment(data_dir), stdout=subprocess.PIPE, text=True,
    ) as holder:
        try:
            assert holder.stdout.readline().startswith("gpg_kb.embedded")
            holder.send_signal(signal.SIGTERM)
            holder.wait(timeout=30)
        finally:
            holder.kill()
    # The killed process never ran its exit handlers: it is still listed as a
    # user of the server, and the server is still running.
    assert holder.pid in json.loads((data_dir / ".handle_pids.json").read_text())
    assert server_processes(data_dir)

    result = manage(data_dir, "shell", "-c", PROBE)
    assert result.returncode == 0, result.stderr
    # The dead handle was dropped, so the next run, as the last user, stopped the server.
    assert json.loads((data_dir / ".handle_pids.json").read_text()) == []
    assert server_processes(data_dir) == []


def test_an_empty_handle_file_does_not_break_the_next_run(data_dir):
    assert manage(data_dir, "shell", "-c", PROBE).returncode == 0
    (data_dir / ".handle_pids.json").write_text("")  # as left by a kill mid-write
    result = manage(data_dir, "shell", "-c", PROBE)
    assert result.returncode == 0, result.stderr


def test_a_stale_postmaster_pid_naming_another_program_is_ignored(data_dir):
    assert manage(data_dir, "shell", "-c", PROBE).returncode == 0
    assert server_processes(data_dir) == []
    # After a reboot the old server's PID may belong to any program: here, a sleep.
    with subprocess.Popen(["sleep", "60"]) as stranger:
        (data_dir / "postmaster.pid").write_text(
            f"{stranger.pid}\n{data_dir}\n{int(time.time())}\n5432\n{data_dir}\n\n0 0\nready\n"
        )
        result = manage(data_dir, "shell", "-c", PROBE)
        assert stranger.poll() is None  # the unrelated program was left alone
        stranger.kill()
    assert result.returncode == 0, result.stderr
