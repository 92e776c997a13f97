"""The benchmark's settings: the site's own, plus the harness's app (its commands) and its
yardstick pages under /_bench/. Nothing of the product imports or mounts them."""

from breakingeven.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
ROOT_URLCONF = "bench.root_urls"
