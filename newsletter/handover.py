"""Handing an issue's copies to the mail server in two steps: everything but the last line, then it.

A mail server takes a message into its care when it reads the line with a single dot that ends
DATA (RFC 5321, section 4.1.1.4); if the connection drops before that, the message is
discarded. So the envelope, the DATA command and the content can all go out while the
previous copy's outcome is still being committed, and only the final dot has to wait for it.
That keeps a crash's doubt to one copy without spending a database round trip per copy.

Kept instead of Django's SMTP backend, which misses the 250 deliveries/s budget
(BENCHMARKS.md, "Newsletter sending"); providers' APIs go through anymail (BackendHandover).
"""

import contextlib
import email.policy
import re
import smtplib
import socket

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

# A line starting with a dot gets another one, so it can't end the content early (RFC 5321 4.5.2).
_LEADING_DOT = re.compile(rb"(?m)^\.")


def handover_for(backend):
    """The two-step handover over the backend's open connection, or whole sends for any other."""
    if isinstance(backend, SMTPBackend) and backend.connection is not None:
        return SMTPHandover(backend)
    return BackendHandover(backend)


class SMTPHandover:
    """One copy at a time over smtplib's connection, ending each with `finish()`."""

    def __init__(self, backend):
        self.backend = backend
        self.smtp = backend.connection
        self.smtp.ehlo_or_helo_if_needed()
        # The dot goes out alone right after the content: with Nagle's algorithm it would wait
        # for the server's acknowledgement of the content, up to 40 ms on Linux.
        self.smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sender = backend.prep_address(settings.DEFAULT_FROM_EMAIL)
        self._midway = False  # between a copy's first command and the server's answer to its dot

    def prepare(self, content, subscriber, *, metadata=None):
        """Send a copy's envelope and content, all but the dot that makes the server take it.

        Raises like smtplib's sendmail (SMTPRecipientsRefused, SMTPDataError, ...) with the
        connection reset for the next copy, or ValueError for an address that can't be sent
        to, before anything went out.
        """
        data = content.copy_for(subscriber)
        if data is not None:
            # Filled in only for a plain ASCII addr-spec, which is its own envelope address.
            recipient = subscriber.email
        else:
            message = content.message_for(subscriber)
            [recipient] = [self.backend.prep_address(to) for to in message.recipients()]
            data = message.message(policy=email.policy.SMTP).as_bytes()
        smtp = self.smtp
        self._midway = True
        size = f" size={len(data)}" if smtp.has_extn("size") else ""
        self._expect((250,), smtplib.SMTPSenderRefused, "mail", f"FROM:<{self.sender}>{size}")
        code, reply = smtp.docmd("rcpt", f"TO:<{recipient}>")
        if code not in (250, 251):
            self._give_up(code)
            raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
        self._expect((354,), smtplib.SMTPDataError, "data")
        data = _LEADING_DOT.sub(b"..", data)
        smtp.send(data if data.endswith(b"\r\n") else data + b"\r\n")

    def finish(self):
        """The dot: from here the copy is the server's, delivered once it answers 250."""
        self.smtp.send(b".\r\n")
        code, reply = self.smtp.getreply()
        self._midway = False
        if code != 250:
            self._give_up(code)
            raise smtplib.SMTPDataError(code, reply)

    def close(self):
        """Drop the connection if a copy was left half sent: without its dot it is discarded."""
        if self._midway:
            self.smtp.close()

    def _expect(self, codes, error, command, argument=""):
        code, reply = self.smtp.docmd(command, argument)
        if code not in codes:
            self._give_up(code)
            raise error(code, reply, self.sender) if command == "mail" else error(code, reply)

    def _give_up(self, code):
        # As smtplib does: 421 means the server is closing the connection; otherwise RSET
        # clears the transaction so the next copy starts afresh on the same connection. If the
        # server is gone already, the refusal is still what this copy reports; the next copy
        # finds the connection closed.
        self._midway = False
        if code == 421:
            self.smtp.close()
            return
        with contextlib.suppress(smtplib.SMTPServerDisconnected):
            self.smtp.rset()


class BackendHandover:
    """Any other mail backend (an email provider's API through anymail, console, locmem, ...)
    sends a whole copy at once in `finish()`."""

    def __init__(self, backend):
        self.backend = backend
        self.message = None

    def prepare(self, content, subscriber, *, metadata=None):
        # Built in full: a provider's backend adds its own headers to the message.
        self.message = content.message_for(subscriber, prepared=False)
        # Providers return it with every event about the copy (anymail's `metadata`).
        self.message.metadata = metadata or {}

    def finish(self):
        self.backend.send_messages([self.message])

    def close(self):
        pass
