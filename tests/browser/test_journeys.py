"""Whole journeys of readers, visitors and the editor through the live site, in a real browser."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article, Vote
from comments.models import Comment
from newsletter.models import Subscriber
from tests.factories import make_article, make_author, make_comment, make_tag


@pytest.fixture
def quick_comment_forms(monkeypatch):
    """Let a comment form be sent at once: the form refuses anything under three seconds, and a
    person takes longer to type than this test does."""
    monkeypatch.setattr("breakingeven.forms.MIN_FORM_SECONDS", 0)


@pytest.fixture
def editor(settings):
    """A staff user who writes as an author; fast password hashing, since it guards nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = User.objects.create_superuser("editor", "editor@example.com", "editor-password")
    make_author(name="Ed Itor", slug="ed-itor", user=user)
    return user


def log_into_admin(page, path="/admin/"):
    page.goto(path)
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("editor-password")
    page.get_by_role("button", name="Log in").click()


def link_in(message, path_start):
    """The first link in the email's text part whose path starts with `path_start`."""
    text = message.get_body(("plain",)).get_content()
    return re.search(rf"https?://[^\s/]+({re.escape(path_start)}\S+)", text).group(1)


def test_reader_votes_yes_then_changes_to_no_with_a_note(live_server, page):
    """From the home page a reader answers Yes in place, then No with a note: one vote remains."""
    article = make_article(title="Rates for rubric reviewers")
    page.goto("/")
    page.get_by_role("link", name="Rates for rubric reviewers").click()
    # Until the article has loaded, its deferred script is not answering the buttons yet.
    page.wait_for_url(f"**{article.get_absolute_url()}")
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    page.get_by_role("button", name="Yes", exact=True).click()
    status = page.locator("#helpful").get_by_role("status")
    expect(status).to_have_text("Thanks for letting us know it helped.")
    page.get_by_role("button", name="No", exact=True).click()
    page.get_by_label("What was missing?").fill("Rates outside the US.")
    page.get_by_role("button", name="Send with No").click()
    expect(status).to_have_text("Thanks. Your note goes straight to the editors.")

    assert navigations == []  # every answer was sent in place
    vote = Vote.objects.get()
    assert (vote.article, vote.helpful, vote.note) == (article, False, "Rates outside the US.")


def test_comment_is_corrected_moderated_approved_and_answered(
    live_server, new_page, editor, settings, quick_comment_forms
):
    """A reader fixes a refused comment; the editor approves it; it shows; another replies."""
    settings.COMMENTS_AUTO_APPROVE_RETURNING = False
    article = make_article(title="Night shifts on the queue")
    reader = new_page()
    reader.goto(article.get_absolute_url())
    reader.get_by_label("Name").fill("Mina")
    # Browsers let "mina@example" through; the site asks for a full address.
    reader.get_by_label("Email", exact=True).fill("mina@example")
    reader.get_by_role("textbox", name="Comment").fill("Nights pay ten percent more for me.")
    reader.get_by_role("button", name="Post comment").click()

    email = reader.get_by_label("Email", exact=True)
    expect(email).to_have_attribute("aria-invalid", "true")
    error_id = email.get_attribute("aria-describedby").split()
    error = reader.locator(f"#{error_id[-1]}")
    expect(error).to_contain_text("Please enter a valid email address")
    expect(error).to_have_attribute("role", "alert")  # announced, even without JavaScript
    expect(email).to_be_focused()  # and comments.js puts the reader on the field to fix
    expect(reader.get_by_role("textbox", name="Comment")).to_have_value(
        "Nights pay ten percent more for me."
    )
    expect(reader.get_by_label("Name")).to_have_value("Mina")

    email.fill("mina@example.com")
    reader.get_by_role("button", name="Post comment").click()
    expect(reader.locator("#messages")).to_contain_text("awaiting moderation")
    expect(reader.get_by_text("Nights pay ten percent more for me.")).to_have_count(0)

    admin = new_page()
    log_into_admin(admin, "/admin/comments/comment/?status__exact=pending")
    row = admin.get_by_role("row").filter(has_text="Mina")
    row.get_by_role("checkbox").check()
    admin.get_by_label("Action:").select_option(label="Approve selected comments")
    admin.get_by_role("button", name="Run").or_(admin.get_by_role("button", name="Go")).click()
    expect(admin.locator(".messagelist")).to_contain_text("1 comment approved.")
    assert Comment.objects.get(name="Mina").status == Comment.Status.APPROVED

    other = new_page()
    other.goto(article.get_absolute_url())
    expect(
        other.locator("#comments").get_by_text("Nights pay ten percent more for me.")
    ).to_be_visible()
    other.get_by_role("link", name="Reply to Mina").click()
    other.get_by_label("Name").fill("Jon")
    other.get_by_label("Email", exact=True).fill("jon@example.com")
    other.get_by_role("textbox", name="Comment").fill("Same here since March.")
    other.get_by_role("button", name="Post comment").click()
    expect(other.locator("#messages")).to_contain_text("awaiting moderation")
    reply = Comment.objects.get(name="Jon")
    assert reply.parent == Comment.objects.get(name="Mina")


