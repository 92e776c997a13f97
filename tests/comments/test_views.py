import re

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from breakingeven import pagecache
from comments import services
from comments.models import Comment
from comments.section import COMMENTS_PER_PAGE
from tests.factories import (
    comment_form_data,
    make_article,
    make_author,
    make_comment,
    posted_from,
)

pytestmark = pytest.mark.django_db


def post_url(article):
    return reverse("comments:post", args=[article.slug])


def test_article_page_has_the_comment_form(client):
    """The article page offers "Leave a comment" with name, email, comment and the reply option."""
    article = make_article()
    content = client.get(article.get_absolute_url()).content.decode()
    assert "Leave a comment" in content
    assert 'name="name"' in content and 'name="email"' in content and 'name="body"' in content
    assert "Your email won&#x27;t be published." in content
    assert "Email me when someone replies" in content
    assert 'class="honeypot"' in content and 'name="started"' in content


def test_comment_form_inputs_keep_their_attributes(client):
    """Autofill hints and lengths on name and email, no length on the text (a browser would
    cut a long paste), and a honeypot that keyboards skip."""
    content = client.get(make_article().get_absolute_url()).content.decode()
    for tag in [
        '<input type="text" name="name" autocomplete="name" maxlength="80" required '
        'aria-describedby="id_name_helptext" id="id_name">',
        '<input type="email" name="email" autocomplete="email" maxlength="254" required '
        'aria-describedby="id_email_helptext" id="id_email">',
        '<textarea name="body" cols="40" rows="7" required id="id_body">',
        '<input type="checkbox" name="notify_on_reply" id="id_notify_on_reply">',
        '<input type="text" name="website" autocomplete="off" tabindex="-1" id="id_website">',
    ]:
        assert tag in content


def test_new_commenter_is_held_and_lands_back_with_a_message(client):
    """A first comment is saved as pending; the reader is redirected to a moderation message."""
    article = make_article()
    response = client.post(post_url(article), comment_form_data(notify_on_reply="on"))
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#messages"
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.notify_on_reply is True
    assert comment.held_reason == "No earlier approved comment from this address."
    page = client.get(response["Location"]).content.decode()
    assert "awaiting moderation" in page
    assert "Thanks, this matches" not in page


def test_returning_commenter_is_published_and_sent_to_the_comment(client, settings):
    """A reader whose earlier comment from this browser was approved is published at once."""
    settings.COMMENTS_AUTO_APPROVE_RETURNING = True
    article = make_article()
    posted_from(client, make_comment(email="ada.reader@example.net"))
    response = client.post(post_url(article), comment_form_data(), follow=True)
    comment = Comment.objects.get(article=article)
    assert comment.status == Comment.Status.APPROVED
    assert response.redirect_chain[-1][0] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert "Thanks, this matches what I see" in response.content.decode()
    article.refresh_from_db()
    assert article.comment_count == 1


def test_a_stranger_typing_a_known_address_gets_the_held_answer(client, settings):
    """A known address typed by a stranger is held and answered exactly like a new one."""
    settings.COMMENTS_AUTO_APPROVE_RETURNING = True
    make_comment(email="ada.reader@example.net")
    answers = []
    for email in ("ada.reader@example.net", "never.seen@example.net"):
        article = make_article()
        data = comment_form_data(email=email, body=f"My first thought, as {email}.")
        response = client.post(post_url(article), data)
        location = response["Location"].replace(article.get_absolute_url(), "<article>")
        page = client.get(response["Location"]).content.decode()
        answers.append((response.status_code, location, "awaiting moderation" in page))
        client.cookies.clear()
    assert answers == [(302, "<article>#messages", True)] * 2
    assert set(Comment.objects.filter(name="Ada Reader").values_list("status", flat=True)) == {
        Comment.Status.PENDING
    }


def test_a_first_comment_is_remembered_and_its_approval_makes_the_next_one_published(client):
    """The browser that posted a comment is trusted with that address once it is approved."""
    article = make_article()
    client.post(post_url(article), comment_form_data())
    first = Comment.objects.get()
    assert first.status == Comment.Status.PENDING
    services.comments_moderate(comments=[first], status=Comment.Status.APPROVED)
    response = client.post(post_url(article), comment_form_data(body="And a second thought."))
    second = Comment.objects.latest("pk")
    assert second.status == Comment.Status.APPROVED
    assert response["Location"] == second.get_absolute_url()


