import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from newsletter.emails import IssueContent
from newsletter.models import Delivery, Issue, Subscriber, Suppression
from tests.factories import make_article

from .helpers import make_issue, make_subscriber

pytestmark = pytest.mark.django_db

SUBSCRIBERS = reverse("admin:newsletter_subscriber_changelist")
IMPORT = reverse("admin:newsletter_subscriber_import")
ISSUES = reverse("admin:newsletter_issue_changelist")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run a request, then what it queued on commit (background tasks run at once in tests)."""

    def run(request, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(*args, **kwargs)

    return run


def upload(admin_client, text, name="list.csv"):
    file = SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text)
    return admin_client.post(IMPORT, {"file": file})


# Subscribers


def test_subscriber_list_shows_status_dates_and_page(admin_client):
    """The list shows each subscriber's status, dates and signup page."""
    make_subscriber("fan@example.com", signup_page="/articles/pay-rates/")
    body = admin_client.get(SUBSCRIBERS).content.decode()
    for text in ("fan@example.com", "Confirmed", "/articles/pay-rates/", "Signed up on"):
        assert text in body
    assert body.count(date_format(timezone.localdate(), "j M Y")) == 2  # signed up, confirmed


def test_subscriber_list_filters_by_status_and_searches(admin_client):
    """Filtering by status and searching by address narrow the list."""
    make_subscriber("kept@example.com")
    make_subscriber("waiting@example.com", status=Subscriber.Status.PENDING)
    body = admin_client.get(SUBSCRIBERS, {"status__exact": "pending"}).content.decode()
    assert "waiting@example.com" in body and "kept@example.com" not in body
    body = admin_client.get(SUBSCRIBERS, {"q": "kept"}).content.decode()
    assert "kept@example.com" in body and "waiting@example.com" not in body


def test_subscribers_cannot_be_added_by_hand(admin_client):
    """People join by confirming or by import; the list offers the import, not an Add form."""
    body = admin_client.get(SUBSCRIBERS).content.decode()
    assert IMPORT in body
    assert admin_client.get(reverse("admin:newsletter_subscriber_add")).status_code == 403


def test_export_selected_subscribers_as_csv(admin_client):
    """The export action downloads the chosen subscribers as CSV, safe to open in a spreadsheet."""
    chosen = make_subscriber("=cmd@example.com", signup_page="/")
    make_subscriber("other@example.com")
    response = admin_client.post(
        SUBSCRIBERS, {"action": "export_csv", ACTION_CHECKBOX_NAME: [chosen.pk]}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "email", "status", "created_at", "confirmed_at", "unsubscribed_at", "signup_page",
        "suppressed", "suppressed_at",
    ]  # fmt: skip
    assert len(rows) == 2
    assert rows[1][:2] == ["'=cmd@example.com", "confirmed"] and rows[1][5] == "/"
    assert rows[1][6:] == ["", ""]


def export_all(admin_client):
    everyone = list(Subscriber.objects.values_list("pk", flat=True))
    response = admin_client.post(
        SUBSCRIBERS, {"action": "export_csv", ACTION_CHECKBOX_NAME: everyone}
    )
    return b"".join(response.streaming_content).decode()


def suppress(address, reason=Suppression.Reason.HARD_BOUNCE, **fields):
    return Suppression.objects.create(
        email=address.lower(), reason=reason, provider="postmark", **fields
    )


def test_export_and_import_carry_the_suppression_state(admin_client):
    """An export names each address's active suppression; importing that file elsewhere
    brings the address in suppressed, so it gets no mail there either."""
    make_subscriber("Bounced@example.com")
    make_subscriber("complained@example.com")
    make_subscriber("lifted@example.com")
    make_subscriber("fine@example.com")
    suppress("bounced@example.com")
    suppress("complained@example.com", Suppression.Reason.COMPLAINT)
    suppress("lifted@example.com", lifted_at=timezone.now(), lift_note="Asked us to")
    exported = export_all(admin_client)
    rows = {row["email"]: row for row in csv.DictReader(io.StringIO(exported))}
    assert rows["Bounced@example.com"]["suppressed"] == "hard_bounce"
    assert rows["Bounced@example.com"]["suppressed_at"]
    assert rows["complained@example.com"]["suppressed"] == "complaint"
    assert rows["lifted@example.com"]["suppressed"] == rows["fine@example.com"]["suppressed"] == ""

    Subscriber.objects.all().delete()
    Suppression.objects.filter(lifted_at__isnull=True).delete()  # another site: none of them
    body = upload(admin_client, exported).content.decode()

    assert Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count() == 4
    assert Subscriber.objects.confirmed().count() == 2  # the ones that get mail
    carried = dict(Suppression.objects.active().values_list("email", "reason"))
    assert carried == {"bounced@example.com": "hard_bounce", "complained@example.com": "complaint"}
    assert set(Suppression.objects.active().values_list("provider", flat=True)) == {"import"}
    assert "<strong>2</strong> addresses suppressed" in body


