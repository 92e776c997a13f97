from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Author, Tag
from bench import seed, volume
from breakingeven.markup import render_markdown
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_volume(monkeypatch):
    """The real volume takes seconds; the rules are the same at a fiftieth of it."""
    monkeypatch.setattr(seed, "ARTICLE_COUNT", 20)
    monkeypatch.setattr(seed, "BODY_VARIANTS", 3)
    monkeypatch.setattr(seed, "BATCH_SIZE", 8)


def run_seed_bench(*args):
    out = StringIO()
    call_command("seed_bench", *args, stdout=out)
    return out.getvalue()


def test_seeds_articles_with_authors_tags_and_rendered_bodies():
    """Every bench article has an author, one to four tags and HTML rendered from its body."""
    output = run_seed_bench()
    articles = Article.objects.filter(slug__startswith=volume.BENCH_PREFIX)
    assert articles.count() == 20
    for article in articles.prefetch_related("tags"):
        assert 1 <= len(article.tags.all()) <= 4
        assert article.body_html == render_markdown(article.body_markdown)
        assert len(article.body_markdown.split()) > 500
    assert Author.objects.count() == volume.AUTHOR_COUNT
    assert "articles: 20 articles added" in output
    assert "  articles: 16/20" in output  # progress as it goes


def test_says_which_parts_it_could_not_seed():
    """Parts whose models do not exist yet are reported as not seeded, with the reason."""
    output = run_seed_bench()
    for part in ("comments", "subscribers", "votes"):
        assert f"{part}: NOT seeded (" in output


def test_pages_the_harness_loads_are_published(monkeypatch):
    """The heavy and the typical article are live (the harness never loads a 404), among
    drafts and scheduled pieces as on a real site."""
    monkeypatch.setattr(seed, "ARTICLE_COUNT", 100)
    run_seed_bench()
    published = Article.objects.published()
    assert published.filter(slug=volume.HEAVY_ARTICLE_SLUG).exists()
    assert published.filter(slug=volume.TYPICAL_ARTICLE_SLUG).exists()
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert Article.objects.next_publication() is not None  # some are scheduled


def test_running_again_adds_nothing():
    """A second run tops up only what is missing."""
    run_seed_bench()
    Article.objects.filter(slug=seed.article_slug(5)).delete()
    output = run_seed_bench()
    assert "1 articles added" in output
    assert Article.objects.count() == 20
    assert "already there" in run_seed_bench()


def test_refuses_a_database_with_other_content():
    """Real content in the database stops the command unless --force says otherwise."""
    make_article(slug="a-real-article")
    with pytest.raises(CommandError, match="not benchmark data"):
        run_seed_bench()
    assert not Article.objects.filter(slug__startswith=volume.BENCH_PREFIX).exists()
    run_seed_bench("--force")
    assert Article.objects.filter(slug__startswith=volume.BENCH_PREFIX).count() == 20


def test_reset_removes_only_bench_rows():
    """--reset deletes and reseeds the bench content, and leaves everything else alone."""
    real = make_article(slug="a-real-article", tags=[Tag.objects.create(name="Law", slug="law")])
    run_seed_bench("--force")
    Article.objects.filter(slug=seed.article_slug(1)).update(title="Changed by hand")
    run_seed_bench("--force", "--reset")
    assert Article.objects.get(slug=seed.article_slug(1)).title != "Changed by hand"
    assert Article.objects.filter(pk=real.pk).exists()
    assert Tag.objects.filter(slug="law").exists()  # reused by the bench, not deleted
    assert Article.objects.filter(slug__startswith=volume.BENCH_PREFIX).count() == 20
