"""Database backend: the project's PostgreSQL backend (gpg_kb.postgres) on the
embedded server.

The server starts on the first connection, not at import time, so commands that
never touch the database (``check``, ``collectstatic``) start nothing. The
server belongs to this checkout alone, so the project uses its ``postgres``
database.
"""

from django.db.backends.postgresql import client

from ..postgres import base
from . import bin_path, socket_dir


class DatabaseClient(client.DatabaseClient):
    executable_name = property(lambda self: bin_path("psql"))

    def runshell(self, parameters):
        self.connection.settings_dict["HOST"] = socket_dir()
        super().runshell(parameters)


class DatabaseWrapper(base.DatabaseWrapper):
    client_class = DatabaseClient

    def get_connection_params(self):
        self.settings_dict["HOST"] = socket_dir()
        return super().get_connection_params()
