from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from platforms import services
from platforms.models import CurrencyRate, PayReport, Platform, TierChange
from tests.factories import make_article, make_pay_reports, make_platform
from tests.newsletter.helpers import make_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw-for-tests")
    client.force_login(editor)
    return client


def test_editor_approves_reports_in_bulk(editor_client):
    """The list's action approves every selected report and says how many."""
    reports = make_pay_reports(3, status="pending")
    response = editor_client.post(
        reverse("admin:platforms_payreport_changelist"),
        {"action": "mark_approved", "_selected_action": [r.pk for r in reports]},
        follow=True,
    )
    assert "3 reports approved." in response.content.decode()
    assert PayReport.objects.approved().count() == 3


def test_report_list_shows_the_outlier_flag(editor_client):
    """The editor can filter the queue by reports far from their cell's median."""
    make_pay_reports(1, status="pending", is_outlier=True)
    url = reverse("admin:platforms_payreport_changelist")
    response = editor_client.get(url, {"is_outlier__exact": "1"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_saving_a_rate_converts_reports_in_that_currency(editor_client):
    """A rate entered in the admin applies at once to the reports of its currency and month."""
    report = make_pay_reports(1, hourly_pay=10, currency="EUR")[0]
    editor_client.post(
        reverse("admin:platforms_currencyrate_add"),
        {"currency": "eur", "month": report.month.isoformat(), "usd": "1.25"},
    )
    assert CurrencyRate.objects.get().currency == "EUR"
    report.refresh_from_db()
    assert str(report.hourly_usd) == "12.50"


def test_saving_a_rate_updates_the_pay_tables_in_articles(editor_client):
    """An article's `[[pay]]` table shows reports in a currency once its rate is entered."""
    platform = make_platform(slug="tallyline")
    reports = make_pay_reports(5, platform=platform, hourly_pay=10, currency="EUR")
    article = make_article(body_markdown="[[pay platform=tallyline]]")
    assert "<td>12.50</td>" not in article.body_html
    editor_client.post(
        reverse("admin:platforms_currencyrate_add"),
        {"currency": "EUR", "month": reports[0].month.isoformat(), "usd": "1.25"},
    )
    article.refresh_from_db()
    assert "<td>12.50</td>" in article.body_html


def test_a_rate_too_large_for_the_dollar_figures_is_refused_on_the_form(editor_client):
    """A typo such as 1250 for 1.250 gets a message, not a 500 when reports are converted."""
    report = make_pay_reports(1, hourly_pay=900, currency="EUR")[0]
    response = editor_client.post(
        reverse("admin:platforms_currencyrate_add"),
        {"currency": "EUR", "month": report.month.isoformat(), "usd": "1250"},
    )
    assert response.status_code == 200
    assert "check the figure" in " ".join(response.context["adminform"].form.errors["usd"])
    assert not CurrencyRate.objects.exists()


def test_a_rate_that_would_overflow_a_reports_dollar_figure_is_refused(editor_client):
    """¥100,000 an hour is fair at 0.0067; a typo of 10 dollars a yen would make it a million."""
    report = make_pay_reports(1, hourly_pay=100_000, currency="JPY")[0]
    month = report.month.isoformat()
    response = editor_client.post(
        reverse("admin:platforms_currencyrate_add"),
        {"currency": "JPY", "month": month, "usd": "10"},
    )
    assert response.status_code == 200
    assert "check the figure" in " ".join(response.context["adminform"].form.errors["usd"])
    assert not CurrencyRate.objects.exists()


@pytest.mark.parametrize("usd", ["0", "-1.1"])
def test_a_rate_of_zero_or_less_is_refused_in_the_editors_words(editor_client, usd):
    """A rate must be worth something; the form says so rather than name a constraint."""
    response = editor_client.post(
        reverse("admin:platforms_currencyrate_add"),
        {"currency": "EUR", "month": "2026-01-01", "usd": usd},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "A rate must be more than zero US dollars per unit."
    ]
    assert not CurrencyRate.objects.exists()


def test_correcting_a_rates_currency_converts_the_old_currencys_reports_again(editor_client):
    """A rate moved from EUR to GBP no longer converts the EUR reports it was entered for."""
    report = make_pay_reports(1, hourly_pay=10, currency="EUR")[0]
    month = report.month.isoformat()
    editor_client.post(
        reverse("admin:platforms_currencyrate_add"),
        {"currency": "EUR", "month": month, "usd": "1.25"},
    )
    rate = CurrencyRate.objects.get()
    response = editor_client.post(
        reverse("admin:platforms_currencyrate_change", args=[rate.pk]),
        {"currency": "GBP", "month": month, "usd": "1.25"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.hourly_usd is None


def test_deleting_rates_from_the_list_converts_their_reports_again(editor_client):
    """ "Delete selected" takes a rate out of the reports' figures, as its own delete page does."""
    report = make_pay_reports(1, hourly_pay=10, currency="EUR")[0]
    rate = CurrencyRate.objects.create(currency="EUR", month=report.month, usd="1.25")
    services.rates_apply(currencies=["EUR"])
    response = editor_client.post(
        reverse("admin:platforms_currencyrate_changelist"),
        {"action": "delete_selected", "_selected_action": [rate.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not CurrencyRate.objects.exists()
    report.refresh_from_db()
    assert report.hourly_usd is None


def test_renaming_a_platform_renames_it_in_articles_tier_lists(editor_client):
    """An article's `[[tierlist]]` shows the platform's new name and address once it is saved."""
    platform = make_platform(name="Gradient Guild", slug="gradient-guild")
    article = make_article(body_markdown="[[tierlist]]")
    response = editor_client.post(
        reverse("admin:platforms_platform_change", args=[platform.pk]),
        {"name": "Gradient Union", "slug": "gradient-union", "editor_tier": "", "editor_note": ""},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert "Gradient Union" in article.body_html and "/gradient-union/" in article.body_html
    assert "Gradient Guild" not in article.body_html


def test_a_slug_in_use_by_pay_tables_is_refused_naming_where(editor_client):
    """A new slug is refused while articles or newsletter drafts show the old one's pay table."""
    platform = make_platform(name="Gradient Guild", slug="gradient-guild")
    make_article(
        title="Pay at the Guild", body_markdown="Intro.\n\n[[pay platform=gradient-guild]]"
    )
    make_article(title="Elsewhere", body_markdown="`[[pay platform=gradient-guild-two]]`")
    make_issue(subject="March issue", body_markdown="[[pay platform=gradient-guild]]")
    response = editor_client.post(
        reverse("admin:platforms_platform_change", args=[platform.pk]),
        {"name": "Gradient Union", "slug": "gradient-union", "editor_tier": "", "editor_note": ""},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["slug"][0]
    assert "“Pay at the Guild”" in errors and "“March issue”" in errors
    assert "Elsewhere" not in errors
    platform.refresh_from_db()
    assert platform.slug == "gradient-guild"


def test_deleting_a_platform_takes_it_out_of_articles_tier_lists(editor_client):
    """A deleted platform no longer appears, nor links, in an article's `[[tierlist]]`."""
    platform = make_platform(name="Gradient Guild", slug="gradient-guild")
    article = make_article(body_markdown="[[tierlist]]")
    editor_client.post(
        reverse("admin:platforms_platform_changelist"),
        {"action": "delete_selected", "_selected_action": [platform.pk], "post": "yes"},
    )
    assert not Platform.objects.exists()
    article.refresh_from_db()
    assert "Gradient Guild" not in article.body_html


def test_deleting_a_platform_warns_of_the_pay_tables_it_breaks(editor_client):
    """Both delete confirmations name the articles and drafts showing the platform's pay table."""
    platform = make_platform(name="Gradient Guild", slug="gradient-guild")
    make_article(title="Pay at the Guild", body_markdown="[[pay platform=gradient-guild]]")
    make_issue(subject="March issue", body_markdown="[[pay platform=gradient-guild]]")
    make_article(title="Elsewhere", body_markdown="[[tierlist]]")
    single = editor_client.get(reverse("admin:platforms_platform_delete", args=[platform.pk]))
    listed = editor_client.post(
        reverse("admin:platforms_platform_changelist"),
        {"action": "delete_selected", "_selected_action": [platform.pk]},
    )
    for response in (single, listed):
        warnings = [str(m) for m in response.context["messages"]]
        assert len(warnings) == 1, warnings
        assert "“Pay at the Guild”" in warnings[0] and "“March issue”" in warnings[0]
        assert "Elsewhere" not in warnings[0]
    editor_client.post(
        reverse("admin:platforms_platform_delete", args=[platform.pk]), {"post": "yes"}
    )
    assert not Platform.objects.exists()


def test_renaming_a_task_type_renames_it_in_articles_pay_tables(editor_client):
    """An article's `[[pay]]` table shows a task type under the name the editor gave it."""
    platform = make_platform(slug="tallyline")
    report = make_pay_reports(5, platform=platform, hourly_pay=27)[0]
    article = make_article(body_markdown="[[pay platform=tallyline]]")
    response = editor_client.post(
        reverse("admin:platforms_tasktype_change", args=[report.task_type_id]),
        {"name": "Code review", "position": "0"},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert "<td>Code review</td>" in article.body_html


def test_reordering_task_types_in_the_list_renders_articles_once(editor_client, monkeypatch):
    """Positions edited together in the list render the directive articles once, newly ordered."""
    platform = make_platform(slug="tallyline")
    reports = [make_pay_reports(5, platform=platform, hourly_pay=27)[0] for _ in range(3)]
    article = make_article(body_markdown="[[pay platform=tallyline]]")
    refresh = services.articles_with_directives_refresh
    calls = []
    monkeypatch.setattr(
        services, "articles_with_directives_refresh", lambda: calls.append(refresh())
    )
    kinds = [report.task_type for report in reports]
    data = {"_save": "Save", "form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "3"}
    for number, kind in enumerate(kinds):
        data |= {f"form-{number}-id": kind.pk, f"form-{number}-position": 10 - number}
    response = editor_client.post(reverse("admin:platforms_tasktype_changelist"), data)
    assert response.status_code == 302
    assert len(calls) == 1
    article.refresh_from_db()
    html = article.body_html
    assert html.index(kinds[2].name) < html.index(kinds[1].name) < html.index(kinds[0].name)


def test_renaming_a_task_type_shows_on_cached_pages(editor_client):
    """Readers' cached platform and article pages show a task type's new name at once."""
    reader = Client()
    platform = make_platform(slug="tallyline")
    report = make_pay_reports(5, platform=platform, hourly_pay=27)[0]
    article = make_article(body_markdown="[[pay platform=tallyline]]")
    for url in (platform.get_absolute_url(), article.get_absolute_url()):
        assert "Code review" not in reader.get(url).content.decode()
    editor_client.post(
        reverse("admin:platforms_tasktype_change", args=[report.task_type_id]),
        {"name": "Code review", "position": "0"},
    )
    for url in (platform.get_absolute_url(), article.get_absolute_url()):
        assert "Code review" in reader.get(url).content.decode(), url


@pytest.mark.parametrize("where", ["list", "report"])
def test_deleting_approved_reports_takes_them_out_of_every_figure(editor_client, where):
    """Deleted from the list or one by one, approved reports leave cached pages, the feed and
    articles."""
    reader = Client()
    platform = make_platform(slug="tallyline")
    reports = make_pay_reports(5, platform=platform, hourly_pay=45)
    services.tiers_record(platforms=[platform])
    article = make_article(body_markdown="[[pay platform=tallyline]]")
    assert "45.00" in reader.get(reverse("platforms:data_csv")).content.decode()
    assert "45.00" in reader.get(platform.get_absolute_url()).content.decode()
    if where == "list":
        editor_client.post(
            reverse("admin:platforms_payreport_changelist"),
            {"action": "delete_selected", "_selected_action": [reports[0].pk], "post": "yes"},
        )
    else:
        url = reverse("admin:platforms_payreport_delete", args=[reports[0].pk])
        editor_client.post(url, {"post": "yes"})
    assert PayReport.objects.count() == 4
    assert "45.00" not in reader.get(reverse("platforms:data_csv")).content.decode()
    assert "45.00" not in reader.get(platform.get_absolute_url()).content.decode()
    article.refresh_from_db()
    assert "45.00" not in article.body_html
    assert TierChange.objects.latest().tier == ""


def test_editor_tier_needs_a_public_note(editor_client):
    """A tier set by hand without a note is refused with a message."""
    platform = make_platform()
    response = editor_client.post(
        reverse("admin:platforms_platform_change", args=[platform.pk]),
        {"name": platform.name, "slug": platform.slug, "editor_tier": "A", "editor_note": ""},
    )
    assert "Tell readers why you set this tier." in response.content.decode()


def test_a_platform_name_with_a_control_character_is_refused(editor_client):
    """A vertical tab pasted with a name would make the tier-change feed fail; the form says so."""
    platform = make_platform(name="Tallyline")
    response = editor_client.post(
        reverse("admin:platforms_platform_change", args=[platform.pk]),
        {"name": "Tally\x0bline", "slug": platform.slug, "editor_tier": "", "editor_note": ""},
    )
    assert response.context["adminform"].form.errors["name"] == [
        "Please take out the control characters (a line break pasted from a document, say)."
    ]
    platform.refresh_from_db()
    assert platform.name == "Tallyline"


def test_a_slug_whose_address_another_page_answers_is_refused(editor_client):
    """/platforms/feed/ is the tier-change feed, so no platform's page can live there."""
    response = editor_client.post(
        reverse("admin:platforms_platform_add"), {"name": "Feed", "slug": "feed"}
    )
    assert response.context["adminform"].form.errors["slug"] == [
        "Another page of the site has that address; please choose another slug."
    ]
    assert not Platform.objects.exists()


def test_article_with_unknown_platform_directive_is_refused_in_the_admin(editor_client):
    """The article form names the unknown platform instead of saving."""
    article = make_article()
    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        {
            "title": article.title,
            "slug": article.slug,
            "body_markdown": "[[pay platform=nowhere]]",
            "status": "draft",
            "author": article.author_id,
        },
    )
    assert response.status_code == 200
    assert "names no known platform: &quot;nowhere&quot;" in response.content.decode()


def test_a_logo_goes_through_the_picture_pipeline(editor_client, settings):
    """A logo uploaded in the admin loses its metadata, gets renditions and shows as a picture."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.demo import photo_jpeg

    logo = SimpleUploadedFile("logo.jpg", photo_jpeg(width=800, height=600), "image/jpeg")
    response = editor_client.post(
        reverse("admin:platforms_platform_add"),
        {"name": "Tallyline", "slug": "tallyline", "logo": logo, "editor_note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    platform = Platform.objects.get(slug="tallyline")
    assert (platform.logo_width, platform.logo_height) == (800, 600)
    stored = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert len(stored) > 1  # the cleaned logo and its renditions
    assert all(b"GPS" not in path.read_bytes()[:65536] for path in stored)
    page = editor_client.get(platform.get_absolute_url()).content.decode()
    assert "<picture" in page and 'width="800"' in page
