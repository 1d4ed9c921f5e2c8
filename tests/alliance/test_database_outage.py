"""A PostgreSQL connection that the server ended (a restart, a failover) is replaced, not a 500.

Connections persist between requests (DATABASE_CONN_MAX_AGE); with
CONN_HEALTH_CHECKS Django checks a persistent connection before a request's
first query and opens a new one if the old is gone. The request goes through
the WSGI handler itself, as under gunicorn: Django's test client leaves out
the per-request connection handling that this is about.
"""

from wsgiref.util import setup_testing_defaults

import pytest
from django.core.wsgi import get_wsgi_application
from django.db import connection, connections

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def serve(path):
    """(status, body) of a GET through the WSGI application, as a server would call it."""
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_HOST": "localhost"}
    setup_testing_defaults(environ)
    started = []
    response = get_wsgi_application()(
        environ, lambda status, headers, *info: started.append(status)
    )
    try:
        body = b"".join(response)
    finally:
        response.close()  # request_finished: Django's end-of-request connection handling
    return started[0], body.decode()


def terminate_backend(pid):
    """End a PostgreSQL session from another connection, as a server restart would."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


def test_a_terminated_database_connection_is_replaced_on_the_next_request(settings):
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's; SQLite has no server to lose")
    settings.PAGE_CACHE_SECONDS = 0  # every request reads the database
    OrganisationFactory(slug="green-steppe", name_en="Green Steppe Society")
    assert serve("/en/members/")[0] == "200 OK"
    old_pid = connection.connection.info.backend_pid  # kept for the next request

    terminate_backend(old_pid)
    status, body = serve("/en/members/")

    assert status == "200 OK"
    assert "Green Steppe Society" in body
    assert connection.connection.info.backend_pid != old_pid