def test_a_forged_commenter_cookie_is_ignored(client):
    """An unsigned or wrongly signed commenter cookie proves nothing."""
    earlier = make_comment(email="ada.reader@example.net")
    for forged in (str(earlier.pk), signing.get_cookie_signer(salt="commenter").sign("1")):
        client.cookies["commenter"] = forged
        client.post(post_url(make_article()), comment_form_data(body=f"Try {forged}"))
    assert not Comment.objects.exclude(pk=earlier.pk).filter(status=Comment.Status.APPROVED)


def test_validation_errors_reshow_the_article_with_everything_typed(client):
    """A bad field gives 400 on the article page, the error beside the field, the rest kept."""
    article = make_article(title="Where the money is")
    data = comment_form_data(email="not-an-address", body="My long thought\n\nwith paragraphs")
    response = client.post(post_url(article), data)
    content = response.content.decode()
    assert response.status_code == 400
    assert "Where the money is" in content
    assert "Please enter a valid email address" in content
    email_input = re.search(r"<input[^>]*id=\"id_email\"[^>]*>", content).group(0)
    assert 'aria-invalid="true"' in email_input
    assert 'aria-describedby="id_email_helptext id_email_error"' in email_input
    assert 'id="id_email_error"' in content
    assert 'value="not-an-address"' in email_input
    assert 'value="Ada Reader"' in content
    assert "My long thought\n\nwith paragraphs</textarea>" in content
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "n" * 81, "Please keep your name under 80 characters."),
        ("email", "e" * 250 + "@example.net", "That email address is too long."),
        ("body", "b" * 5001, "Please keep your comment under 5,000 characters (it has 5001)."),
        ("body", "", "Please write your comment."),
    ],
)
def test_every_field_has_a_limit_with_a_clear_error(client, field, value, message):
    """Past a field's maximum length (or left empty) the reader gets a clear message, not a 500."""
    article = make_article()
    response = client.post(post_url(article), comment_form_data(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "\u200b\u200c", "Please enter your name."),
        ("body", "\u200b \u2060\n\u200e", "Please write your comment."),
    ],
)
def test_a_field_of_invisible_characters_only_is_empty(client, field, value, message):
    """Zero-width spaces and marks that show nothing are no name, and no comment."""
    article = make_article()
    response = client.post(post_url(article), comment_form_data(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ('"a\x0bb"@example.net', "Enter a complete email address"),
        ('"ada.reader"@example.net', "without quotation marks"),
        ("a" * 65 + "@example.net", "The part before @ can be at most 64 characters"),
    ],
)
def test_an_address_reply_emails_cannot_reach_is_refused(client, email, message):
    """The comment form refuses the addresses mail cannot reach, as the newsletter does."""
    response = client.post(post_url(make_article()), comment_form_data(email=email))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_missing_or_unpublished_article_is_404(client):
    """Comments on a missing, draft or scheduled article answer 404."""
    draft = make_article(published=False)
    scheduled = make_article(days_ago=-3)
    missing = reverse("comments:post", args=["no-such-article"])
    assert client.post(missing, comment_form_data()).status_code == 404
    assert client.post(post_url(draft), comment_form_data()).status_code == 404
    assert client.post(post_url(scheduled), comment_form_data()).status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize("parent", ["other-article", "pending", "not-a-number", "999999"])
def test_bad_parent_is_400(client, parent):
    """A parent from another article, not approved, or not a comment is refused with 400."""
    article = make_article()
    parents = {
        "other-article": lambda: make_comment().pk,
        "pending": lambda: make_comment(article, status="pending").pk,
        "not-a-number": lambda: "abc",
        "999999": lambda: 999999,
    }
    response = client.post(post_url(article), comment_form_data(parent=parents[parent]()))
    assert response.status_code == 400
    assert "no longer available" in response.content.decode()
    assert not Comment.objects.filter(name="Ada Reader").exists()


def test_reply_to_a_reply_joins_the_top_level_comment(client):
    """Threads are one level deep: replying to a reply attaches to its first comment."""
    top = make_comment()
    reply = make_comment(parent=top)
    response = client.post(post_url(top.article), comment_form_data(parent=reply.pk))
    assert response.status_code == 302
    assert Comment.objects.get(name="Ada Reader").parent == top


