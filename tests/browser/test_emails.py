"""Every email the site sends, made by a real flow, read from a real SMTP server and opened in
Chromium at a phone's and a mail program's width: it fits, axe finds nothing, and it holds
its own against long titles, unbroken words, missing pictures and markup."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from articles.demo import photo_jpeg
from comments import services as comment_services
from comments.models import Comment
from newsletter import services as newsletter_services
from newsletter import tokens as newsletter_tokens
from newsletter.models import Issue, Subscriber
from tests.factories import comment_form_data, make_article, make_comment

from .checks import assert_no_horizontal_scroll, axe_violations, save_screenshot

WIDTHS = (375, 600)
# Gmail clips a message whose HTML is larger and hides the rest, unsubscribe link included.
HTML_LIMIT = 100 * 1024
LONG_WORD = "Unbroken" + "x" * 292


class Parts(HTMLParser):
    """What a check needs from an HTML part: links, pictures, tables, anything remote."""

    def __init__(self):
        super().__init__()
        self.links, self.images, self.tables, self.remote, self.scripts = [], [], [], [], 0
        self.root, self.handlers = {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [name for name in attrs if name.startswith("on")]
        if tag == "html":
            self.root = attrs
        elif tag == "a":
            self.links.append(attrs.get("href", ""))
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "table":
            self.tables.append(attrs)
        elif tag == "script":
            self.scripts += 1
        elif tag in ("link", "iframe", "object", "embed", "video", "audio"):
            self.remote.append(tag)


def parts_of(html):
    parser = Parts()
    parser.feed(html)
    return parser


@pytest.fixture
def mail_site(settings, site, smtp_inbox):
    """The site at the live server's address, sending to a real SMTP server on loopback."""
    settings.SITE_URL = site.url
    settings.DEFAULT_FROM_EMAIL = "BreakingEven <newsletter@breakingeven.news>"
    settings.MANAGERS = ["editor@breakingeven.news"]
    return smtp_inbox


def with_hero(article, seed=0):
    article.hero_alt = f"Hills at dusk, for {article.title[:40]}"
    article.hero_image.save(
        f"hero-{article.pk}.jpg", ContentFile(photo_jpeg(width=1600, height=1000, seed=seed))
    )
    return article


def flows(inbox, site_url):
    """Each kind of email the site sends, by a reader's or an editor's own steps."""
    client = Client()
    client.post(reverse("newsletter:signup"), {"email": "reader@example.net"})
    [confirmation] = inbox.to("reader@example.net")
    confirm_url = re.search(r"https?://\S+/newsletter/confirm/\S+/", text(confirmation))[0]
    client.post(confirm_url.removeprefix(site_url))
    [_, welcome] = inbox.to("reader@example.net")

    articles = [with_hero(make_article(title=f"Pay rates, part {n}"), n) for n in range(9)]
    articles.append(make_article(title="A field note without a picture"))
    issue = Issue.objects.create(
        subject="Ten new articles this month",
        body_markdown="Hello readers.\n\n## What changed\n\nSee [the latest](/) today.",
    )
    issue.articles.set(articles)
    newsletter_services.issue_send(issue=issue)
    [issue_copy] = [m for m in inbox.to("reader@example.net") if "Ten new" in m["Subject"]]

    article = make_article(title="Dashboards")
    parent = make_comment(article, email="pam@example.net", notify_on_reply=True)
    reply = make_comment(parent=parent, status="pending", body="Same here, **twice**.")
    comment_services.comments_moderate(comments=[reply], status=Comment.Status.APPROVED)
    [reply_notice] = inbox.to("pam@example.net")

    client.post(
        reverse("comments:post", args=[article.slug]),
        comment_form_data(email="new.voice@example.net", body="First time here."),
    )
    [moderation] = inbox.to("editor@breakingeven.news")
    return {
        "confirmation": confirmation,
        "welcome": welcome,
        "issue": issue_copy,
        "reply": reply_notice,
        "moderation": moderation,
    }


def text(message):
    return message.get_body(("plain",)).get_content()


def html(message):
    return message.get_body(("html",)).get_content()


def open_email(new_page, html_part, width, *, dark=False):
    page = new_page(width=width, bypass_csp=True, javascript=True)
    if dark:
        page.emulate_media(color_scheme="dark")
    page.set_content(html_part, wait_until="load")
    return page


