"""What the article page reads: the published article, its tags, and Read next."""

import pytest
from django.http import Http404

from articles.models import Article
from articles.page_queries import RELATED_CANDIDATES, published_article, read_next_for, tags_of
from tests.factories import make_article, make_tag

pytestmark = pytest.mark.django_db


def test_published_article_is_what_published_lets_readers_see():
    """Drafts and scheduled articles are 404, as Article.objects.published() leaves them out."""
    live = make_article()
    draft = make_article(published=False)
    scheduled = make_article(days_ago=-1)
    assert published_article(live.slug).pk == live.pk
    for hidden in (draft, scheduled, "no-such-article"):
        with pytest.raises(Http404):
            published_article(getattr(hidden, "slug", hidden))
    assert list(Article.objects.published()) == [live]


def test_published_article_loads_everything_but_the_markdown(django_assert_num_queries):
    """Every field the page may show is loaded, with the author, and equal to the ORM's."""
    article = make_article(hero_alt="", meta_description="For search engines.")
    with django_assert_num_queries(1):  # the article, joined to its author
        loaded = published_article(article.slug)
        author_name = loaded.author.name
    assert loaded.get_deferred_fields() == {"body_markdown"}
    assert author_name == article.author.name
    expected = Article.objects.select_related("author").get(pk=article.pk)
    for field in Article._meta.concrete_fields:
        if field.name != "body_markdown":
            assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    for field in type(expected.author)._meta.concrete_fields:
        assert getattr(loaded.author, field.attname) == getattr(expected.author, field.attname)


def test_tags_of_lists_the_articles_tags_in_tag_order():
    """The article's own tags only, ordered as Tag orders them (by name)."""
    later, earlier = make_tag(name="Pay rates"), make_tag(name="Contracts")
    article = make_article(tags=[later, earlier])
    make_article(tags=[make_tag(name="Appeals")])
    assert tags_of(article) == list(article.tags.all()) == [earlier, later]


def test_read_next_prefers_shared_tags_then_newest():
    """Read Next ranks by tags in common, then by publication time."""
    pay, platforms, craft = make_tag(), make_tag(), make_tag()
    article = make_article(tags=[pay, platforms, craft])
    two_shared = make_article(tags=[pay, platforms], days_ago=30)
    one_shared_new = make_article(tags=[craft], days_ago=2)
    one_shared_old = make_article(tags=[pay], days_ago=20)
    make_article(days_ago=1)  # newest, but shares nothing
    make_article(tags=[pay, platforms, craft], published=False)
    make_article(tags=[pay, platforms, craft], days_ago=-1)
    picks = read_next_for(article, tags=tags_of(article))
    assert picks == [two_shared, one_shared_new, one_shared_old]


def test_read_next_falls_back_to_newest_and_never_shows_itself_or_unpublished():
    """With no shared tags the newest published articles fill in; drafts never do."""
    article = make_article(days_ago=3)
    newer = make_article(days_ago=1)
    older = make_article(days_ago=5)
    make_article(published=False, days_ago=0)
    make_article(days_ago=-1)
    assert read_next_for(article, tags=tags_of(article)) == [newer, older]


def test_read_next_tops_up_shared_tag_picks_with_the_newest_others():
    """One article shares a tag: it comes first, and the newest others fill the rest."""
    pay = make_tag()
    article = make_article(tags=[pay], days_ago=3)
    sharing = make_article(tags=[pay], days_ago=40)
    newest, second = make_article(days_ago=1), make_article(days_ago=2)
    make_article(days_ago=9)
    assert read_next_for(article, tags=tags_of(article)) == [sharing, newest, second]


def test_read_next_loads_only_what_the_list_shows():
    """Title, standfirst and address: not the body."""
    pay = make_tag()
    article = make_article(tags=[pay])
    make_article(tags=[pay])
    make_article()
    for pick in read_next_for(article, tags=tags_of(article)):
        assert pick.get_deferred_fields() >= {"body_markdown", "body_html", "author_id"}
        assert "dek" not in pick.get_deferred_fields()


def test_read_next_ranks_only_the_newest_related_articles():
    """Only the newest related articles are ranked, so an old one sharing every tag gives way
    to newer ones: the ranking costs the same however large the archive grows."""
    pay, craft = make_tag(), make_tag()
    article = make_article(tags=[pay, craft])
    old_but_close = make_article(tags=[pay, craft], days_ago=400)
    newer = [make_article(tags=[pay], days_ago=day) for day in range(1, RELATED_CANDIDATES + 1)]
    picks = read_next_for(article, tags=tags_of(article))
    assert old_but_close not in picks
    assert picks == newer[:3]
    newer[0].tags.add(craft)
    assert read_next_for(article, tags=tags_of(article))[0] == newer[0]
