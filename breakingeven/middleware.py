"""Site-wide middleware: a security header Django has no setting for, request size, NUL
characters, outages."""

from django.conf import settings

from .views import SERVICE_UNAVAILABLE, render_error_page, service_unavailable


def CrossOriginResourcePolicyMiddleware(get_response):  # noqa: N802 (listed like a class)
    """Tell browsers not to let other sites load this site's pages and files."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


def NulCookieMiddleware(get_response):  # noqa: N802
    """Ignore a cookie holding a NUL character, before the session looks it up.

    PostgreSQL cannot store or compare NUL in text and raises DataError, a 500. Garbled
    cookies are ignored rather than refused, like any other invalid cookie.
    """

    def middleware(request):
        request.COOKIES = {
            name: value
            for name, value in request.COOKIES.items()
            if "\x00" not in name and "\x00" not in value
        }
        return get_response(request)

    return middleware


def RequestSizeLimitMiddleware(get_response):  # noqa: N802
    """Answer 413 to a request whose body is over MAX_REQUEST_SIZE, before anything reads it.

    DATA_UPLOAD_MAX_MEMORY_SIZE bounds form fields but not uploaded files, which Django
    would otherwise stream to disk whatever their size. Staff get EDITOR_MAX_REQUEST_SIZE,
    so that an editor's oversized picture comes back as a message on the form.
    """

    def middleware(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_SIZE:
            limit = settings.MAX_REQUEST_SIZE
            if request.user.is_staff:
                limit = max(limit, settings.EDITOR_MAX_REQUEST_SIZE)
            if length > limit:
                limit_mb = limit // (1024 * 1024)
                return render_error_page("413.html", status=413, limit_mb=limit_mb)
        return get_response(request)

    return middleware


def NulCharacterMiddleware(get_response):  # noqa: N802
    """Answer 400 to a query or form with a NUL character.

    PostgreSQL cannot store NUL in text and raises DataError, a 500, wherever such a value
    reaches a query: a form, the admin's search and autocomplete.
    """

    def middleware(request):
        for name, values in [*request.GET.lists(), *request.POST.lists()]:
            if "\x00" in name or any("\x00" in value for value in values):
                return render_error_page("400.html", status=400)
        return get_response(request)

    return middleware


class OutageMiddleware:
    """Answer 503 "back soon" instead of 500 while the database cannot be reached, or Redis
    cannot count a rate limit.

    Nothing is lost: the request's writes did not commit, and the visitor is told so. Once
    the database is back, the next request reconnects by itself (CONN_HEALTH_CHECKS).
    Errors raised outside views, e.g. saving the session, reach the same page through
    breakingeven.views.server_error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SERVICE_UNAVAILABLE):
            return service_unavailable(request, exception)
        return None
