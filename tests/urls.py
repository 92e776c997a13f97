"""A test-only URLconf: the site's own pages plus views that fail on purpose."""

from django.db import OperationalError, connection
from django.http import HttpResponse
from django.urls import path

from breakingeven import urls as site_urls


def fail(request):
    raise RuntimeError("Something broke while jane.doe@example.com was reading")


def database_gone(request):
    # What psycopg raises, through Django, when PostgreSQL cannot be reached.
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: refused")


def slow_query(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(10)")
    return HttpResponse("The query finished.")


urlpatterns = [
    path("test/fail/", fail),
    path("test/database-gone/", database_gone),
    path("test/slow-query/", slow_query),
    *site_urls.urlpatterns,
]
handler400 = site_urls.handler400
handler500 = site_urls.handler500
