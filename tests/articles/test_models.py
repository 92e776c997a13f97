import pytest

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_scheduled_articles():
    """Only published articles whose time has come are visible."""
    visible = make_article()
    make_article(published=False)
    make_article(days_ago=-1)
    assert list(Article.objects.published()) == [visible]


def test_body_is_rendered_and_sanitized_on_save():
    """Markdown becomes HTML once, on save, with scripts removed."""
    article = make_article(body_markdown="## Rates\n\n<script>alert(1)</script> *fair*")
    assert '<h2 id="rates">' in article.body_html
    assert "<em>fair</em>" in article.body_html
    assert "<script" not in article.body_html


def test_reading_time_counts_words():
    """Reading time rounds up at about 230 words a minute."""
    article = make_article(body_markdown="word " * 500)
    assert article.reading_minutes == 3