def test_visitor_signs_up_confirms_and_unsubscribes(live_server, page, smtp_inbox):
    """Sign up, confirm from the emailed link, then leave from the welcome email's link."""
    page.goto("/newsletter/")
    page.get_by_label("Email address").fill("ola@example.com")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox to confirm")

    [confirmation] = smtp_inbox.to("ola@example.com")
    page.goto(link_in(confirmation, "/newsletter/confirm/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your subscription")
    page.get_by_role("button", name="Confirm subscription").click()
    expect(page).to_have_url(re.compile(r"/newsletter/subscribed/$"))
    assert Subscriber.objects.get(email="ola@example.com").status == Subscriber.Status.CONFIRMED

    welcome = smtp_inbox.to("ola@example.com")[-1]
    assert welcome is not confirmation
    page.goto(link_in(welcome, "/newsletter/unsubscribe/"))
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("unsubscribed")
    assert Subscriber.objects.get(email="ola@example.com").status == Subscriber.Status.UNSUBSCRIBED


def choose_tag(page, name):
    page.locator(".field-tags .select2-selection").click()
    page.locator(".field-tags .select2-search__field").fill(name)
    page.get_by_role("option", name=name).click()


def test_editor_publishes_an_article_and_schedules_another(live_server, page, editor, tmp_path):
    """Written in Markdown with a hero image, previewed, published: home, feed and Read next show
    it; one scheduled for tomorrow shows nowhere yet."""
    tag = make_tag(name="Pay", slug="pay")
    older = make_article(title="Older piece on pay", tags=[tag])
    hero = tmp_path / "hero.png"
    Image.new("RGB", (1200, 600), (30, 90, 140)).save(hero)

    log_into_admin(page, "/admin/articles/article/add/")
    page.get_by_label("Title").fill("Invoices that get paid")
    page.get_by_label("Body").fill("## Send it on day one\n\nThe **first** invoice sets the tone.")
    page.locator("#id_hero_image").set_input_files(hero)
    page.get_by_label("Hero image alt text").fill("A blue rectangle standing in for a photo")
    choose_tag(page, "Pay")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    preview_url = page.get_by_role("link", name="View on site").get_attribute("href")
    preview = page.context.new_page()
    preview.goto(preview_url)
    expect(preview.get_by_role("heading", level=1)).to_have_text("Invoices that get paid")
    expect(preview.locator("strong", has_text="first")).to_be_visible()
    expect(preview.get_by_alt_text("A blue rectangle standing in for a photo")).to_be_visible()
    preview.close()

    page.get_by_label("Status").select_option(label="Published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.get_by_role("link", name="Add article").click()
    page.get_by_label("Title").fill("Tomorrow's rates")
    page.get_by_label("Body").fill("Not yet.")
    page.get_by_label("Status").select_option(label="Published")
    tomorrow = timezone.localtime() + timedelta(days=1)
    page.locator("#id_published_at_0").fill(tomorrow.strftime("%Y-%m-%d"))
    page.locator("#id_published_at_1").fill(tomorrow.strftime("%H:%M:%S"))
    choose_tag(page, "Pay")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    scheduled = Article.objects.get(title="Tomorrow's rates")
    assert scheduled.published_at > timezone.now()

    reader = page.context.browser.new_page(base_url=live_server.url)
    try:
        reader.goto("/")
        expect(reader.get_by_role("link", name="Invoices that get paid")).to_be_visible()
        expect(reader.get_by_text("Tomorrow's rates")).to_have_count(0)
        feed = reader.request.get("/feed/").text()
        assert "Invoices that get paid" in feed and "Tomorrow" not in feed
        reader.goto(older.get_absolute_url())
        read_next = reader.get_by_role("region", name="Read next")
        expect(read_next.get_by_role("link", name="Invoices that get paid")).to_be_visible()
        expect(read_next.get_by_text("Tomorrow's rates")).to_have_count(0)
        assert reader.goto(scheduled.get_absolute_url()).status == 404
    finally:
        reader.close()


def test_latest_threads_replace_the_loading_note(live_server, page):
    """ "What workers are talking about" swaps "Loading the latest threads…" for the threads."""
    make_comment(name="Noor Haddad", body="The queue came back on Tuesday.")
    page.goto("/")
    box = page.locator(".threads-box")
    expect(box.get_by_text("Noor Haddad")).to_be_visible()
    expect(box).not_to_contain_text("Loading the latest threads")
    expect(box).to_contain_text("The queue came back on Tuesday.")


def test_without_javascript_voting_commenting_and_signing_up_work(
    live_server, new_page, smtp_inbox, settings, quick_comment_forms
):
    """Plain form posts: each answer redirects back with a message saying what happened."""
    settings.COMMENTS_AUTO_APPROVE_RETURNING = False
    article = make_article(title="Without scripts")
    page = new_page(javascript=False)
    page.goto(article.get_absolute_url())

    page.get_by_label("What was missing?").fill("A worked example.")
    page.get_by_role("button", name="Send with No").click()
    expect(page).to_have_url(re.compile(r"#helpful$"))
    expect(page.locator("#messages")).to_contain_text("Your note goes straight to the editors")
    vote = Vote.objects.get()
    assert (vote.helpful, vote.note) == (False, "A worked example.")

    page.get_by_label("Name").fill("Kai")
    page.get_by_label("Email", exact=True).fill("kai@example.com")
    page.get_by_role("textbox", name="Comment").fill("Works fine without scripts.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#messages")).to_contain_text("awaiting moderation")
    assert Comment.objects.get(name="Kai").status == Comment.Status.PENDING

    page.get_by_label("Email address").fill("kai@example.com")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox to confirm")
    assert Subscriber.objects.get(email="kai@example.com").status == Subscriber.Status.PENDING
    assert len(smtp_inbox.to("kai@example.com")) == 1
