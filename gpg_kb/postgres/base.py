"""Database backend: Django's PostgreSQL backend, with a health check that
asks the connection's socket instead of the server.

With CONN_HEALTH_CHECKS, Django checks a kept connection before each request's
first query by sending ``SELECT 1``: a round trip on every request, as costly
as a cached page's own query. A server that stopped, restarted or ended the
session has said so and closed the socket, and a read that does not wait sees
both; only then is the connection dropped and a new one opened.
"""

import select

from django.db.backends.postgresql import base
from psycopg import OperationalError, pq


def _readable(fd):
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        if self.connection is None:
            return False
        pgconn = self.connection.pgconn
        try:
            # What came while the connection was idle: a notice, or a
            # server's last words then the end of the stream (two reads).
            for _ in range(3):
                if not _readable(pgconn.socket):
                    return pgconn.status == pq.ConnStatus.OK
                pgconn.consume_input()
        except OperationalError:
            return False
        return False  # still more to read: not a connection to trust
