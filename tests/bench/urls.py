"""The site's URLs with the benchmark's pages mounted, as `make bench` serves them."""

from django.urls import include, path

from breakingeven.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, path("_bench/", include("bench.urls"))]
