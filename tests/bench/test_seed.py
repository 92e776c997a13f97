from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article, Author, SearchDocument, Tag, Vote
from bench import seed, volume
from bench.management.commands.seed_bench import Command as SeedBench
from breakingeven.markup import render_markdown
from comments.models import Comment
from comments.text import render_comment
from newsletter.models import Subscriber
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SEARCH_TERMS = "pay rates"  # what the harness's search target asks for (bench/targets.py)


@pytest.fixture(autouse=True)
def small_volume(monkeypatch):
    """The real volume takes seconds; the rules are the same at a fiftieth of it."""
    monkeypatch.setattr(seed, "ARTICLE_COUNT", 20)
    monkeypatch.setattr(seed, "BODY_VARIANTS", 3)
    monkeypatch.setattr(seed, "BATCH_SIZE", 8)
    monkeypatch.setattr(seed, "COMMENT_VARIANTS", 5)
    monkeypatch.setattr(seed, "COMMENT_COUNT", 300)
    monkeypatch.setattr(volume, "HEAVY_ARTICLE_COMMENTS", 100)
    monkeypatch.setattr(seed, "SUBSCRIBER_COUNT", 150)
    monkeypatch.setattr(seed, "VOTE_COUNT", 400)


def run_seed_bench(*args):
    out = StringIO()
    call_command(SeedBench(), *args, stdout=out)
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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="documents are kept on PostgreSQL")
def test_seeded_articles_are_searchable_at_once():
    """Articles made with bulk_create, which skips save(), have their search documents and
    are found by the harness's search."""
    run_seed_bench()
    assert SearchDocument.objects.count() == Article.objects.count() == 20
    assert Article.objects.published().search(SEARCH_TERMS).exists()


def test_seeds_approved_comments_with_replies_and_exact_counts():
    """The heavy and typical articles get their comment counts, some comments are replies to
    an earlier comment on the same article, and every comment_count matches its rows."""
    run_seed_bench()
    assert Comment.objects.count() == 300
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.APPROVED}
    heavy = Article.objects.get(slug=volume.HEAVY_ARTICLE_SLUG)
    typical = Article.objects.get(slug=volume.TYPICAL_ARTICLE_SLUG)
    assert (heavy.comment_count, typical.comment_count) == (100, volume.TYPICAL_ARTICLE_COMMENTS)
    replies = Comment.objects.exclude(parent=None).select_related("parent")
    assert replies.exists()
    for reply in replies:
        assert reply.parent.article_id == reply.article_id
        assert reply.parent.parent_id is None
        assert reply.created_at > reply.parent.created_at
    for article in Article.objects.all():
        assert article.comment_count == Comment.objects.visible().filter(article=article).count()
    comment = Comment.objects.first()
    assert comment.body_html == render_comment(comment.body)


def test_seeds_votes_and_the_counters_that_show_them():
    """Votes land on live articles only, and each article's Yes/No counters match its votes."""
    run_seed_bench()
    assert Vote.objects.count() == 400
    assert not Vote.objects.exclude(article__in=Article.objects.published()).exists()
    for article in Article.objects.all():
        votes = Vote.objects.filter(article=article)
        assert article.helpful_yes == votes.filter(helpful=True).count()
        assert article.helpful_no == votes.filter(helpful=False).count()
    assert Article.objects.filter(helpful_no__gt=0).exists()


def test_seeds_subscribers_mostly_confirmed():
    """Subscribers use addresses that cannot receive mail, and most of them are confirmed."""
    run_seed_bench()
    assert Subscriber.objects.count() == 150
    assert not Subscriber.objects.exclude(email__endswith="@bench.invalid").exists()
    assert Subscriber.objects.confirmed().count() > 150 * 0.8


def test_running_again_tops_up_comments_and_votes_without_doubling():
    """A second run fills only the missing rows and puts the counters right again."""
    run_seed_bench()
    heavy = Article.objects.get(slug=volume.HEAVY_ARTICLE_SLUG)
    first_five = Comment.objects.filter(article=heavy, parent=None).values("pk")[:5]
    Comment.objects.filter(
        pk__in=[row["pk"] for row in first_five]
    ).delete()  # their replies go with them
    Vote.objects.filter(article=heavy).delete()
    output = run_seed_bench()
    heavy.refresh_from_db()
    assert Comment.objects.filter(article=heavy).count() == heavy.comment_count == 100
    assert Comment.objects.count() == 300
    assert heavy.helpful_yes + heavy.helpful_no == Vote.objects.filter(article=heavy).count() > 0
    assert Subscriber.objects.count() == 150
    assert "subscribers already there" in output


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
    output = run_seed_bench()
    for part in ("articles", "comments", "subscribers", "votes"):
        assert f"{part}: " in output and "already there" in output


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
    reader = Subscriber.objects.create(email="reader@example.com")
    run_seed_bench("--force")
    Article.objects.filter(slug=seed.article_slug(1)).update(title="Changed by hand")
    Subscriber.objects.filter(email__endswith="@bench.invalid").update(status="unsubscribed")
    run_seed_bench("--force", "--reset")
    assert Subscriber.objects.filter(pk=reader.pk).exists()
    assert Subscriber.objects.confirmed().count() > 100  # the bench ones were made anew
    assert Article.objects.get(slug=seed.article_slug(1)).title != "Changed by hand"
    assert Article.objects.filter(pk=real.pk).exists()
    assert Tag.objects.filter(slug="law").exists()  # reused by the bench, not deleted
    assert Article.objects.filter(slug__startswith=volume.BENCH_PREFIX).count() == 20


def post_as_the_load(article):
    """What the comment and vote POST targets write: a held comment, a new reader's vote."""
    Comment.objects.create(
        article=article, name="Bench Reader", email=volume.LOAD_COMMENTER_EMAIL, body="Thanks 1"
    )
    Vote.objects.create(article=article, voter_id="a-new-reader", helpful=True)
    Article.objects.filter(pk=article.pk).update(helpful_yes=article.helpful_yes + 1)


def test_seeding_again_forgets_what_earlier_loads_posted():
    """The comment and vote POST targets' rows go before the next run, seeded rows stay, and
    the Yes/No counters match the votes left."""
    run_seed_bench()
    article = Article.objects.get(slug=volume.TYPICAL_ARTICLE_SLUG)
    seeded = (Comment.objects.count(), Vote.objects.count(), article.helpful_yes)
    post_as_the_load(article)
    run_seed_bench()
    article.refresh_from_db()
    assert (Comment.objects.count(), Vote.objects.count(), article.helpful_yes) == seeded
    assert not Comment.objects.filter(email=volume.LOAD_COMMENTER_EMAIL).exists()


def test_forget_loads_deletes_earlier_loads_and_seeds_nothing():
    """What `bench.run --skip-seed` runs: the load's rows go, nothing is seeded or topped up."""
    run_seed_bench()
    article = Article.objects.get(slug=volume.TYPICAL_ARTICLE_SLUG)
    seeded = (Comment.objects.count(), Vote.objects.count(), article.helpful_yes)
    post_as_the_load(article)
    Article.objects.filter(slug=seed.article_slug(1)).delete()
    run_seed_bench("--forget-loads")
    article.refresh_from_db()
    assert not Comment.objects.filter(email=volume.LOAD_COMMENTER_EMAIL).exists()
    assert not Vote.objects.filter(voter_id="a-new-reader").exists()
    assert article.helpful_yes == seeded[2]
    assert not Article.objects.filter(slug=seed.article_slug(1)).exists()  # not topped up
