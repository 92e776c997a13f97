"""Views that exist only for the benchmark (mounted only by bench.settings, under /_bench/).

`ceiling` is the yardstick: the cheapest page Django can serve through the site's full
middleware stack (sessions, CSRF, CSP, security headers), 10 KB like a real page, no query and
no template. Every other target is reported as a fraction of it.

`post_form` gives the POST mechanism of the harness something to prove itself on: GET shows a
form carrying a CSRF token, POST (checked by the CSRF middleware like any form on the site)
answers with a redirect, the way the site's own forms do.
"""

from django.http import HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods

CEILING_BODY = (
    "<!doctype html><html lang=en><title>Ceiling</title><p>"
    + "BreakingEven benchmark ceiling. " * 320
).encode()[:10_240]


@require_GET
def ceiling(request):
    return HttpResponse(CEILING_BODY)


@require_http_methods(["GET", "POST"])
def post_form(request):
    if request.method == "POST":
        return HttpResponseRedirect(request.path)
    return HttpResponse(
        format_html(
            '<!doctype html><html lang=en><title>Form</title><form method="post">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input name="message"><button>Send</button></form>',
            get_token(request),
        )
    )
