import pytest
from django.contrib.auth import get_user_model

from comments import services
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

APPROVED, PENDING, SPAM, REMOVED = (
    Comment.Status.APPROVED,
    Comment.Status.PENDING,
    Comment.Status.SPAM,
    Comment.Status.REMOVED,
)


def count(article):
    article.refresh_from_db()
    return article.comment_count


def post(article, **fields):
    fields = {
        "name": "Ada",
        "email": "ada@example.net",
        "body": "A thought about the queue.",
        "visitor": "visitor-hash",
        **fields,
    }
    return services.comment_post(article=article, **fields)


def test_count_follows_every_status_change():
    """comment_count rises and falls only when a comment becomes or stops being approved."""
    article = make_article()
    comment = make_comment(article, status="pending")
    assert count(article) == 0
    assert services.comments_moderate(comments=[comment], status=APPROVED) == 1
    assert count(article) == 1
    assert services.comments_moderate(comments=[comment], status=APPROVED) == 0
    assert count(article) == 1
    services.comments_moderate(comments=[comment], status=SPAM)
    assert count(article) == 0
    services.comments_moderate(comments=[comment], status=REMOVED)
    assert count(article) == 0


def test_thread_visibility_moves_its_replies_in_and_out_of_the_count():
    """Removing a first comment takes its approved replies out of the count; approval restores."""
    article = make_article()
    top = make_comment(article)
    make_comment(parent=top)
    make_comment(parent=top)
    make_comment(parent=top, status="pending")
    assert count(article) == 3
    services.comments_moderate(comments=[top], status=REMOVED)
    assert count(article) == 0
    services.comments_moderate(comments=[top], status=APPROVED)
    assert count(article) == 3


def test_bulk_moderation_across_articles_and_threads_keeps_counts_exact():
    """Approving a mixed batch (parents with their replies, several articles) counts each once."""
    first, second = make_article(), make_article()
    top = make_comment(first, status="pending")
    replies = [make_comment(parent=top, status="pending") for _ in range(2)]
    other = make_comment(second, status="pending")
    batch = Comment.objects.filter(pk__in=[top.pk, other.pk, *(r.pk for r in replies)])
    assert services.comments_moderate(comments=batch, status=APPROVED) == 4
    assert (count(first), count(second)) == (3, 1)
    assert count(first) == Comment.objects.visible().filter(article=first).count()


def test_first_approval_time_is_kept():
    """approved_at records the first approval; approving again after removal keeps it."""
    comment = make_comment()
    first_time = comment.approved_at
    assert first_time is not None
    services.comments_moderate(comments=[comment], status=REMOVED)
    services.comments_moderate(comments=[comment], status=APPROVED)
    comment.refresh_from_db()
    assert comment.approved_at == first_time


def test_delete_takes_comments_and_their_replies_out_of_the_count():
    """Deleting a thread removes it and its replies from the database and from the count."""
    article = make_article()
    top = make_comment(article)
    make_comment(parent=top)
    make_comment(article)
    services.comments_delete(comments=Comment.objects.filter(pk=top.pk))
    assert count(article) == 1
    assert Comment.objects.count() == 1


def test_comment_update_saves_corrections_and_status():
    """An editor's corrected text is re-rendered and the status change is counted."""
    article = make_article()
    comment = make_comment(article, status="pending", body="Typo hre")
    comment.body = "Typo here, see https://example.org"
    comment.status = "pending"  # what the form shows; the target status is passed separately
    services.comment_update(comment=comment, status=APPROVED)
    comment.refresh_from_db()
    assert comment.status == APPROVED
    assert "Typo here" in comment.body_html and comment.link_count == 1
    assert count(article) == 1


def test_post_saves_a_pending_comment_with_a_visitor_hash(settings):
    """A new commenter's comment is saved as pending with its visitor hash and the reason."""
    article = make_article()
    comment = post(article, notify_on_reply=True)
    assert comment.pk and comment.status == PENDING
    assert comment.ip_hash == "visitor-hash" and comment.notify_on_reply
    assert comment.held_reason == "No earlier approved comment from this address."
    assert count(article) == 0


