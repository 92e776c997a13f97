import pytest
from django.core import mail

from newsletter import emails
from newsletter.handover import BackendHandover, SMTPHandover, handover_for

from .helpers import make_issue, make_subscriber

pytestmark = pytest.mark.django_db


def test_a_copy_reaches_the_server_only_with_its_final_dot(mail_server):
    """Envelope and content alone leave nothing in the inbox; the dot delivers the copy."""
    content = emails.IssueContent(make_issue())
    reader = make_subscriber()

    with mail.mailers.default as backend:
        handover = handover_for(backend)
        assert isinstance(handover, SMTPHandover)
        handover.prepare(content, reader)
        assert mail_server.messages == []
        handover.finish()

    assert mail_server.copies_by_recipient() == {reader.email: 1}


def test_a_copy_left_without_its_dot_is_discarded(mail_server):
    """Closing halfway through a copy drops it; the next connection delivers normally."""
    content = emails.IssueContent(make_issue())
    dropped, delivered = make_subscriber(), make_subscriber()

    with mail.mailers.default as backend:
        handover = handover_for(backend)
        handover.prepare(content, dropped)
        handover.close()
    with mail.mailers.default as backend:
        handover = handover_for(backend)
        handover.prepare(content, delivered)
        handover.finish()
        handover.close()

    assert mail_server.copies_by_recipient() == {delivered.email: 1}


def test_other_backends_get_each_copy_whole(settings):
    """Without an SMTP connection (console, locmem), a copy is sent as one email by finish()."""
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    content = emails.IssueContent(make_issue())
    reader = make_subscriber()
    handover = handover_for(mail.mailers.default)
    assert isinstance(handover, BackendHandover)

    handover.prepare(content, reader)
    assert mail.outbox == []
    handover.finish()

    [copy] = mail.outbox
    assert copy.to == [reader.email]
    assert copy.extra_headers["List-Unsubscribe"] == f"<{emails.unsubscribe_url(reader)}>"
