import pytest
from django.db import IntegrityError

from newsletter.models import Delivery, Subscriber, normalize_email
from tests.factories import make_article

from .helpers import make_issue, make_subscriber

pytestmark = pytest.mark.django_db


def test_normalize_email_lowercases_the_domain_only():
    """The domain is case-insensitive and lowercased; the local part is kept as typed."""
    assert normalize_email("  Jane.Doe@Example.COM ") == "Jane.Doe@example.com"


def test_normalize_email_encodes_internationalised_domains():
    """An internationalised domain is stored in its IDNA (punycode) form."""
    assert normalize_email("leser@Bücher.example") == "leser@xn--bcher-kva.example"


def test_normalize_email_refuses_a_domain_that_cannot_be_encoded():
    """A domain IDNA cannot encode raises ValueError for the form to report."""
    with pytest.raises(ValueError):
        normalize_email("someone@bad..example")


def test_an_address_is_stored_once_whatever_its_case():
    """The database refuses a second row that differs only in case."""
    make_subscriber("reader@example.com")
    with pytest.raises(IntegrityError):
        make_subscriber("READER@example.com")


def test_for_email_finds_a_subscriber_whatever_the_case():
    """Lookups ignore case, like the unique constraint."""
    subscriber = make_subscriber("Reader@example.com")
    assert Subscriber.objects.for_email("reader@EXAMPLE.com").get() == subscriber


def test_issue_renders_its_markdown_on_save():
    """The body is rendered once, through the site's Markdown pipeline."""
    issue = make_issue(body_markdown="Some **bold** news")
    assert "<strong>bold</strong>" in issue.body_html


def test_issue_announces_only_published_articles():
    """An article unpublished after it was chosen drops out of the issue."""
    live = make_article(title="Live one")
    draft = make_article(title="Pulled", published=False)
    issue = make_issue(articles=[live, draft])
    assert list(issue.announced_articles()) == [live]


def test_progress_counts_deliveries_by_outcome():
    """Progress counts sent, failed, skipped and waiting (which includes in flight)."""
    issue = make_issue()
    statuses = ["sent", "sent", "failed", "waiting", "sending", "skipped"]
    for status in statuses:
        Delivery.objects.create(issue=issue, subscriber=make_subscriber(), status=status)
    assert issue.progress() == {
        "total": 6, "sent": 2, "failed": 1, "skipped": 1, "waiting": 2, "done": 4
    }  # fmt: skip


def test_one_delivery_per_issue_and_subscriber():
    """The database refuses a second delivery of the same issue to the same subscriber."""
    issue, subscriber = make_issue(), make_subscriber()
    Delivery.objects.create(issue=issue, subscriber=subscriber)
    with pytest.raises(IntegrityError):
        Delivery.objects.create(issue=issue, subscriber=subscriber)
