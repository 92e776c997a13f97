import pytest

from articles import demo as articles_demo
from newsletter import demo
from newsletter.models import Delivery, Issue, Subscriber

pytestmark = pytest.mark.django_db


def test_demo_has_subscribers_in_every_state_and_a_sent_issue():
    """The demo shows pending, confirmed and unsubscribed readers and one sent issue."""
    articles_demo.load(editor_password=None)
    demo.load()
    assert set(Subscriber.objects.values_list("status", flat=True)) == set(Subscriber.Status)
    issue = Issue.objects.get()
    assert issue.status == Issue.Status.SENT and issue.articles.exists()
    recipients = Subscriber.objects.exclude(status=Subscriber.Status.PENDING).count()
    assert issue.deliveries.filter(status=Delivery.Status.SENT).count() == recipients


def test_demo_can_be_loaded_twice():
    """Loading again adds nothing."""
    articles_demo.load(editor_password=None)
    demo.load()
    counts = (Subscriber.objects.count(), Issue.objects.count(), Delivery.objects.count())
    demo.load()
    assert (Subscriber.objects.count(), Issue.objects.count(), Delivery.objects.count()) == counts