def test_returning_commenter_is_approved_unless_the_comment_has_a_link(settings):
    """COMMENTS_AUTO_APPROVE_RETURNING approves a known address's link-free comment at once."""
    settings.COMMENTS_AUTO_APPROVE_RETURNING = True
    article = make_article()
    earlier = make_comment(email="ada@example.net")
    assert post(article, posted_here=[earlier.pk]).status == APPROVED
    assert count(article) == 1
    with_link = post(article, body="More at https://example.org", posted_here=[earlier.pk])
    assert with_link.status == PENDING
    assert with_link.held_reason == "Returning commenter, but the comment has a link."


def test_a_known_address_alone_never_publishes(settings):
    """Typing an address with approved comments, without having posted them, holds the comment."""
    settings.COMMENTS_AUTO_APPROVE_RETURNING = True
    earlier = make_comment(email="ada@example.net")
    own_held = make_comment(email="ada@example.net", status="pending")
    someone_elses = make_comment(email="bob@example.net")
    for posted_here in ([], [own_held.pk], [someone_elses.pk]):
        comment = post(make_article(), body=f"Try {posted_here}", posted_here=posted_here)
        assert comment.status == PENDING
        assert comment.held_reason == (
            "This address has approved comments, but none sent from here."
        )
    assert post(make_article(), posted_here=[own_held.pk, earlier.pk]).status == APPROVED


def test_a_link_in_the_name_holds_a_returning_commenter(settings):
    """A domain in the name counts like a link in the text: the comment waits."""
    settings.COMMENTS_AUTO_APPROVE_RETURNING = True
    earlier = make_comment(email="ada@example.net")
    comment = post(
        make_article(),
        name="Payout: claim at evil-payouts.com/claim",
        body="Nice article.",
        posted_here=[earlier.pk],
    )
    assert comment.status == PENDING
    assert comment.held_reason == "Returning commenter, but the comment has a link."


def test_returning_commenter_waits_when_the_setting_is_off(settings):
    """With COMMENTS_AUTO_APPROVE_RETURNING off, every reader's comment waits."""
    settings.COMMENTS_AUTO_APPROVE_RETURNING = False
    earlier = make_comment(email="ada@example.net")
    comment = post(make_article(), posted_here=[earlier.pk])
    assert comment.status == PENDING
    assert "automatic approval is off" in comment.held_reason


def test_only_approved_history_counts_as_returning(settings):
    """An address whose earlier comments were held or spam is not trusted."""
    settings.COMMENTS_AUTO_APPROVE_RETURNING = True
    held = make_comment(email="ada@example.net", status="pending")
    spam = make_comment(email="ada@example.net", status="spam")
    assert post(make_article(), posted_here=[held.pk, spam.pk]).status == PENDING


def test_staff_are_trusted_but_two_links_still_hold_their_comment():
    """Staff comments are published with the badge; two or more links hold even theirs."""
    staff = get_user_model().objects.create_user("ed", is_staff=True)
    article = make_article()
    trusted = post(article, user=staff)
    assert trusted.status == APPROVED and trusted.is_author
    held = post(article, user=staff, body="See https://a.example.com and https://b.example.org")
    assert held.status == PENDING and held.held_reason == "Has 2 links."


def test_reply_to_reply_joins_the_thread():
    """comment_post attaches a reply to a reply to the thread's first comment."""
    top = make_comment()
    reply = make_comment(parent=top)
    assert post(top.article, parent=reply).parent == top


def test_parent_from_another_article_is_a_programming_error():
    """The service refuses a parent from another article even if a caller skipped the form."""
    with pytest.raises(ValueError):
        post(make_article(), parent=make_comment())


def test_staff_are_not_rate_limited(settings):
    """Editors replying to many readers in a row are not stopped by the readers' limit."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": "1/600"}
    staff = get_user_model().objects.create_user("ed", is_staff=True)
    article = make_article()
    for n in range(3):
        post(article, user=staff, body=f"Reply number {n}")
    assert Comment.objects.count() == 3
