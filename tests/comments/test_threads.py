from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments import services
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

LATEST = reverse("comments:latest_threads")


def approve(comment, when):
    Comment.objects.filter(pk=comment.pk).update(approved_at=when)


@pytest.mark.parametrize("page", ["home", "article"])
def test_box_loads_threads_after_the_page_with_a_link_for_everyone(client, page):
    """Home and article pages carry the box: loading text, script file, endpoint, /discussions/."""
    article = make_article()
    url = reverse("articles:home") if page == "home" else article.get_absolute_url()
    content = client.get(url).content.decode()
    assert "What workers are talking about" in content
    assert "Loading the latest threads…" in content
    assert f'data-threads-src="{LATEST}"' in content
    assert '<script src="/static/js/threads.js" defer></script>' in content
    assert f'href="{reverse("comments:discussions")}"' in content


def test_endpoint_lists_threads_with_name_excerpt_title_time_replies_and_link(client):
    """Each thread shows its commenter, an excerpt, the article, when, replies and a link."""
    article = make_article(title="Queue droughts explained")
    top = make_comment(article, name="Noor", body="Long words " * 40)
    make_comment(parent=top)
    make_comment(parent=top)
    make_comment(parent=top, status="pending")
    content = client.get(LATEST).content.decode()
    assert "Noor" in content
    assert "Queue droughts explained" in content
    assert ("Long words " * 12).strip() in content and ("Long words " * 40).strip() not in content
    assert "2 replies" in content
    assert f'href="{top.get_absolute_url()}"' in content
    assert "ago</time>" in content


def test_endpoint_shows_only_what_readers_may_see(client):
    """Held, spam and removed comments, and threads on unpublished articles, stay out."""
    make_comment(name="Visible Vera")
    make_comment(name="Pending Pat", status="pending")
    make_comment(name="Spam Sam", status="spam")
    make_comment(name="Removed Rob", status="removed")
    make_comment(make_article(published=False), name="Draft Dora")
    content = client.get(LATEST).content.decode()
    assert "Visible Vera" in content
    for hidden in ["Pending Pat", "Spam Sam", "Removed Rob", "Draft Dora"]:
        assert hidden not in content


def test_threads_are_ordered_by_their_latest_approved_reply(client):
    """A thread with a newly approved reply comes before a newer thread without one."""
    now = timezone.now()
    old = make_comment(name="Old Thread")
    new = make_comment(name="New Thread")
    approve(old, now - timedelta(days=3))
    approve(new, now - timedelta(days=1))
    reply = make_comment(parent=old)
    approve(reply, now - timedelta(hours=1))
    content = client.get(LATEST).content.decode()
    assert content.index("Old Thread") < content.index("New Thread")


def test_endpoint_is_served_from_the_cache(client, django_assert_num_queries):
    """Once built, the thread list is answered without touching the database."""
    make_comment()
    client.get(LATEST)
    with django_assert_num_queries(0):
        assert client.get(LATEST).status_code == 200


@pytest.mark.parametrize("status", ["approved", "removed", "spam"])
def test_moderation_refreshes_the_cached_list(client, django_capture_on_commit_callbacks, status):
    """Approving, removing or marking spam shows in the list at once, never stale."""
    comment = make_comment(
        name="Changing Chris", status="pending" if status == "approved" else "approved"
    )
    client.get(LATEST)  # cache the list as it is
    with django_capture_on_commit_callbacks(execute=True):
        services.comments_moderate(comments=[comment], status=status)
    shown = "Changing Chris" in client.get(LATEST).content.decode()
    assert shown is (status == "approved")


def test_an_editors_correction_refreshes_the_cached_list(
    client, django_capture_on_commit_callbacks
):
    """Correcting a comment's text in the admin updates the excerpt readers see."""
    comment = make_comment(body="Teh rates fell")
    client.get(LATEST)
    comment.body = "The rates fell"
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_update(comment=comment, status=comment.status)
    content = client.get(LATEST).content.decode()
    assert "The rates fell" in content and "Teh rates" not in content


def test_discussions_page_lists_recent_threads_without_javascript(client):
    """/discussions/ is a whole page listing recent threads, for readers without JavaScript."""
    make_comment(name="Page Reader")
    response = client.get(reverse("comments:discussions"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Recent discussions</h1>" in content
    assert "Page Reader" in content


def test_box_shows_a_few_threads_and_the_page_more(client):
    """The box shows the five latest threads; /discussions/ shows more."""
    for n in range(7):
        make_comment(name=f"Thread starter {n}")
    box = client.get(LATEST).content.decode()
    page = client.get(reverse("comments:discussions")).content.decode()
    assert box.count("thread-list__item") == 5
    assert page.count("thread-list__item") == 7


def test_empty_list_says_so(client):
    """With no approved comments anywhere, the box says there is nothing yet."""
    assert "No discussions yet." in client.get(LATEST).content.decode()