def test_an_exported_address_that_looks_like_a_formula_imports_as_itself(admin_client):
    """Addresses starting with = + - or a quote survive an export and an import unchanged."""
    addresses = {
        "=cmd@example.com", "+tag@example.com", "-dash@example.com", "'quote@example.com",
        "'=both@example.com", "plain@example.com",
    }  # fmt: skip
    for address in addresses:
        make_subscriber(address)
    exported = export_all(admin_client)
    cells = {row["email"] for row in csv.DictReader(io.StringIO(exported))}
    assert not any(cell[:1] in "=+-@" for cell in cells)

    Subscriber.objects.all().delete()
    upload(admin_client, exported)
    assert set(Subscriber.objects.values_list("email", flat=True)) == addresses


def test_import_leaves_out_an_address_suppressed_here(admin_client):
    suppress("gone@example.com")
    body = upload(admin_client, "email\nGone@example.com\nnew@example.com\n").content.decode()
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["new@example.com"]
    assert "suppressed here (hard bounce): lift it first" in body


def test_import_refuses_an_unknown_suppression_reason(admin_client):
    body = upload(admin_client, "email,suppressed\na@example.com,maybe\n").content.decode()
    assert not Subscriber.objects.exists()
    assert "unknown suppression reason &#x27;maybe&#x27;" in body


def test_a_dry_run_reports_what_an_import_would_change_and_changes_nothing(admin_client):
    """The dry run counts the would-be additions, confirmations, suppressions and skipped rows;
    the database is as it was."""
    make_subscriber("waiting@example.com", status=Subscriber.Status.PENDING)
    make_subscriber("left@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    text = (
        "email,suppressed\n"
        "new@example.com,\n"
        "waiting@example.com,\n"
        "left@example.com,\n"
        "bounced@example.com,hard_bounce\n"
        "not an address,\n"
    )
    file = SimpleUploadedFile("list.csv", text.encode())
    body = admin_client.post(IMPORT, {"file": file, "dry_run": "on"}).content.decode()

    assert "Dry run: nothing was changed" in body
    assert "would add <strong>2</strong> confirmed subscribers" in body
    assert "confirm <strong>1</strong> pending signup" in body
    assert "keep <strong>1</strong> address suppressed" in body
    assert "skip <strong>2</strong> rows" in body
    assert Subscriber.objects.count() == 2 and not Suppression.objects.exists()
    assert Subscriber.objects.get(email="waiting@example.com").status == "pending"


def test_unsubscribe_action(admin_client):
    """The editor can unsubscribe someone who asks by other means."""
    subscriber = make_subscriber()
    admin_client.post(SUBSCRIBERS, {"action": "unsubscribe", ACTION_CHECKBOX_NAME: [subscriber.pk]})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_import_page_shows_an_upload_form(admin_client):
    """The import page has a file upload form."""
    body = admin_client.get(IMPORT).content.decode()
    assert 'type="file"' in body and 'enctype="multipart/form-data"' in body


