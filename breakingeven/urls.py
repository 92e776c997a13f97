from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from articles.sitemaps import sitemaps

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": sitemaps}, name="sitemap"),
    path("", include("articles.urls")),
    path("", include("comments.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("anymail/", include("newsletter.webhooks")),
    path("", include("platforms.urls")),
]


if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Error pages rendered without the request, so they work even while the database is down.
handler400 = "breakingeven.views.bad_request"
handler500 = "breakingeven.views.server_error"
