import shutil
import time
from urllib.parse import parse_qs

import pytest

from bench import forms, wrk
from breakingeven.forms import MIN_FORM_SECONDS
from comments.models import Comment
from tests.factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.bench.urls")]


def test_parses_post_forms_with_hidden_and_filled_inputs():
    """Only POST forms are kept, with the inputs a browser would send."""
    html = """
        <form action="/search/"><input name="q" value="x"></form>
        <form method="post" action="/vote/">
          <input type="hidden" name="csrfmiddlewaretoken" value="abc">
          <input type="radio" name="helpful" value="yes" checked>
          <input type="radio" name="helpful" value="no">
          <input type="checkbox" name="notify" value="1">
        </form>"""
    [form] = forms.post_forms(html)
    assert form.action == "/vote/"
    assert form.fields == {"csrfmiddlewaretoken": "abc", "helpful": "yes"}


def test_prepared_post_passes_the_csrf_check(live_server):
    """The cookie and token taken from the page make a POST the site accepts."""
    post = forms.prepare_post(f"{live_server.url}/_bench/post/", fields={"message": "hello"})
    assert post.send() == 302
    assert "csrftoken=" in post.headers["Cookie"]
    assert parse_qs(post.body)["message"] == ["hello"]


def test_post_without_the_cookie_is_refused(live_server):
    """The check is real: the same POST without its cookie gets 403."""
    post = forms.prepare_post(f"{live_server.url}/_bench/post/", fields={})
    headers = {name: value for name, value in post.headers.items() if name != "Cookie"}
    assert forms.status_of(post.url, data=post.body.encode(), headers=headers) == 403


def test_page_without_a_post_form_is_an_error(live_server):
    """Preparing a POST from a page with no such form says so instead of posting blind."""
    with pytest.raises(ValueError, match="No POST form"):
        forms.prepare_post(f"{live_server.url}/_bench/ceiling/", fields={})


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_wrk_replays_the_prepared_post(live_server, tmp_path):
    """wrk runs the generated Lua: every POST is accepted (no 403) and the result is read."""
    post = forms.prepare_post(
        f"{live_server.url}/_bench/post/", fields={"message": 'héllo "quoted"'}, varying="message"
    )
    result = wrk.run(post.url, post.lua(), seconds=1, connections=1, workdir=tmp_path)
    assert result.requests > 0
    assert result.bad_status == 0
    assert result.errors == 0


def test_form_address_ignores_the_fragment():
    """A form posting to "comments/#comment-form" is found by its path and posted there."""
    page = "http://127.0.0.1:8000/articles/a/"
    assert forms.form_address(page, "/articles/a/comments/#comment-form") == (
        "http://127.0.0.1:8000/articles/a/comments/"
    )
    assert forms.form_address(page, "") == page


def test_a_comment_check_is_never_a_repeat_of_an_earlier_run(live_server, settings):
    """Each run's single check of the comment POST is accepted, though the site refuses the
    same comment twice from one sender: the varying field gets its own marker each time."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": "1000/60"}
    article = make_article()
    page = f"{live_server.url}{article.get_absolute_url()}"
    fields = {"name": "Bench Reader", "email": "reader@bench.invalid", "body": "Thanks"}
    runs = [
        forms.prepare_post(page, action=f"{page}comments/", fields=fields, varying="body")
        for _ in range(2)
    ]
    time.sleep(MIN_FORM_SECONDS + 0.5)  # the form's timestamp must be old enough
    assert [post.send() for post in runs] == [302, 302]
    assert Comment.objects.filter(article=article).count() == 2
