import pytest

from tests.smtp import free_port

from .mailserver import RecordingInbox, point_mailer_at


@pytest.fixture
def mail_server(settings):
    """A real SMTP server on loopback that records connections and can refuse recipients."""
    from aiosmtpd.controller import Controller

    inbox = RecordingInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    point_mailer_at(settings, controller.port)
    yield inbox
    controller.stop()
