import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_load_demo_gives_threads_replies_and_a_moderation_queue(client):
    """load_demo adds approved threads with replies, held comments and spam, idempotently."""
    call_command("load_demo", without_debug=True)
    first = Comment.objects.count()
    call_command("load_demo", without_debug=True)
    assert Comment.objects.count() == first
    approved = Comment.objects.visible()
    assert approved.filter(parent__isnull=False).count() >= 5
    assert approved.values("article").distinct().count() >= 3
    assert Comment.objects.filter(status="pending").count() >= 2
    assert Comment.objects.filter(status="spam").count() == 1
    assert approved.filter(is_author=True).exists()
    for article in Article.objects.all():
        assert article.comment_count == approved.filter(article=article).count()
    threads = client.get(reverse("comments:latest_threads")).content.decode()
    assert threads.count("thread-list__item") == 5