def test_import_adds_confirmed_subscribers_and_reports_skipped_rows(admin_client, mailoutbox):
    """New addresses become confirmed; every skipped row is listed with its reason."""
    make_subscriber("already@example.com")
    make_subscriber("left@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    waiting = make_subscriber("waiting@example.com", status=Subscriber.Status.PENDING)
    text = (
        "name,Email\n"
        "Ana,ana@example.com\n"
        "Bo,Bo@Bücher.example\n"
        "Cy,not-an-address\n"
        "Ana again,ANA@example.com\n"
        "Dee,already@example.com\n"
        "Eve,left@example.com\n"
        "Fay,waiting@example.com\n"
        "\n"
    )
    response = upload(admin_client, text, name="old-list.csv")

    assert response.status_code == 200
    body = response.content.decode()
    imported = Subscriber.objects.filter(email__in=["ana@example.com", "Bo@xn--bcher-kva.example"])
    assert {s.status for s in imported} == {Subscriber.Status.CONFIRMED}
    assert imported.count() == 2
    assert imported.first().signup_page == "imported from old-list.csv"
    waiting.refresh_from_db()
    assert waiting.status == Subscriber.Status.CONFIRMED
    assert Subscriber.objects.get(email="left@example.com").status == "unsubscribed"
    assert "<strong>2</strong> new confirmed subscribers added" in body
    assert "<strong>1</strong> pending signup confirmed" in body
    assert "<strong>4</strong> rows skipped" in body
    for line, reason in [
        (4, "not a valid email address"),
        (5, "duplicate: appears earlier in the file"),
        (6, "duplicate: already subscribed"),
        (7, "unsubscribed earlier: only they can subscribe again"),
    ]:
        assert f"<td>{line}</td>" in body and reason in body
    assert mailoutbox == []


def test_import_without_a_header_reads_the_first_column(admin_client):
    """A plain list of addresses, no header, imports every line."""
    upload(admin_client, "one@example.com\ntwo@example.com\n")
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "one@example.com", "two@example.com"
    }  # fmt: skip


def test_import_skips_an_address_too_long_to_store(admin_client):
    """An address over 254 characters is reported as skipped; the rest of the file imports."""
    too_long = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".com"
    response = upload(admin_client, f"email\n{too_long}\nok@example.com\n")
    assert response.status_code == 200
    assert response.context["report"].skipped == [(2, too_long, "not a valid email address")]
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["ok@example.com"]


def test_import_refuses_a_file_that_is_not_utf8_text(admin_client):
    """A spreadsheet file or another encoding gets a clear error, and nothing is imported."""
    response = upload(admin_client, b"\xff\xfe\x00binary", name="list.xlsx")
    assert response.status_code == 400
    assert "not UTF-8 text" in response.content.decode()
    assert Subscriber.objects.count() == 0


# Issues


def test_issue_needs_a_body_or_articles(admin_client):
    """An issue with neither a body nor articles is refused with a clear message."""
    response = admin_client.post(
        reverse("admin:newsletter_issue_add"), {"subject": "Empty", "body_markdown": ""}
    )
    assert response.status_code == 200
    assert "Write a body, choose articles to announce, or both." in response.content.decode()
    assert Issue.objects.count() == 0


def test_issue_nested_too_deeply_is_refused_with_a_message(admin_client):
    """A body the renderer cannot follow is sent back to the editor, not answered with a 500."""
    from tests.test_markup import TOO_DEEP

    response = admin_client.post(
        reverse("admin:newsletter_issue_add"),
        {"subject": "Deep", "body_markdown": TOO_DEEP[1], "article_text": "excerpt"},
    )
    assert response.status_code == 200
    assert "nests lists, quotes or emphasis too deeply" in response.content.decode()
    assert Issue.objects.count() == 0


def test_issue_body_is_saved_as_typed(admin_client):
    """Leading spaces are kept: an indented opening stays a code block in the email."""
    body = "    $ pip install tallyline\n\nThen sign in."
    response = admin_client.post(
        reverse("admin:newsletter_issue_add"),
        {"subject": "Setup", "body_markdown": body, "article_text": "excerpt"},
    )
    assert response.status_code == 302
    issue = Issue.objects.get()
    assert issue.body_markdown == body
    assert "<pre><code>$ pip install tallyline" in issue.body_html


