"""A real SMTP server on loopback that can refuse chosen recipients or messages."""

from tests.smtp import Inbox


class RecordingInbox(Inbox):
    def __init__(self):
        super().__init__()
        self.refused = set()  # refused at RCPT: no such mailbox (5xx)
        self.busy = set()  # refused at RCPT for now: try later (4xx)
        self.rejected = set()  # accepted at RCPT, then its content refused (5xx, a policy)
        self.gone = set()  # accepted at RCPT, then refused after DATA: no such mailbox (5xx)
        self.connections = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        if address in self.busy:
            return "450 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.connections.add(session.peer)
        if self.rejected.intersection(envelope.rcpt_tos):
            return "554 5.7.1 Message refused"
        if self.gone.intersection(envelope.rcpt_tos):
            return "550 5.1.1 User unknown"
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