def test_every_email_is_designed_accessible_and_fits_a_phone(mail_site, new_page, settings):
    """Confirmation, welcome, issue, reply and moderation notice: each has a written text part
    with every link of its HTML part, absolute links, pictures with alt text and size, nothing
    remote or scripted, under 100 KB, and at 375 and 600 px no sideways scroll and no axe
    violation, in light and dark mode."""
    messages = flows(mail_site, settings.SITE_URL)
    assert Subscriber.objects.get(email="reader@example.net").status == "confirmed"
    for name, message in messages.items():
        assert "BreakingEven" in message["From"] and "@breakingeven.news>" in message["From"]
        assert message["Message-ID"].endswith("@breakingeven.news>"), name
        part = html(message)
        assert len(part.encode()) < HTML_LIMIT, (name, len(part.encode()))
        found = parts_of(part)
        assert found.root.get("lang") == "en" and found.root.get("dir") == "ltr", name
        assert (found.scripts, found.remote, found.handlers) == (0, [], []), name
        assert found.tables and all(t.get("role") == "presentation" for t in found.tables), name
        assert found.links, name
        for link in found.links:
            assert link.startswith(settings.SITE_URL + "/"), (name, link)
            assert link in text(message), (name, link)  # the plain text has every link
        for image in found.images:
            assert image.get("alt") and image.get("width") and image.get("height"), (name, image)
            assert image["src"].startswith(settings.SITE_URL + "/"), (name, image)
        assert "<style" in part and 'style="' in part  # inlined, @media kept for who reads it

        for width in WIDTHS:
            for dark in (False, True):
                page = open_email(new_page, part, width, dark=dark)
                assert page.title(), name
                assert_no_horizontal_scroll(page)
                assert axe_violations(page) == [], (name, width, dark)
                save_screenshot(page, f"emails/{name}-{width}{'-dark' if dark else ''}")
                page.context.close()

    issue = messages["issue"]
    page = open_email(new_page, html(issue), 375)
    # Nine heroes from the site, each at the 800 px rendition, the tenth article without one.
    heroes = page.locator("img.card-hero")
    assert heroes.count() == 9
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    assert all(src.endswith("-800w.jpg") for src in heroes.evaluate_all("i => i.map(x => x.src)"))
    assert page.get_by_role("link", name="Read the rest: Pay rates, part 3").count() == 1
    unsubscribe = issue["List-Unsubscribe"].strip("<>")
    assert page.get_by_role("link", name="Unsubscribe from the newsletter").get_attribute(
        "href"
    ) == (unsubscribe)


def test_an_issue_with_hostile_titles_holds_its_layout_on_a_phone(mail_site, new_page):
    """A 200-character title, a 300-character word, markup in a title, a missing hero: all is
    escaped, nothing overflows at 375 px, and axe still finds nothing."""
    subscriber = Subscriber.objects.create(
        email="reader@example.net", status="confirmed", confirmed_at="2026-01-01T00:00Z"
    )
    articles = [
        with_hero(make_article(title="Long " * 39 + "end", dek=LONG_WORD)),
        make_article(title=LONG_WORD[:200], dek="No picture at all."),
        with_hero(make_article(title='<img src=x onerror=alert(1)> & <b>"bold"</b>'), 2),
    ]
    issue = Issue.objects.create(
        subject="<script>alert(1)</script> " + LONG_WORD[:150],
        body_markdown=f"{LONG_WORD}\n\n<iframe src=//evil.example></iframe>",
    )
    issue.articles.set(articles)
    newsletter_services.issue_send(issue=issue)
    [message] = mail_site.to(subscriber.email)
    part = html(message)
    found = parts_of(part)
    assert (found.scripts, found.remote, found.handlers) == (0, [], [])
    assert len(found.images) == 2  # the two heroes; the markup in a title stays text
    assert len(part.encode()) < HTML_LIMIT
    page = open_email(new_page, part, 375)
    save_screenshot(page, "emails/issue-hostile-375")
    assert page.get_by_text('<img src=x onerror=alert(1)> & <b>"bold"</b>').count() >= 1
    assert_no_horizontal_scroll(page)
    assert axe_violations(page) == []


def test_the_editor_previews_an_issue_as_sent_at_both_widths(live_server, page, settings):
    """The issue's preview frames the email at 600 and 375 px: styled, pictures loaded, no
    script, and nothing the site's policy blocks (the browser would log it)."""
    settings.SITE_URL = live_server.url
    User.objects.create_superuser("editor", "editor@breakingeven.news", "editor-password")
    article = with_hero(make_article(title="Pay rates in spring"))
    issue = Issue.objects.create(subject="Spring issue", body_markdown="Hello **readers**.")
    issue.articles.set([article])
    page.goto(reverse("admin:newsletter_issue_preview", args=[issue.pk]))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("editor-password")
    page.get_by_role("button", name="Log in").click()
    frames = page.locator("iframe")
    assert frames.count() == 2
    for index, width in enumerate((600, 375)):
        assert frames.nth(index).bounding_box()["width"] == pytest.approx(width + 2)  # border
        frame = page.frame_locator("iframe").nth(index)
        expect(frame.get_by_role("heading", level=1)).to_have_text("Spring issue")
        expect(frame.locator("strong", has_text="readers")).to_be_visible()
        hero = frame.get_by_alt_text("Hills at dusk, for Pay rates in spring")
        expect(hero).to_be_visible()
        assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
        button = frame.get_by_role("link", name="Read the rest: Pay rates in spring")
        assert button.evaluate("a => getComputedStyle(a).backgroundColor") == "rgb(11, 93, 75)"
    save_screenshot(page, "emails/admin-preview")


def test_a_reader_deletes_their_data_from_the_link_in_an_email(mail_site, new_page, settings):
    """From the welcome email's link: the unsubscribe page offers the data, the delete page
    asks first, and its button erases the address. Each page passes axe on a phone."""
    subscriber = Subscriber.objects.create(email="leaving@example.net", status="pending")
    Client().post(reverse("newsletter:confirm", args=[newsletter_tokens.confirm_token(subscriber)]))
    [welcome] = mail_site.to("leaving@example.net")
    link = re.search(r"https?://\S+/newsletter/unsubscribe/\S+/", text(welcome))[0]

    page = new_page(width=375, bypass_csp=True)
    page.goto(link)
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data").click()
    assert '"email": "leaving@example.net"' in Path(download.value.path()).read_text()
    page.get_by_role("link", name="Delete your data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your data?")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Delete my data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data is deleted")
    assert Subscriber.objects.get(pk=subscriber.pk).is_erased
