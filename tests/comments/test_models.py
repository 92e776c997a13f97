import pytest

from comments.models import Comment
from comments.section import all_threads
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def test_text_is_escaped_with_paragraphs_and_line_breaks_kept():
    """A comment's HTML escapes markup and keeps the reader's paragraphs and line breaks."""
    comment = make_comment(body="First <b>bold</b> & more\nsame paragraph\n\nSecond paragraph")
    assert comment.body_html == (
        "<p>First &lt;b&gt;bold&lt;/b&gt; &amp; more<br>same paragraph</p>\n\n"
        "<p>Second paragraph</p>"
    )


def test_addresses_become_links_marked_as_user_content():
    """Web addresses become links with rel="nofollow ugc noopener", counted in link_count."""
    comment = make_comment(body="See https://example.org/rates and www.example.com too.")
    assert (
        '<a href="https://example.org/rates" rel="nofollow ugc noopener">'
        "https://example.org/rates</a>" in comment.body_html
    )
    assert '<a href="http://www.example.com" rel="nofollow ugc noopener">' in comment.body_html
    assert comment.link_count == 2


def test_script_and_javascript_urls_stay_text():
    """Script tags and javascript: addresses are shown as text, never as markup or links."""
    comment = make_comment(body='<script>alert(1)</script> <a href="javascript:alert(1)">x</a>')
    assert "<script" not in comment.body_html
    assert "<a " not in comment.body_html
    assert "&lt;script&gt;" in comment.body_html


def test_editing_the_text_renders_it_again():
    """Saving a corrected text, even with update_fields, refreshes the stored HTML and links."""
    comment = make_comment(body="Old text")
    comment.body = "New text with https://example.org"
    comment.save(update_fields=["body"])
    comment.refresh_from_db()
    assert "New text" in comment.body_html
    assert comment.link_count == 1


def test_visible_hides_replies_under_a_thread_that_is_not_approved():
    """Readers see approved replies only while the thread's first comment is approved too."""
    top = make_comment()
    reply = make_comment(parent=top)
    assert set(Comment.objects.visible()) == {top, reply}
    Comment.objects.filter(pk=top.pk).update(status=Comment.Status.REMOVED)
    assert not Comment.objects.visible().exists()


@pytest.mark.parametrize(
    "threads_of",
    [lambda article: list(Comment.objects.threads_for(article)), all_threads],
    ids=["paginated", "single query"],
)
def test_threads_for_an_article_are_oldest_first_with_replies_oldest_first(threads_of):
    """An article's threads come oldest first, each with only its approved replies, oldest
    first, whether loaded page by page or all in one query."""
    article = make_article()
    first = make_comment(article)
    second = make_comment(article)
    late_reply = make_comment(parent=first)
    early_reply = make_comment(parent=first)
    Comment.objects.filter(pk=early_reply.pk).update(
        created_at=late_reply.created_at.replace(year=2020)
    )
    make_comment(parent=first, status="pending")
    make_comment(article, status="spam")
    make_comment(make_article())  # another article's comment
    removed = make_comment(article, status="removed")
    make_comment(parent=removed)  # approved, but its thread is not shown
    threads = threads_of(article)
    assert threads == [first, second]
    assert threads[0].visible_replies == [early_reply, late_reply]
    assert threads[1].visible_replies == []


def test_all_threads_loads_only_what_readers_see():
    """The single query loads the fields for_readers() does, and as the ORM gives them."""
    article = make_article()
    top = make_comment(article, is_author=True)
    make_comment(parent=top)
    expected = {c.pk: c for c in Comment.objects.for_readers().filter(article=article)}
    for thread in all_threads(article):
        for comment in [thread, *thread.visible_replies]:
            orm = expected[comment.pk]
            assert comment.get_deferred_fields() == orm.get_deferred_fields()
            assert {"email", "ip_hash", "body"} <= comment.get_deferred_fields()
            for name in ("parent_id", "name", "body_html", "is_author", "created_at"):
                assert getattr(comment, name) == getattr(orm, name), name
