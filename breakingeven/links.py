"""Absolute links to the site, for places a reader meets outside a page: feeds, emails, sharing."""

from django.conf import settings


def absolute_url(path):
    """`path` (as from reverse() or get_absolute_url()) on the site's canonical address.

    A URL that is already absolute, such as a file's on object storage, is returned as it is.
    """
    if path.startswith(("https://", "http://")):
        return path
    return f"{settings.SITE_URL}{path}"
