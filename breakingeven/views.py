"""Site-wide pages that belong to no app."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .context_processors import site


def server_error(request):
    """The 500 page in the site's layout.

    Rendered without the request's context processors, which may need the database or the
    session that just failed; the site's name and address are all the layout needs.
    """
    return HttpResponseServerError(loader.get_template("500.html").render(site(request)))


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")