def test_issue_body_over_the_length_limit_is_refused_with_a_message(admin_client):
    """Issues share articles' limit: a body too long to render quickly is sent back."""
    response = admin_client.post(
        reverse("admin:newsletter_issue_add"),
        {"subject": "Long", "body_markdown": "x" * 100_001, "article_text": "excerpt"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body_markdown"]
    assert errors == [
        "This text is too long to publish: it has 100001 characters, and the limit is 100000 "
        "(about 15,000 words). Split it into parts."
    ]
    assert Issue.objects.count() == 0


def test_issue_naming_an_unknown_platform_is_refused_with_a_message(admin_client):
    """As in articles, a `[[pay]]` line naming no platform is sent back, not mailed to all."""
    response = admin_client.post(
        reverse("admin:newsletter_issue_add"),
        {
            "subject": "Pay",
            "body_markdown": "This week:\n\n[[pay platform=tallylin]]",
            "article_text": "excerpt",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body_markdown"]
    assert errors == ['[[pay]] names no known platform: "tallylin".']
    assert Issue.objects.count() == 0


def test_issue_can_announce_articles_without_a_body(admin_client):
    """Choosing articles is enough to make an issue."""
    article = make_article()
    response = admin_client.post(
        reverse("admin:newsletter_issue_add"),
        {
            "subject": "New this week",
            "body_markdown": "",
            "articles": [article.pk],
            "article_text": "excerpt",
        },
    )
    assert response.status_code == 302
    assert list(Issue.objects.get().articles.all()) == [article]


def test_article_picker_offers_only_published_articles(admin_client):
    """The autocomplete for 'announce these articles' lists published articles only."""
    make_article(title="Out now")
    make_article(title="Still a draft", published=False)
    make_article(title="Scheduled", days_ago=-3)
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "newsletter", "model_name": "issue", "field_name": "articles", "term": ""},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Out now"]


def test_preview_shows_both_versions_and_the_send_buttons(admin_client):
    """The preview renders the email as readers get it, with the test and send buttons."""
    article = make_article(title="Pay rates in 2025")
    issue = make_issue(subject="Our news", body_markdown="Some **news**.", articles=[article])
    make_subscriber()
    make_subscriber()
    response = admin_client.get(reverse("admin:newsletter_issue_preview", args=[issue.pk]))
    body = response.content.decode()
    frame_url = reverse("admin:newsletter_issue_preview_email", args=[issue.pk])
    for width in (600, 375):
        assert f'<iframe src="{frame_url}" width="{width}"' in body
    assert "frame-src 'self'" in response["Content-Security-Policy"]
    assert "Plain-text version" in body and "Some **news**." in body
    assert "Send a test to me</button>" in body and "admin@example.com" in body
    assert "Send to all 2 confirmed subscribers" in body

    frame = admin_client.get(frame_url)
    html = frame.content.decode()
    assert "<strong>news</strong>" in html and "Pay rates in 2025" in html
    # What a test copy carries, byte for byte, but for links opening outside the frame.
    [sent] = IssueContent(issue).test_message("editor@breakingeven.test").alternatives
    assert html.replace('<base target="_blank">', "", 1) == sent.content
    assert frame["X-Frame-Options"] == "SAMEORIGIN"
    policy = frame["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "sandbox" in policy
    assert "script-src" not in policy and "default-src 'none'" in policy


def test_preview_frame_is_for_staff_only(client):
    """The email's frame is part of the admin: anyone else is sent to sign in."""
    issue = make_issue(subject="Draft news")
    response = client.get(reverse("admin:newsletter_issue_preview_email", args=[issue.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_preview_escapes_markup_in_the_plain_text_version(admin_client):
    """Markup in an issue's body or an announced title shows as text in the preview."""
    article = make_article(title='<meta http-equiv="refresh" content="0;url=//evil.example">')
    issue = make_issue(body_markdown="<script>alert(1)</script>", articles=[article])
    body = admin_client.get(reverse("admin:newsletter_issue_preview", args=[issue.pk])).content
    plain = body.decode().split("Plain-text version")[1]
    assert "<script>" not in plain and "<meta" not in plain
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in plain


def test_issue_subject_with_a_line_break_is_refused(admin_client):
    """A subject with CR or LF is refused at the form, before any delivery can fail."""
    response = admin_client.post(
        reverse("admin:newsletter_issue_add"),
        {"subject": "Hello\r\nBcc: everyone@example.com", "body_markdown": "Hi."},
    )
    assert response.status_code == 200
    assert "Keep the subject on one line." in response.content.decode()
    assert Issue.objects.count() == 0


def test_send_a_test_to_me(admin_client, on_commit, mailoutbox):
    """The editor gets a [Test] copy at their own address; no subscriber gets anything."""
    make_subscriber()
    issue = make_issue(subject="Our news")
    response = on_commit(
        admin_client.post, reverse("admin:newsletter_issue_send_test", args=[issue.pk])
    )
    assert response.status_code == 302
    [email] = mailoutbox
    assert email.to == ["admin@example.com"] and email.subject == "[Test] Our news"
    assert Issue.objects.get().status == Issue.Status.DRAFT


def test_send_a_test_without_an_address_explains(admin_client, admin_user, mailoutbox):
    """An editor account without an email address is told to add one."""
    admin_user.email = ""
    admin_user.save()
    issue = make_issue()
    response = admin_client.post(
        reverse("admin:newsletter_issue_send_test", args=[issue.pk]), follow=True
    )
    assert "Your account has no email address" in response.content.decode()
    assert mailoutbox == []


def test_sending_to_everyone_asks_first(admin_client):
    """The send link leads to a confirmation page; nothing is sent by opening it."""
    make_subscriber()
    issue = make_issue(subject="Our news")
    response = admin_client.get(reverse("admin:newsletter_issue_send", args=[issue.pk]))
    body = response.content.decode()
    assert "Send <strong>Our news</strong> to all <strong>1</strong> confirmed subscribers?" in body
    assert Delivery.objects.count() == 0
    assert Issue.objects.get().status == Issue.Status.DRAFT


def test_confirming_sends_in_the_background_and_shows_progress(admin_client, on_commit, mailoutbox):
    """After confirming, every confirmed subscriber gets the issue and the page shows progress."""
    subscribers = [make_subscriber() for _ in range(3)]
    make_subscriber(status=Subscriber.Status.PENDING)
    issue = make_issue()
    response = on_commit(admin_client.post, reverse("admin:newsletter_issue_send", args=[issue.pk]))
    change_url = reverse("admin:newsletter_issue_change", args=[issue.pk])
    assert response.status_code == 302 and response["Location"] == change_url
    assert sorted(m.to[0] for m in mailoutbox) == sorted(s.email for s in subscribers)

    body = admin_client.get(change_url).content.decode()
    assert '<progress id="newsletter-progress' in body and 'max="3" value="3"' in body
    assert "<strong>3</strong> sent" in body and "<strong>0</strong> failed" in body
    assert "js/newsletter-progress.js" in body


def test_an_issue_address_with_a_superscript_digit_is_not_found(admin_client):
    """An issue's address with "²" for its id says no such issue, like any unknown id."""
    make_issue(status=Issue.Status.SENT)
    response = admin_client.get(reverse("admin:newsletter_issue_change", args=["²"]), follow=True)
    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert "doesn’t exist" in response.content.decode()


def test_progress_of_a_sending_issue_alone(admin_client):
    """The progress URL returns just the progress fragment, for the page to refresh itself."""
    issue = make_issue(status=Issue.Status.SENDING)
    for status in ("sent", "failed", "waiting", "waiting"):
        Delivery.objects.create(issue=issue, subscriber=make_subscriber(), status=status)
    response = admin_client.get(reverse("admin:newsletter_issue_progress", args=[issue.pk]))
    body = response.content.decode()
    assert "<html" not in body and 'data-status="sending"' in body
    assert 'max="4" value="2"' in body
    assert "<strong>1</strong> sent" in body and "<strong>1</strong> failed" in body
    assert "<strong>2</strong> waiting" in body
    assert reverse("admin:newsletter_delivery_changelist") in body  # link to the failures


def test_a_sent_issue_cannot_be_edited_or_sent_again(admin_client, on_commit):
    """Once sent, the issue's fields are read-only and the send page refuses."""
    make_subscriber()
    issue = make_issue(subject="Done")
    on_commit(admin_client.post, reverse("admin:newsletter_issue_send", args=[issue.pk]))
    change = admin_client.get(reverse("admin:newsletter_issue_change", args=[issue.pk]))
    assert 'name="subject"' not in change.content.decode()
    response = on_commit(
        admin_client.post, reverse("admin:newsletter_issue_send", args=[issue.pk]), follow=True
    )
    assert "already been sent" in response.content.decode()
    assert Delivery.objects.count() == 1


def test_saving_a_sent_issue_keeps_it_as_sent_without_a_false_error(admin_client, on_commit):
    """A sent issue's Save button saves nothing, with no "write a body" error on its body."""
    make_subscriber()
    issue = make_issue(subject="Done")
    on_commit(admin_client.post, reverse("admin:newsletter_issue_send", args=[issue.pk]))
    change = reverse("admin:newsletter_issue_change", args=[issue.pk])
    assert 'name="article_text"' not in admin_client.get(change).content.decode()
    response = admin_client.post(change, {"article_text": "full"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.article_text == "excerpt"


def test_retry_failed_deliveries_action(admin_client, on_commit, mailoutbox):
    """The retry action sends failed deliveries again, once each."""
    issue = make_issue(status=Issue.Status.SENT)
    failed = Delivery.objects.create(
        issue=issue, subscriber=make_subscriber(), status="failed", error="550 no such user"
    )
    Delivery.objects.create(issue=issue, subscriber=make_subscriber(), status="sent")
    on_commit(
        admin_client.post, ISSUES, {"action": "retry_failed", ACTION_CHECKBOX_NAME: [issue.pk]}
    )
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.SENT
    assert [m.to for m in mailoutbox] == [[failed.subscriber.email]]


def test_failed_deliveries_list_with_reasons_and_retry(admin_client, on_commit, mailoutbox):
    """Failures are listed per recipient with the server's answer, and can be retried there."""
    issue = make_issue(status=Issue.Status.SENT)
    failed = Delivery.objects.create(
        issue=issue, subscriber=make_subscriber(), status="failed", error="550 no such user"
    )
    url = reverse("admin:newsletter_delivery_changelist")
    body = admin_client.get(url, {"status__exact": "failed"}).content.decode()
    assert failed.subscriber.email in body and "550 no such user" in body
    on_commit(admin_client.post, url, {"action": "retry", ACTION_CHECKBOX_NAME: [failed.pk]})
    assert len(mailoutbox) == 1


def test_resume_sending_action(admin_client, on_commit, mailoutbox):
    """Resuming an issue whose worker stopped sends what was still waiting."""
    issue = make_issue(status=Issue.Status.SENDING)
    Delivery.objects.create(issue=issue, subscriber=make_subscriber())
    on_commit(
        admin_client.post, ISSUES, {"action": "resume_sending", ACTION_CHECKBOX_NAME: [issue.pk]}
    )
    assert len(mailoutbox) == 1
    assert Issue.objects.get().status == Issue.Status.SENT


def test_issue_list_shows_each_issues_progress(admin_client):
    """The list of issues shows sent, failed and waiting counts for each sent issue."""
    issue = make_issue(subject="Half way", status=Issue.Status.SENDING)
    for status in ("sent", "sent", "failed", "sending"):
        Delivery.objects.create(issue=issue, subscriber=make_subscriber(), status=status)
    make_issue(subject="Still a draft")
    body = admin_client.get(ISSUES).content.decode()
    assert "2 sent · 1 failed · 1 waiting" in body
    assert "Not sent" in body


def test_a_file_of_100000_addresses_is_imported_whole(admin_client):
    """A large list goes in with one report; with a bad row among them, the rest still go in
    and the bad row is named."""
    lines = [f"reader{number:06}@example.com" for number in range(100_000)]
    lines[54_321] = '=HYPERLINK("http://evil.example")'
    response = upload(admin_client, "email\n" + "\n".join(lines) + "\n")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<strong>99999</strong> new confirmed subscribers added." in body
    assert "<td>54323</td>" in body and "not a valid email address" in body
    assert Subscriber.objects.count() == 99_999


def test_an_issue_too_long_for_gmail_is_refused_with_the_way_out(admin_client):
    """Ten long articles in full make an email over 100 KB: the form says so and saves
    nothing; as excerpts the same issue saves."""
    long_body = "\n\n".join(f"Paragraph {n}: " + "pay and queues " * 80 for n in range(12))
    articles = [make_article(body_markdown=long_body) for _ in range(10)]
    data = {
        "subject": "Everything in full",
        "body_markdown": "",
        "articles": [a.pk for a in articles],
        "article_text": "full",
    }
    response = admin_client.post(reverse("admin:newsletter_issue_add"), data)
    assert response.status_code == 200
    assert "Gmail cuts off emails over 100 KB" in response.content.decode()
    assert not Issue.objects.exists()

    data["article_text"] = "excerpt"
    response = admin_client.post(reverse("admin:newsletter_issue_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Issue.objects.get().article_text == "excerpt"
