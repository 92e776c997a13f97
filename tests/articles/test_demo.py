import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.demo import EDITOR_PASSWORD, EDITOR_USERNAME
from articles.models import Article, Author, Vote

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "articles": Article.objects.count(),
        "votes": Vote.objects.count(),
        "counters": list(Article.objects.order_by("slug").values_list("helpful_yes", "helpful_no")),
    }


def test_load_demo_is_idempotent():
    """Running load_demo twice leaves one copy of everything, counters included."""
    call_command("load_demo", without_debug=True)
    first = snapshot()
    call_command("load_demo", without_debug=True)
    assert snapshot() == first
    assert Article.objects.published().count() >= 6
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()


def test_demo_shows_every_article_feature(client):
    """The demo shows a scheduled and a revised article, notes on votes, an author photo."""
    call_command("load_demo", without_debug=True)
    scheduled = Article.objects.filter(status=Article.Status.PUBLISHED).exclude(
        pk__in=Article.objects.published()
    )
    assert scheduled.exists()
    revised = Article.objects.published().exclude(revised_at=None).get()
    assert "Updated" in client.get(revised.get_absolute_url()).content.decode()
    assert Vote.objects.filter(helpful=False).exclude(note="").count() >= 3
    for article in Article.objects.published().exclude(helpful_yes=0, helpful_no=0):
        assert article.helpful_yes == article.votes.filter(helpful=True).count()
        assert article.helpful_no == article.votes.filter(helpful=False).count()
    author = Author.objects.get()
    assert author.bio and author.photo and author.photo_alt


def test_load_demo_refuses_with_debug_off():
    """With DEBUG off, load_demo refuses unless asked, and creates no user at all."""
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo")
    assert not get_user_model().objects.exists()


def test_load_demo_without_debug_never_sets_the_demo_password():
    """Asked to load with DEBUG off, the demo editor gets no usable password."""
    out = io.StringIO()
    call_command("load_demo", without_debug=True, stdout=out)
    editor = get_user_model().objects.get(username=EDITOR_USERNAME)
    assert not editor.has_usable_password()
    assert not editor.check_password(EDITOR_PASSWORD)
    assert EDITOR_PASSWORD not in out.getvalue()


def test_load_demo_with_debug_on_sets_the_documented_password(settings):
    """For the local demo (DEBUG on), the editor signs in with the password the README gives."""
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    assert get_user_model().objects.get(username=EDITOR_USERNAME).check_password(EDITOR_PASSWORD)
