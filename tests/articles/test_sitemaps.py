import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import make_article, make_tag

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    tree = ET.fromstring(response.content)  # noqa: S314 (the site's own output)
    return {url.findtext(f"{SITEMAP}loc"): url for url in tree.findall(f"{SITEMAP}url")}


def test_sitemap_lists_published_articles_tags_and_authors_on_site_url(client, settings):
    """sitemap.xml has absolute addresses of what readers can see, and nothing else."""
    settings.SITE_URL = "https://breakingeven.example"
    tag = make_tag()
    live = make_article(tags=[tag])
    draft = make_article(published=False, tags=[make_tag()])
    scheduled = make_article(days_ago=-1)
    found = locations(client)
    base = "https://breakingeven.example"
    assert f"{base}/" in found
    assert f"{base}{live.get_absolute_url()}" in found
    assert f"{base}{tag.get_absolute_url()}" in found
    assert f"{base}{live.author.get_absolute_url()}" in found
    for hidden in (draft, scheduled):
        assert f"{base}{hidden.get_absolute_url()}" not in found
        assert f"{base}{hidden.author.get_absolute_url()}" not in found
    assert f"{base}{draft.tags.get().get_absolute_url()}" not in found


def test_sitemap_lastmod_follows_revisions(client, settings):
    """An article's lastmod is its revision date once revised."""
    settings.SITE_URL = "https://breakingeven.example"
    article = make_article(days_ago=10)
    url = f"https://breakingeven.example{article.get_absolute_url()}"
    assert locations(client)[url].findtext(f"{SITEMAP}lastmod") == (
        article.published_at.date().isoformat()
    )
    article.refresh_from_db()
    article.body_markdown = "Rewritten."
    article.save()
    assert locations(client)[url].findtext(f"{SITEMAP}lastmod") == (
        article.revised_at.date().isoformat()
    )


def test_sitemap_is_read_once_and_shows_a_new_article_at_once(client, settings):
    """Crawlers get the cached sitemap until an article changes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SITE_URL = "https://breakingeven.example"
    make_article()
    locations(client)
    with CaptureQueriesContext(connection) as queries:
        locations(client)
    assert len(queries) == 0
    article = make_article()
    assert f"https://breakingeven.example{article.get_absolute_url()}" in locations(client)


def test_robots_txt_points_at_the_sitemap(client, settings):
    """robots.txt keeps crawlers out of the admin and names the sitemap."""
    settings.SITE_URL = "https://breakingeven.example"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: https://breakingeven.example/sitemap.xml" in text
