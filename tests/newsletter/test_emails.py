import email
import email.policy

import pytest
from django.core import mail

from breakingeven.emails import SiteEmail
from newsletter import emails
from tests.factories import make_article

from .helpers import html_part, make_issue, make_subscriber, raw_header, text_part
from .mailserver import point_mailer_at


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
    full = SiteEmail(subject=copy.subject, body=copy.body, to=copy.to, headers=copy.extra_headers)
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


def _received(data):
    return email.message_from_bytes(data, policy=email.policy.default)


@pytest.mark.django_db
def test_each_subscribers_bytes_carry_their_own_link_and_headers(settings):
    """A copy's bytes carry its reader's address and link, in the header and both bodies."""
    settings.SITE_URL = "https://breakingeven.example.com"
    content = emails.IssueContent(make_issue())
    first, second = make_subscriber(), make_subscriber()

    for subscriber in (first, second):
        data = content.copy_for(subscriber)
        message, url = _received(data), emails.unsubscribe_url(subscriber)
        assert message["To"] == subscriber.email
        assert raw_header(message, "List-Unsubscribe") == f"<{url}>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert url in text_part(message) and url in html_part(message)
        assert b"personal.invalid" not in data and b"NEWSLETTER-PERSONAL" not in data
        assert b"\n" not in data.replace(b"\r\n", b""), "SMTP wants CRLF line ends only"
    assert emails.unsubscribe_url(first) not in content.copy_for(second).decode()


@pytest.mark.django_db
def test_a_copys_bytes_match_the_copy_built_in_full():
    """The bytes handed to the SMTP server read the same as the email built from scratch."""
    subject = "Café prices: naïve résumés — ✓"  # encoded words in the Subject header
    content = emails.IssueContent(make_issue(subject=subject, body_markdown="Ça coûte **cher**."))
    subscriber = make_subscriber("o'brien.reader+news@example.com")

    fast = _received(content.copy_for(subscriber))
    slow = _parsed(SiteEmail(**_fields_of(content.message_for(subscriber))))

    assert fast["Subject"] == subject
    for name in ("Subject", "From", "To", "List-Unsubscribe", "List-Unsubscribe-Post"):
        assert fast[name] == slow[name], name
    for kind in ("plain", "html"):
        assert fast.get_body((kind,)).get_content() == slow.get_body((kind,)).get_content()
    assert "Ça coûte" in fast.get_body(("plain",)).get_content()


def _fields_of(copy):
    return {
        "subject": copy.subject,
        "body": copy.body,
        "to": copy.to,
        "headers": copy.extra_headers,
        "alternatives": copy.alternatives,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "reader@bücher.example",  # the domain must be IDNA-encoded
        "josé@example.com",  # a non-ASCII local part needs SMTPUTF8
        '"two words"@example.com',  # a quoted local part
        "a..b@example.com",  # not a dot-atom: the full build judges it
    ],
)
def test_addresses_that_need_care_are_left_to_the_full_build(address):
    """Only a plain ASCII addr-spec is filled in as it is; any other copy is built in full."""
    content = emails.IssueContent(make_issue())
    assert content.copy_for(make_subscriber(address)) is None


@pytest.mark.parametrize(
    "address", ["reader@example.com", "o'brien.reader+news@mail.example.co.uk", "x_y-1@b.example"]
)
def test_a_filled_in_address_is_its_own_smtp_recipient(address, settings):
    """For the addresses filled in as they are, Django's SMTP backend would send to them as is."""
    point_mailer_at(settings, 25)  # never connected to
    assert emails._PLAIN_ADDRESS.fullmatch(address)
    assert mail.mailers.default.prep_address(address) == address


BODY = (
    "## Where the money went\n\n"
    "The first paragraph, with [a link](/platforms/).\n\n"
    "![A chart](/media/chart.png)\n\n"
    "The second paragraph.\n\n"
    "- a list item\n\n"
    "The third paragraph, only in full."
)


@pytest.mark.django_db
def test_an_excerpt_gives_the_opening_paragraphs_and_a_link_to_the_rest(settings):
    """By default each article shows its standfirst and first two paragraphs, in both parts,
    with absolute links; headings, pictures and lists are left for the site."""
    settings.SITE_URL = "https://breakingeven.example.com"
    article = make_article(title="Where it went", body_markdown=BODY)
    copy = emails.IssueContent(make_issue(articles=[article])).test_message("e@example.com")
    [html] = [content for content, _ in copy.alternatives]
    for part in (copy.body, html):
        assert "The first paragraph" in part and "The second paragraph." in part
        assert "third paragraph" not in part and "a list item" not in part
        assert "Where the money went" not in part and "chart.png" not in part
        assert "https://breakingeven.example.com/platforms/" in part
    assert "Read the rest" in html and "Read the rest: https://" in copy.body


@pytest.mark.django_db
def test_the_full_text_gives_the_whole_article(settings):
    settings.SITE_URL = "https://breakingeven.example.com"
    article = make_article(title="Where it went", body_markdown=BODY)
    issue = make_issue(articles=[article], article_text="full")
    copy = emails.IssueContent(issue).test_message("e@example.com")
    [html] = [content for content, _ in copy.alternatives]
    for part in (copy.body, html):
        assert "The third paragraph, only in full." in part and "a list item" in part
        assert "https://breakingeven.example.com/media/chart.png" in part
    assert 'class="headerlink"' not in html  # a "#" link leads nowhere in an inbox
    assert "Read on the site, and comment" in html
