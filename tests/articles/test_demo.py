import pytest
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent():
    """Running load_demo twice leaves one copy of everything."""
    call_command("load_demo")
    first = Article.objects.count()
    call_command("load_demo")
    assert Article.objects.count() == first
    assert Article.objects.published().count() >= 6
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
