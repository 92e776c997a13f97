"""The site's settings with the test URLconf, for server processes that need a failing view."""

from breakingeven.settings import *  # noqa: F403

ROOT_URLCONF = "tests.urls"
