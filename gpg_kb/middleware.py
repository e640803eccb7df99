"""A clear 503 page, instead of a server error, while the database is unreachable.

A database outage surfaces wherever the first query runs: usually in a view
(caught here by ``process_exception``), sometimes in a middleware such as the
session's (caught by ``server_error``, the site's 500 handler). Both answer
with the same page, rendered from the template alone: no request context
processors, so nothing in the page needs the database. The connection is
dropped at the end of the failed request and, with ``CONN_HEALTH_CHECKS``,
checked before reuse, so the site recovers by itself when the database returns.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

# Seconds a client (or a proxy in front) should wait before asking again.
RETRY_AFTER = 30


def is_database_outage(exception):
    return isinstance(exception, OperationalError | InterfaceError)


def outage_response():
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            logger.warning("Database unavailable for %s: %s", request.path, exception)
            return outage_response()
        return None


@requires_csrf_token
def server_error(request):
    """The 500 handler: a database outage outside a view still gets the 503 page."""
    if is_database_outage(sys.exc_info()[1]):
        return outage_response()
    return HttpResponseServerError(loader.get_template("500.html").render())
