"""``manage.py restore PATH``: put back a backup written by ``manage.py backup``.

pg_restore turns the archive into SQL and psql runs it as one transaction, so
a failure at any step leaves the database as it was. The SQL passes through
here for one reason: pg_restore 17 and later always set transaction_timeout,
a setting servers before 17 do not know, so that line is dropped for them.
"""

import contextlib
import subprocess
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from gpg_kb.embedded import bin_path

from .backup import ARCHIVE_MAGIC, Server

UNKNOWN_BEFORE_17 = b"SET transaction_timeout = 0;\n"


def restore(archive, server):
    drop_setting = server.version < 170000
    with tempfile.TemporaryFile() as errors:
        dump = subprocess.Popen(
            [bin_path("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--file=-", str(archive)],
            stdout=subprocess.PIPE, stderr=errors,
        )
        load = subprocess.Popen(
            [bin_path("psql"), *server.options, "--no-psqlrc", "--quiet", "--single-transaction",
             "--set=ON_ERROR_STOP=1", "--file=-"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors, env=server.env,
        )
        try:
            for line in dump.stdout:
                if drop_setting and line == UNKNOWN_BEFORE_17:
                    drop_setting = False  # only the preamble's, never a row of data
                    continue
                load.stdin.write(line)
        except BrokenPipeError:
            pass  # psql stopped at an error; its message is in `errors`
        if dump.wait() != 0:
            # psql commits when its input ends: end it first, so nothing is committed.
            load.kill()
            load.wait()
        with contextlib.suppress(BrokenPipeError):
            load.stdin.close()
        load.wait()
        dump.stdout.close()
        if dump.returncode != 0 or load.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()
            raise CommandError(f"{archive}: restore failed, nothing was changed: {message}")


class Command(BaseCommand):
    help = (
        "Replace the contents of the database with the backup in PATH, written by `backup`. "
        "It runs as one transaction: if anything fails, the database is left as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file written by the backup command")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS,
                            help="the database to restore into (default: %(default)s)")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="do not ask for confirmation")

    def handle(self, *args, path, database, interactive, **options):
        archive = Path(path)
        try:
            with archive.open("rb") as file:
                header = file.read(len(ARCHIVE_MAGIC))
        except OSError as exc:
            raise CommandError(f"{archive}: {exc.strerror}") from exc
        if header != ARCHIVE_MAGIC:
            raise CommandError(f"{archive}: not a backup written by the backup command")

        name = connections[database].settings_dict["NAME"]
        if interactive:
            answer = input(
                f"This replaces the contents of database {name} with {archive}.\n"
                "Type 'yes' to continue, or anything else to cancel: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled.")

        restore(archive, Server.of(database))
        self.stdout.write(f"Restored database {name} from {archive}")
