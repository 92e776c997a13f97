"""Comments in a real browser: the script that moves the one form under the comment replied to
(the shared `page` fixture fails a test on any script error or CSP refusal)."""

import time

from comments.models import Comment
from comments.tokens import form_started_token
from tests.factories import make_article, make_comment


def test_reply_moves_the_form_under_the_comment_and_posts_a_reply(page, settings):
    """Reply puts the one form under the comment; sending it files a reply to that comment."""
    settings.COMMENTS_AUTO_APPROVE_RETURNING = False
    article = make_article()
    top = make_comment(article, name="Grace")
    page.goto(article.get_absolute_url())
    page.get_by_role("link", name="Reply to Grace").click()
    form = page.locator(f"#comment-{top.pk} + #comment-form")
    assert form.is_visible()
    assert "Replying to Grace" in form.inner_text()
    assert page.evaluate("document.activeElement.name") == "body"
    page.get_by_label("Name").fill("Ada")
    page.get_by_label("Email", exact=True).fill("ada@example.net")
    page.get_by_role("textbox", name="Comment").fill("Same on my side.")
    # A reader takes more than the three seconds the form insists on; a test need not wait.
    started = form_started_token(at=time.time() - 60)
    page.locator("input[name=started]").evaluate("(input, value) => input.value = value", started)
    page.get_by_role("button", name="Post comment").click()
    page.get_by_text("awaiting moderation").wait_for()
    reply = Comment.objects.get(name="Ada")
    assert reply.parent == top and reply.status == Comment.Status.PENDING
