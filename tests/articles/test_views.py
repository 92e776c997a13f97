import pytest
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_home_lists_published_articles_newest_first(client):
    """The home page shows published articles, newest first, and hides drafts."""
    older = make_article(title="Older piece", days_ago=5)
    newer = make_article(title="Newer piece", days_ago=1)
    make_article(title="Secret draft", published=False)
    response = client.get(reverse("articles:home"))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.index(newer.title) < content.index(older.title)
    assert "Secret draft" not in content


def test_article_page_shows_body(client):
    """An article's page renders its Markdown body."""
    article = make_article(body_markdown="## Where the money is\n\nText.")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Where the money is" in response.content.decode()


def test_unpublished_article_is_404(client):
    """Drafts and scheduled articles answer 404 to readers."""
    draft = make_article(published=False)
    scheduled = make_article(days_ago=-2)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_pages_carry_a_strict_content_security_policy(client):
    """Every page is served with a CSP that allows only the site's own scripts."""
    response = client.get(reverse("articles:home"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
