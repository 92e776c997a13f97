from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from articles.models import Article
from comments.models import BlockListEntry
from comments.tokens import form_started_token
from platforms import services
from platforms.models import CurrencyRate, Mention, PayReport, TierChange
from tests.factories import (
    make_article,
    make_comment,
    make_credential,
    make_pay_reports,
    make_platform,
    make_task_type,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell():
    return {
        "platform": make_platform(name="Tallyline", slug="tallyline"),
        "task_type": make_task_type(),
        "credential": make_credential(),
    }


def submit(cell, visitor="visitor-a", honeypot="", form_token=None, **fields):
    values = {
        "hourly_pay": Decimal("20.00"),
        "currency": "USD",
        "hours_last_week": Decimal("10"),
        "month": date.today().replace(day=1),
        "payment": PayReport.Payment.ON_TIME,
        "work": PayReport.Work.SOME,
        "note": "",
        **cell,
        **fields,
    }
    return services.report_submit(
        visitor=visitor,
        form_token=form_token or form_started_token(),
        honeypot=honeypot,
        **values,
    )


def test_a_new_report_is_held_for_moderation(cell):
    """A reader's report waits for the editor and does not count yet."""
    report = submit(cell)
    assert report.status == PayReport.Status.PENDING
    assert not PayReport.objects.approved().exists()


def test_pay_in_another_currency_is_converted_at_the_month_rate(cell):
    """Euros become US dollars at the editor's rate for the month of the work."""
    month = date.today().replace(day=1)
    CurrencyRate.objects.create(currency="EUR", month=month, usd=Decimal("1.10"))
    report = submit(cell, hourly_pay=Decimal("20.00"), currency="EUR", month=month)
    assert report.hourly_usd == Decimal("22.00")


def test_a_month_without_a_rate_takes_the_latest_earlier_one():
    """A rate carries forward until the editor enters the next month's."""
    CurrencyRate.objects.create(currency="GBP", month=date(2026, 1, 1), usd=Decimal("1.2"))
    CurrencyRate.objects.create(currency="GBP", month=date(2026, 5, 1), usd=Decimal("1.3"))
    assert services.usd_rate(currency="GBP", month=date(2026, 4, 1)) == Decimal("1.2")
    assert services.usd_rate(currency="GBP", month=date(2026, 6, 1)) == Decimal("1.3")


def test_changing_a_rate_converts_that_currency_again(cell):
    """The editor's corrected rate applies to reports already sent."""
    month = date.today().replace(day=1)
    rate = CurrencyRate.objects.create(currency="EUR", month=month, usd=Decimal("1.00"))
    report = submit(cell, hourly_pay=Decimal("30.00"), currency="EUR", month=month)
    rate.usd = Decimal("1.50")
    rate.save()
    services.rates_apply(currencies=["EUR"])
    report.refresh_from_db()
    assert report.hourly_usd == Decimal("45.00")


def euro_platform_rated_a(cell):
    """Five approved reports of 20 euros an hour, at 1 dollar a euro: tier A, as noted."""
    month = date.today().replace(day=1)
    rate = CurrencyRate.objects.create(currency="EUR", month=month, usd=Decimal("1.00"))
    make_pay_reports(5, hourly_pay=20, currency="EUR", hourly_usd=20, month=month, **cell)
    services.tiers_record(platforms=[cell["platform"]])
    assert TierChange.objects.get().tier == "A"
    return rate


def test_a_rate_change_that_moves_a_tier_is_noted_for_the_feed(cell):
    """Euros worth more dollars lift the platform from A to S, and the feed says so."""
    rate = euro_platform_rated_a(cell)
    rate.usd = Decimal("1.50")
    rate.save()
    services.rates_apply(currencies=["EUR"])
    change = TierChange.objects.latest()
    assert (change.platform, change.previous, change.tier) == (cell["platform"], "A", "S")


def test_a_rate_change_that_leaves_tiers_as_they_are_notes_nothing(cell):
    """A small correction of the rate keeps the platform at A: no tier change for the feed."""
    rate = euro_platform_rated_a(cell)
    rate.usd = Decimal("1.10")
    rate.save()
    services.rates_apply(currencies=["EUR"])
    assert TierChange.objects.count() == 1


def test_honeypot_and_block_list_mark_the_report_as_spam(cell):
    """A bot's report, or a note with a blocked word, never reaches the queue of real ones."""
    BlockListEntry.objects.create(kind=BlockListEntry.Kind.WORD, value="crypto bonus")
    assert submit(cell, honeypot="http://spam.example").status == PayReport.Status.SPAM
    blocked = submit(cell, visitor="visitor-b", note="Get a Crypto Bonus here")
    assert blocked.status == PayReport.Status.SPAM


def test_a_flood_from_one_visitor_is_refused_and_not_saved(cell, settings):
    """Over the rate limit, the report is refused and nothing is stored."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pay_report": "2/3600"}
    submit(cell)
    submit(cell)
    with pytest.raises(services.RateLimited):
        submit(cell)
    assert PayReport.objects.count() == 2


def test_a_report_that_failed_to_save_can_be_sent_again_from_its_form(cell, monkeypatch):
    """Only a saved report makes its form's figures a repeat: after an error, they are saved."""
    token = form_started_token()
    monkeypatch.setattr(PayReport, "save", lambda report: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        submit(cell, form_token=token)
    monkeypatch.undo()
    submit(cell, form_token=token)
    with pytest.raises(services.AlreadySent):
        submit(cell, form_token=token)
    assert PayReport.objects.count() == 1


def test_a_report_far_from_its_cell_median_is_flagged(cell):
    """Over four times or under a quarter of the cell's median is flagged for the editor."""
    make_pay_reports(5, hourly_pay=20, **cell)
    assert submit(cell, hourly_pay=Decimal("81")).is_outlier
    assert submit(cell, visitor="b", hourly_pay=Decimal("4.90")).is_outlier
    assert not submit(cell, visitor="c", hourly_pay=Decimal("60")).is_outlier


def test_no_outlier_flag_without_enough_approved_reports_to_compare(cell):
    """A median of fewer reports than the threshold is no yardstick."""
    make_pay_reports(4, hourly_pay=20, **cell)
    assert not submit(cell, hourly_pay=Decimal("500")).is_outlier


def test_approving_in_bulk_counts_the_reports_and_moods_their_notes(cell):
    """Approval marks each report once, and each note gets a mood for its platform."""
    reports = [submit(cell, visitor=f"v{i}", note="Paid late again, awful") for i in range(3)]
    assert services.reports_moderate(reports=reports, status="approved") == 3
    assert services.reports_moderate(reports=reports, status="approved") == 0
    assert PayReport.objects.approved().count() == 3
    moods = set(Mention.objects.values_list("platform__slug", "mood"))
    assert moods == {("tallyline", Mention.Mood.NEGATIVE)}


def test_rejecting_an_approved_report_takes_its_note_out_of_the_mood(cell):
    """A note that is no longer approved no longer counts."""
    report = submit(cell, note="Great week, paid on time")
    services.reports_moderate(reports=[report], status="approved")
    services.reports_moderate(reports=[report], status="rejected")
    assert not Mention.objects.exists()


def test_approving_a_rejected_report_again_brings_its_note_back_into_the_mood(cell):
    """A report rejected by mistake and approved again counts towards the mood as before."""
    report = submit(cell, note="Great week, paid on time")
    services.reports_moderate(reports=[report], status="approved")
    said_at = Mention.objects.get().said_at
    services.reports_moderate(reports=[report], status="rejected")
    services.reports_moderate(reports=[report], status="approved")
    mention = Mention.objects.get()
    assert (mention.report_id, mention.mood, mention.said_at) == (
        report.pk,
        Mention.Mood.POSITIVE,
        said_at,
    )


def test_approval_notes_a_change_of_computed_tier(cell):
    """When enough reports are approved the platform enters the Tier List, once."""
    reports = make_pay_reports(5, status="pending", hourly_pay=45, **cell)
    services.reports_moderate(reports=reports[:4], status="approved")
    assert not TierChange.objects.exists()
    services.reports_moderate(reports=reports[4:], status="approved")
    change = TierChange.objects.get()
    assert (change.previous, change.tier) == ("", "S")


def test_approval_refreshes_articles_that_show_live_figures(cell):
    """An article with a pay directive shows the new figures without being edited."""
    article = make_article(body_markdown="Our figures:\n\n[[pay platform=tallyline]]\n")
    assert "Not enough reports yet" in article.body_html
    reports = make_pay_reports(5, status="pending", hourly_pay=31, **cell)
    services.reports_moderate(reports=reports, status="approved")
    article.refresh_from_db()
    assert "31.00" in article.body_html
    assert article.revised_at is None


def test_an_approved_comment_naming_a_platform_gets_a_mood(cell):
    """Comments count towards the mood of each platform they name, by name or alias."""
    other = make_platform(name="Gradient Guild", slug="gradient-guild", aliases="the Guild")
    comment = make_comment(body="Tallyline paid late and the Guild cut rates. Terrible month.")
    services.comments_mentions_record(comments=[comment])
    named = set(Mention.objects.values_list("platform_id", flat=True))
    assert named == {cell["platform"].pk, other.pk}
    assert set(Mention.objects.values_list("mood", flat=True)) == {Mention.Mood.NEGATIVE}


def test_a_comment_naming_no_platform_gets_no_mood(cell):
    """Only comments that name a platform count; a word inside another word does not."""
    comment = make_comment(body="Tallylines of my hours look fine this week.")
    services.comments_mentions_record(comments=[comment])
    assert not Mention.objects.exists()


def test_article_count_unchanged_by_directive_refresh(cell):
    """Refreshing figures touches only the articles with a directive."""
    plain = make_article(body_markdown="No figures here.")
    before = Article.objects.get(pk=plain.pk).updated_at
    services.articles_with_directives_refresh()
    assert Article.objects.get(pk=plain.pk).updated_at == before


def test_threads_box_shows_each_thread_platform_and_mood(client, cell):
    """ "What workers are talking about" names the platform a thread is about, and its mood."""
    make_comment(body="Tallyline paid late again, awful support.")
    content = client.get(reverse("comments:latest_threads")).content.decode()
    assert '<a href="/platforms/tallyline/">Tallyline</a>, negative' in content
