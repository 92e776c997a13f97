"""A real SMTP server on loopback that can refuse chosen recipients or messages."""

from tests.smtp import Inbox


class RecordingInbox(Inbox):
    def __init__(self):
        super().__init__()
        self.refused = set()  # refused at RCPT
        self.rejected = set()  # accepted at RCPT, then refused after the message's content
        self.connections = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.connections.add(session.peer)
        if self.rejected.intersection(envelope.rcpt_tos):
            return "554 5.7.1 Message refused"
        return await super().handle_DATA(server, session, envelope)

    def copies_by_recipient(self):
        counts = {}
        for message in self.messages:
            counts[message["To"]] = counts.get(message["To"], 0) + 1
        return counts


def point_mailer_at(settings, port):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
