"""How every email the site sends is built: a written plain-text part and an HTML part from
templates/email/base.html, with templates/email/email.css inlined into it."""

import email.policy
import email.utils
from urllib.parse import urlsplit

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

# Mail clients drop <style> blocks, so the rules go into style attributes; the @media rules
# (phone widths, dark mode) cannot, and stay in a <style> block for the clients that read one.
# Nothing remote is ever fetched while building an email.
_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)

# Gmail clips a message whose HTML part is larger, hiding the rest (unsubscribe link included)
# behind "View entire message".
HTML_LIMIT = 100 * 1024

# Names that are reserved for documentation and local use (RFC 2606, RFC 6761): mail from
# them is refused or lands in spam, and replies go nowhere.
PLACEHOLDER_DOMAINS = ("localhost", "example.com", "example.net", "example.org")
PLACEHOLDER_SUFFIXES = (".localhost", ".example", ".invalid", ".test")


def is_placeholder_domain(domain):
    domain = domain.lower().rstrip(".")
    return (
        not domain
        or domain.endswith(PLACEHOLDER_SUFFIXES)
        or any(domain == d or domain.endswith(f".{d}") for d in PLACEHOLDER_DOMAINS)
    )


def sender_domain():
    return email.utils.parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]


def message_id():
    """A Message-ID in the sender's domain: Django's default names the host, which in a
    container is often `localhost` and marks the message as spam."""
    return email.utils.make_msgid(domain=sender_domain())


def site_context():
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "SITE_URL_DISPLAY": urlsplit(settings.SITE_URL).netloc,
    }


def render_text(template, context):
    return render_to_string(template, {**site_context(), **context})


def render_html(template, context):
    """The HTML part, its styles inlined."""
    return _INLINER.inline(render_to_string(template, {**site_context(), **context}))


class SiteEmail(EmailMultiAlternatives):
    """An email whose header lines are only broken where RFC 5322 requires it (998 characters),
    with a Message-ID in the sender's domain.

    At the usual 78, Python's email package cannot fold a long List-Unsubscribe URL at a space,
    so it rewrites it as RFC 2047 encoded words, which mail providers do not decode in that
    header: the one-click unsubscribe would silently stop working.
    """

    def message(self, *, policy=email.policy.default):
        message = super().message(policy=policy.clone(max_line_length=998))
        if not any(name.lower() == "message-id" for name in self.extra_headers):
            del message["Message-ID"]
            message["Message-ID"] = message_id()
        return message


def site_email(template, *, subject, to, context, headers=None):
    """The email `template`.txt and `template`.html make, ready to send to the list `to`."""
    message = SiteEmail(
        subject=subject, body=render_text(f"{template}.txt", context), to=to, headers=headers
    )
    message.attach_alternative(render_html(f"{template}.html", context), "text/html")
    return message
