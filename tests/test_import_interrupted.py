"""An import killed mid-run leaves the database as it was: it is one transaction."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from resolutions.models import Citation, Clause, Document

# The subprocess writes through its own connection; this test only reads committed rows.
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "documents" / "GA-2017-86-RES-06.txt"


def database_url():
    """The test database, as a URL a subprocess can use."""
    params = connection.get_connection_params()
    host = quote(str(params.get("host") or "127.0.0.1"), safe="")
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgres://{params['user']}@{host}{port}/{params['dbname']}"


def write_resolutions(folder, count):
    text = SEED.read_text(encoding="utf-8")
    for number in range(100, 100 + count):
        (folder / f"GA-2017-86-RES-{number}.txt").write_text(
            text.replace("Resolution No. 6", f"Resolution No. {number}")
                .replace("GA-2017-86-RES-06\n", f"GA-2017-86-RES-{number}\n"),
            encoding="utf-8",
        )


def import_is_writing():
    with connection.cursor() as cursor:
        # Inside the test's transaction the statistics views would keep one snapshot.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        )
        return cursor.fetchone()[0] > 0


def test_an_import_killed_mid_run_writes_nothing(tmp_path):
    write_resolutions(tmp_path, 900)
    before = (Document.objects.count(), Clause.objects.count(), Citation.objects.count())
    env = os.environ | {"DATABASE_URL": database_url()}
    with subprocess.Popen([sys.executable, "manage.py", "import_documents", str(tmp_path)],
                          cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE) as importer:
        deadline = time.monotonic() + 60
        while not import_is_writing():
            assert importer.poll() is None, importer.stderr.read().decode()
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.01)
        importer.send_signal(signal.SIGKILL)
        importer.wait(timeout=30)
    assert importer.returncode == -signal.SIGKILL
    # The server rolls back the dead connection's transaction.
    deadline = time.monotonic() + 30
    while import_is_writing() and time.monotonic() < deadline:
        time.sleep(0.05)
    after = (Document.objects.count(), Clause.objects.count(), Citation.objects.count())
    assert after == before
    assert not Document.objects.filter(symbol="GA-2017-86-RES-100").exists()
