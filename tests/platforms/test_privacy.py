"""k-anonymity: no page, export, feed or directive shows a figure drawn from fewer reports than
settings.PAY_MIN_REPORTS, and no report is ever shown on its own."""

import pytest
from django.urls import reverse
from django.utils import timezone

from platforms import services
from platforms.models import CurrencyRate, Mention, PayReport
from tests.factories import (
    make_article,
    make_credential,
    make_pay_reports,
    make_platform,
    make_task_type,
)

pytestmark = pytest.mark.django_db

SMALL_CELL_PAY = 37.77  # a figure that would only appear if the small cell leaked


@pytest.fixture
def small_and_large_cells():
    """Tallyline has one cell of 4 reports (too few) and one of 5 (enough)."""
    platform = make_platform(name="Tallyline", slug="tallyline")
    task = make_task_type("Coding evaluation")
    make_pay_reports(
        4,
        platform=platform,
        task_type=task,
        credential=make_credential("Professional licence"),
        hourly_pay=SMALL_CELL_PAY,
        payment=PayReport.Payment.NEVER,
    )
    make_pay_reports(
        5, platform=platform, task_type=task, credential=make_credential("Degree"), hourly_pay=21
    )
    return platform


def everything_readers_can_get(client):
    article = make_article(body_markdown="[[pay platform=tallyline]]\n\n[[tierlist]]")
    urls = [
        reverse("platforms:tier_list"),
        reverse("platforms:detail", args=["tallyline"]),
        reverse("platforms:pay"),
        reverse("platforms:data_csv"),
        reverse("platforms:data_json"),
        reverse("platforms:feed"),
        article.get_absolute_url(),
    ]
    return {url: client.get(url).content.decode() for url in urls}


def test_a_cell_below_the_threshold_appears_nowhere(client, small_and_large_cells):
    """The 4-report cell's pay is in no page, export, feed or article; the 5-report cell is."""
    pages = everything_readers_can_get(client)
    for url, content in pages.items():
        assert f"{SMALL_CELL_PAY}" not in content, url
    # The credential's name is in the forms' lists, but in no table or export.
    assert "Professional licence" not in pages[reverse("platforms:data_csv")]
    assert "Professional licence" not in pages[reverse("platforms:data_json")]
    assert "21.00" in pages[reverse("platforms:pay")]
    assert "21.00" in pages[reverse("platforms:data_csv")]


def test_a_currency_filter_never_leaves_too_few_reports_of_a_cell_out(client):
    """A band in one currency shows only when the rest of its cell is no reports or enough."""
    # 10 to 50 dollars and one report of 25 in euros: the first quartile in all currencies
    # (21.25) beside the dollars' own (20) and median (30) gives the euro report's 25 away.
    CurrencyRate.objects.create(currency="EUR", month=timezone.localdate(), usd=1)
    cell = {
        "platform": make_platform(name="Tallyline", slug="tallyline"),
        "task_type": make_task_type("Coding evaluation"),
        "credential": make_credential("Degree"),
    }
    for pay in (10, 20, 30, 40, 50):
        make_pay_reports(1, hourly_pay=pay, **cell)
    make_pay_reports(1, currency="EUR", hourly_usd=25, **cell)
    pay_table = reverse("platforms:pay")
    assert len(client.get(pay_table).context["bands"]) == 1
    assert client.get(pay_table, {"currency": "USD"}).context["bands"] == []
    euros = make_pay_reports(4, status="pending", currency="EUR", hourly_usd=25, **cell)
    services.reports_moderate(reports=euros, status=PayReport.Status.APPROVED)
    assert len(client.get(pay_table, {"currency": "USD"}).context["bands"]) == 1


def test_the_threshold_is_a_setting(client, small_and_large_cells, settings):
    """With PAY_MIN_REPORTS at 4, the small cell shows."""
    settings.PAY_MIN_REPORTS = 4
    content = client.get(reverse("platforms:pay")).content.decode()
    assert f"{SMALL_CELL_PAY}" in content


def test_no_tier_factor_is_shown_for_fewer_reports(client):
    """A platform with 4 reports in the window shows no figure and no tier."""
    platform = make_platform(name="Annotate Works", slug="annotate-works")
    make_pay_reports(4, platform=platform, hourly_pay=SMALL_CELL_PAY)
    services.tiers_record(platforms=[platform])
    content = client.get(reverse("platforms:tier_list")).content.decode()
    assert "too few reports" in content and f"{SMALL_CELL_PAY}" not in content
    data = client.get(reverse("platforms:data_json")).json()
    entry = data["tier_list"][0]
    assert entry["reports"] is None and entry["median_hourly_usd"] == {"value": None, "n": None}


def test_a_month_or_week_below_the_threshold_is_left_out(client):
    """Monthly reliability and weekly mood leave out months and weeks with too few reports."""
    platform = make_platform(name="Signal Sort", slug="signal-sort")
    for report in make_pay_reports(4, platform=platform):
        Mention.objects.create(
            platform=platform, report=report, score=-0.5, mood="negative", said_at=timezone.now()
        )
    content = client.get(platform.get_absolute_url()).content.decode()
    assert "Per month of work" not in content
    assert "Mood per week" not in content


def test_notes_are_shown_without_any_other_field_of_their_report(client, small_and_large_cells):
    """A note appears alone: never beside its report's pay, task, credential or month."""
    make_pay_reports(
        1,
        platform=small_and_large_cells,
        task_type=make_task_type("Legal review"),
        credential=make_credential("PhD"),
        hourly_pay=88.88,
        note="The new rubric project is a joy.",
    )
    content = client.get(small_and_large_cells.get_absolute_url()).content.decode()
    assert "The new rubric project is a joy." in content
    note = content.index("The new rubric project is a joy.")
    assert "88.88" not in content
    assert content[note - 20 : note].endswith("<li>")
    assert content[note : note + 50].split("</li>")[0] == "The new rubric project is a joy."
