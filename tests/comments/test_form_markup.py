"""The comment form's inputs are written out in comments/section.html; they must stay what the
form's own widgets would render, in every state the page shows them in."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test.html import parse_html
from django.urls import reverse

from comments.forms import CommentForm
from tests.factories import comment_form_data, make_article

pytestmark = pytest.mark.django_db

FIELDS = ["name", "email", "body", "notify_on_reply", "website"]


def element(page, field_id):
    """The input or textarea with `field_id` in `page`, as a comparable HTML tree."""
    found = re.search(
        rf'<(input|textarea)\b[^>]*\bid="{field_id}"[^>]*>(?:[^<]*</textarea>)?', page
    )
    assert found, f"no #{field_id} in the page"
    return parse_html(found.group(0))


def assert_inputs_match(page, form):
    for name in FIELDS:
        bound = form[name]
        assert element(page, bound.auto_id) == parse_html(str(bound)), name
        assert parse_html(bound.label_tag()) == parse_html(
            re.search(rf'<label for="{bound.auto_id}">[^<]*</label>', page).group(0)
        ), name


def test_fresh_form_matches_the_widgets(client):
    """A reader's empty form: the same inputs, labels and help texts the widgets would give."""
    article = make_article()
    page = client.get(article.get_absolute_url()).content.decode()
    assert_inputs_match(page, CommentForm(article=article))
    assert '<p class="help" id="id_name_helptext">Shown with your comment.</p>' in page


def test_form_with_errors_matches_the_widgets(client):
    """Sent back with errors: values kept, aria-invalid and the error ids on the inputs."""
    article = make_article()
    data = comment_form_data(
        name="", email="not-an-address", body="", notify_on_reply="on", website="x"
    )
    response = client.post(reverse("comments:post", args=[article.slug]), data)
    assert response.status_code == 400
    form = CommentForm(data, article=article)
    assert not form.is_valid()
    assert_inputs_match(response.content.decode(), form)


def test_text_with_markup_is_escaped_in_the_kept_values(client):
    """What a reader typed comes back escaped, in the input and in the textarea."""
    article = make_article()
    data = comment_form_data(email="bad", name='"><b>x', body="</textarea><script>1</script>")
    page = client.post(reverse("comments:post", args=[article.slug]), data).content.decode()
    assert_inputs_match(page, CommentForm(data, article=article))
    assert "<script>1" not in page


def test_staff_get_their_name_and_address_filled_in(client):
    """Signed-in staff see the form filled with who they are, as the form's initial data says."""
    article = make_article()
    staff = get_user_model().objects.create_user(
        "editor", email="editor@example.org", password="x", is_staff=True, first_name="Edie"
    )
    client.force_login(staff)
    page = client.get(article.get_absolute_url()).content.decode()
    form = CommentForm(article=article, initial={"name": "Edie", "email": "editor@example.org"})
    assert_inputs_match(page, form)
