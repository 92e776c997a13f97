import email
import email.policy

import pytest

from newsletter import emails

from .helpers import make_issue, make_subscriber


def _parsed(message):
    return email.message_from_bytes(
        message.message(policy=email.policy.SMTP).as_bytes(), policy=email.policy.default
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "from_layout"),
    # An internationalised domain must be IDNA-encoded in the header, so that copy is built in full.
    [("a.reader+news@example.com", True), ("reader@bücher.example", False)],
)
def test_an_issue_copy_from_the_shared_layout_matches_one_built_in_full(address, from_layout):
    """Filling in a copy's personal parts gives the same email as building it from scratch."""
    content = emails.IssueContent(make_issue())
    copy = content.message_for(make_subscriber(address))
    full = emails.NewsletterEmail(
        subject=copy.subject, body=copy.body, to=copy.to, headers=copy.extra_headers
    )
    full.attach_alternative(*copy.alternatives[0])

    prepared = copy.message(policy=email.policy.SMTP)
    assert isinstance(prepared, emails._PreparedMessage) is from_layout
    fast, slow = _parsed(copy), _parsed(full)

    for name in ("Subject", "From", "To", "List-Unsubscribe", "List-Unsubscribe-Post"):
        assert fast[name] == slow[name], name
    assert fast.get_body(("plain",)).get_content() == slow.get_body(("plain",)).get_content()
    assert fast.get_body(("html",)).get_content() == slow.get_body(("html",)).get_content()
    assert fast["Date"].datetime is not None
    assert fast["Message-ID"] != _parsed(copy)["Message-ID"]  # each copy gets its own
