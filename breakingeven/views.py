"""Site-wide pages that belong to no app: robots.txt and the error pages in the site's layout.

They are rendered without the request: no context processor runs, so nothing reads the
session or the database while the site is already in trouble.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .cache import CacheUnavailable

logger = logging.getLogger(__name__)

# Errors that mean the database cannot answer now (down, unreachable, overloaded), as
# opposed to a bug in a query, or that Redis cannot count a rate limit.
SERVICE_UNAVAILABLE = (OperationalError, InterfaceError, CacheUnavailable)
RETRY_AFTER_SECONDS = 30


def render_error_page(template_name, *, status, **context):
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
    return HttpResponse(loader.render_to_string(template_name, context), status=status)


def bad_request(request, exception):
    return render_error_page("400.html", status=400)


def csrf_failure(request, reason=""):
    """A form sent without its security token, usually from a page left open too long."""
    return render_error_page("403_csrf.html", status=403)


def server_error(request):
    """The 500 page; an outage met outside a view answers 503, as inside one."""
    exception = sys.exc_info()[1]
    if isinstance(exception, SERVICE_UNAVAILABLE):
        return service_unavailable(request, exception)
    return render_error_page("500.html", status=500)


def service_unavailable(request, exception):
    """The static "back soon" page with Retry-After, while the database or Redis cannot answer.

    Logged here as a warning, and marked so Django does not log it again as an error: an
    outage would otherwise send ADMINS one email per request.
    """
    service = "Redis" if isinstance(exception, CacheUnavailable) else "Database"
    reason = str(exception).strip().splitlines()
    logger.warning(
        "%s unavailable, answered 503: %s",
        service,
        reason[0] if reason else type(exception).__name__,
        extra={"request": request, "status_code": 503},
    )
    response = render_error_page("503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    response._has_been_logged = True  # read by django.utils.log.log_response
    return response


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")
