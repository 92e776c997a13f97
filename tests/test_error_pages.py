import pytest
from django.test import Client
from django.urls import reverse

from articles.models import ArticleQuerySet
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def in_layout(content):
    """The site's header with navigation and its footer are on the page."""
    return 'class="site-header"' in content and 'class="site-footer"' in content


def test_404_page_is_in_the_layout(client):
    """A missing page answers 404 in the site's layout, with a way back."""
    response = client.get("/no/such/page/")
    content = response.content.decode()
    assert response.status_code == 404
    assert in_layout(content)
    assert "We couldn't find that page" in content
    assert reverse("articles:search") in content


def test_500_page_is_in_the_layout(monkeypatch):
    """An unexpected error answers 500 in the site's layout, without the error's details."""

    def broken(self):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(ArticleQuerySet, "published", broken)
    response = Client(raise_request_exception=False).get(reverse("articles:home"))
    content = response.content.decode()
    assert response.status_code == 500
    assert in_layout(content)
    assert "Something went wrong on our side" in content
    assert "BreakingEven" in content
    assert "database on fire" not in content


def test_400_page_is_in_the_layout(client):
    """A request for an unknown host answers 400 in the site's layout."""
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert in_layout(response.content.decode())


def test_expired_form_explains_what_to_do():
    """A form post without a valid CSRF token gets a 403 page that says to reload and retry."""
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("articles:vote", args=[article.slug]), {"helpful": "yes"})
    content = response.content.decode()
    assert response.status_code == 403
    assert in_layout(content)
    assert "reload the page" in content