def test_reply_link_prefills_the_form(client):
    """?reply_to=<id> (the Reply link without JavaScript) shows who is answered and sets parent."""
    top = make_comment(name="Grace Hopper")
    content = client.get(top.article.get_absolute_url(), {"reply_to": top.pk}).content.decode()
    assert f'name="parent" value="{top.pk}"' in content
    assert re.search(r"Replying to <strong[^>]*>Grace Hopper</strong>", content)
    assert f'?reply_to={top.pk}#comment-form"' in content


@pytest.mark.parametrize("reply_to", ["abc", "999999", ""])
def test_reply_link_with_a_bad_id_shows_a_plain_form(client, reply_to):
    """A nonsense ?reply_to is ignored rather than an error."""
    article = make_article()
    response = client.get(article.get_absolute_url(), {"reply_to": reply_to})
    assert response.status_code == 200
    assert 'name="parent" value=""' in response.content.decode()


def test_approved_comments_show_name_date_text_permalink_and_author_badge(client):
    """Approved comments show their name, date, text and permalink; held ones do not show."""
    author = make_author(user=get_user_model().objects.create_user("writer"))
    article = make_article(author=author)
    comment = make_comment(article, name="Lin Evaluator", body="Rates fell in March.")
    make_comment(article, name="Author Person", is_author=True)
    make_comment(article, name="Held Person", status="pending")
    make_comment(article, name="Spam Person", status="spam")
    content = client.get(article.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}"' in content
    assert f'href="#comment-{comment.pk}"' in content
    assert "Lin Evaluator" in content and "<p>Rates fell in March.</p>" in content
    assert comment.created_at.strftime("%Y-%m-%d") in content
    assert content.count('<span class="badge">Author</span>') == 1
    assert "Held Person" not in content and "Spam Person" not in content
    assert "2 comments" in content


def test_replies_show_under_their_comment_oldest_first(client):
    """Replies appear nested under their comment, in the order they were written."""
    top = make_comment(name="Top Commenter")
    make_comment(parent=top, name="First Reply")
    make_comment(parent=top, name="Second Reply")
    content = client.get(top.article.get_absolute_url()).content.decode()
    replies = content[content.index("comment-replies") :]
    assert content.index("Top Commenter") < content.index("comment-replies")
    assert replies.index("First Reply") < replies.index("Second Reply")


def test_comment_count_appears_in_article_lists(client):
    """Article cards on the home page show how many comments an article has."""
    article = make_article()
    make_comment(article)
    make_comment(article)
    content = client.get(reverse("articles:home")).content.decode()
    assert f'href="{article.get_absolute_url()}#comments">2 comments</a>' in content


def test_comments_are_paginated(client):
    """Top-level comments come in pages; ?comments=N shows the next page, bad numbers page 1."""
    article = make_article()
    comments = [make_comment(article, name=f"Reader {n:03}") for n in range(COMMENTS_PER_PAGE + 1)]
    first = client.get(article.get_absolute_url()).content.decode()
    assert "Reader 000" in first and f"Reader {COMMENTS_PER_PAGE:03}" not in first
    assert "?comments=2#comments" in first
    assert f'href="{article.get_absolute_url()}?reply_to={comments[0].pk}#comment-form"' in first
    second = client.get(article.get_absolute_url(), {"comments": 2}).content.decode()
    assert f"Reader {COMMENTS_PER_PAGE:03}" in second and "Reader 000" not in second
    # Replying from page 2 comes back to page 2.
    reply_link = f"?comments=2&amp;reply_to={comments[-1].pk}#comment-form"
    assert f'href="{article.get_absolute_url()}{reply_link}"' in second
    nonsense = client.get(article.get_absolute_url(), {"comments": "x"})
    assert nonsense.status_code == 200
    assert "Reader 000" in nonsense.content.decode()
    assert len(comments) == Comment.objects.approved().count()


def add_threads(article, count):
    """`count` approved comments, each with an approved reply, created in two queries.

    bulk_create() bypasses comments_moderate and the page cache's watchers, so this keeps the
    article's comment count and says itself that pages changed.
    """
    approved = {"status": Comment.Status.APPROVED, "body_html": "<p>Text</p>"}
    tops = Comment.objects.bulk_create(
        Comment(article=article, name="Reader", email="r@example.net", body="Text", **approved)
        for _ in range(count)
    )
    Comment.objects.bulk_create(
        Comment(article=article, parent=top, name="R", email="s@example.net", body="T", **approved)
        for top in tops
    )
    Article.objects.filter(pk=article.pk).update(comment_count=F("comment_count") + 2 * count)
    article.refresh_from_db(fields=["comment_count"])
    pagecache.changed()


