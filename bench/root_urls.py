"""The site's URLs, and the benchmark's yardstick pages under /_bench/."""

from django.urls import include, path

from breakingeven.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("_bench/", include("bench.urls")), *site_urlpatterns]