def test_article_page_query_count_does_not_grow_with_comments(
    client, django_assert_max_num_queries
):
    """The article page makes no more queries with 2,000 comments than with 200, and one
    whose comments fit on a page makes fewer still."""
    short = make_article()
    add_threads(short, 5)
    with CaptureQueriesContext(connection) as short_page:
        assert client.get(short.get_absolute_url()).status_code == 200
    article = make_article()
    add_threads(article, 100)
    with CaptureQueriesContext(connection) as long_page:
        assert client.get(article.get_absolute_url()).status_code == 200
    assert len(short_page) < len(long_page)
    add_threads(article, 900)
    assert Comment.objects.filter(article=article).count() == 2000
    with django_assert_max_num_queries(len(long_page)):
        response = client.get(article.get_absolute_url())
    assert response.content.decode().count('class="comment"') == COMMENTS_PER_PAGE * 2
    assert "Comments page 1 of 20" in response.content.decode()


def test_permalink_finds_the_page_that_shows_the_comment(client):
    """/comments/<id>/ redirects to the comments page and anchor of that comment."""
    article = make_article()
    comments = [make_comment(article) for _ in range(COMMENTS_PER_PAGE + 1)]
    last, first = comments[-1], comments[0]
    reply = make_comment(parent=last)
    url = article.get_absolute_url()
    location = {c: client.get(c.get_absolute_url())["Location"] for c in (first, last, reply)}
    assert location[first] == f"{url}#comment-{first.pk}"
    assert location[last] == f"{url}?comments=2#comment-{last.pk}"
    assert location[reply] == f"{url}?comments=2#comment-{reply.pk}"


def test_permalink_of_a_hidden_comment_is_404(client):
    """Held comments and comments on unpublished articles have no public permalink."""
    pending = make_comment(status="pending")
    on_draft = make_comment(make_article(published=False))
    assert client.get(pending.get_absolute_url()).status_code == 404
    assert client.get(on_draft.get_absolute_url()).status_code == 404


def test_get_on_the_posting_address_goes_back_to_the_form(client):
    """Reloading the posting address after an error leads back to the article's form."""
    article = make_article()
    response = client.get(post_url(article))
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-form"


def test_staff_comment_gets_the_author_badge_and_is_published(client):
    """Staff signed in comment with the "Author" badge, published without waiting."""
    staff = get_user_model().objects.create_user(
        "editor2", email="editor2@example.net", first_name="Eda", last_name="Tor", is_staff=True
    )
    client.force_login(staff)
    article = make_article()
    form_page = client.get(article.get_absolute_url()).content.decode()
    assert 'value="Eda Tor"' in form_page and 'value="editor2@example.net"' in form_page
    client.post(post_url(article), comment_form_data(name="Eda Tor", email="editor2@example.net"))
    comment = Comment.objects.get()
    assert comment.is_author and comment.status == Comment.Status.APPROVED


def test_articles_own_author_gets_the_badge(client):
    """The article's author, signed in without staff rights, also writes with the badge."""
    user = get_user_model().objects.create_user("writer", email="writer@example.net")
    article = make_article(author=make_author(user=user))
    client.force_login(user)
    client.post(post_url(article), comment_form_data())
    assert Comment.objects.get().is_author
    client.force_login(get_user_model().objects.create_user("someone"))
    client.post(post_url(article), comment_form_data(body="Another view entirely."))
    assert not Comment.objects.get(body="Another view entirely.").is_author


def test_numbers_too_big_for_the_database_never_crash(client):
    """Absurd ids in parent, ?reply_to, ?comments and the permalink give 4xx or a plain page."""
    article = make_article()
    huge = "9" * 30
    assert client.post(post_url(article), comment_form_data(parent=huge)).status_code == 400
    assert client.get(article.get_absolute_url(), {"reply_to": huge}).status_code == 200
    assert client.get(article.get_absolute_url(), {"comments": huge}).status_code == 200
    assert client.get(f"/comments/{huge}/").status_code == 404


def test_a_held_comment_is_posted_in_three_queries(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """A new commenter's post: the article, one query for every spam check, and the comment
    itself (no transaction around it); the moderation notice is enqueued after that."""
    article = make_article()
    with django_capture_on_commit_callbacks() as callbacks, django_assert_num_queries(3):
        response = client.post(post_url(article), comment_form_data())
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert len(callbacks) == 1
