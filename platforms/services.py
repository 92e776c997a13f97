"""Platform workflows that cross models: a reader's pay report, its moderation, the editor's
currency rates, and the mood of approved comments."""

import statistics

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Round
from django.utils import timezone

from articles.models import Article
from breakingeven import pagecache, ratelimit
from breakingeven.forms import MAX_FORM_SECONDS
from breakingeven.markup import render_markdown
from comments.models import BlockListEntry

from . import sentiment, stats
from .models import CurrencyRate, Mention, PayReport, Platform, TierChange

# How far from its cell's median a report may be before the editor is asked to look twice.
OUTLIER_FACTOR = 4


class ReportRefused(Exception):
    """A report that is not saved at all; the message tells the reader why."""


class RateLimited(ReportRefused):
    pass


class AlreadySent(Exception):
    """The same form sent again (a double click, a resent page): its report is saved already."""


def currencies():
    """The currencies readers may report in: US dollars and those the editor keeps rates for."""
    kept = CurrencyRate.objects.order_by("currency").values_list("currency", flat=True).distinct()
    return ["USD", *kept]


def usd_rate(*, currency, month):
    """US dollars per unit of `currency` in `month`: its own rate, else the latest before it."""
    if currency == "USD":
        return 1
    rates = CurrencyRate.objects.filter(currency=currency).order_by("-month")
    rate = rates.filter(month__lte=month).first() or rates.last()
    return rate.usd if rate else None


def _in_usd(amount, rate):
    return None if rate is None else round(amount * rate, 2)


def is_outlier(report):
    """Over OUTLIER_FACTOR times, or under its inverse, the median of the report's cell."""
    if report.hourly_usd is None:
        return False
    amounts = [
        float(a) for a in report.cell.exclude(hourly_usd=None).values_list("hourly_usd", flat=True)
    ]
    if not stats.enough(len(amounts)):
        return False
    median = statistics.median(amounts)
    pay = float(report.hourly_usd)
    return pay > median * OUTLIER_FACTOR or pay < median / OUTLIER_FACTOR


def report_verdict(*, note, honeypot):
    """The status a new report gets, and why it is not counted yet."""
    if honeypot:
        return PayReport.Status.SPAM, "Filled in the hidden honeypot field."
    words = BlockListEntry.objects.filter(kind=BlockListEntry.Kind.WORD)
    if note and (entry := next((w for w in words if w.trips(note)), None)):
        return PayReport.Status.SPAM, f"Block list: {entry}."
    return PayReport.Status.PENDING, "Every report is reviewed."


def report_submit(*, visitor, form_token, honeypot="", **fields):
    """Save a reader's pay report, held for moderation; `fields` are PayReport's own.

    `visitor` is the keyed hash of the reader's address; `form_token`, the signed start time
    of the form the report came in (new each time the form is shown). Raises RateLimited
    when the report is not saved, AlreadySent when this form sent these figures before.
    """
    if not ratelimit.hit("pay_report", visitor):
        raise RateLimited(
            "You've sent several reports in the last hour. Please wait a little and send this "
            "one again; what you entered is kept below."
        )
    # A report stores nothing about who sent it, so the editor could not tell a double click
    # from two workers: the cache remembers each form's figures for as long as a form lasts.
    sent = _sent_key(form_token, fields)
    if not cache.add(sent, True, timeout=MAX_FORM_SECONDS):
        raise AlreadySent
    try:
        report = PayReport(**fields)
        report.hourly_usd = _in_usd(
            report.hourly_pay, usd_rate(currency=report.currency, month=report.month)
        )
        report.status, report.held_reason = report_verdict(note=report.note, honeypot=honeypot)
        report.is_outlier = is_outlier(report)
        report.save()
    except BaseException:
        cache.delete(sent)  # not saved: sending it again must save it
        raise
    return report


def _sent_key(form_token, fields):
    values = sorted((name, str(getattr(value, "pk", value))) for name, value in fields.items())
    digest = ratelimit.keyed_hash(repr((form_token, values)), purpose="report-sent")
    return f"platforms:report-sent:{digest}"


def reports_moderate(*, reports, status):
    """Move `reports` to `status`; return how many changed.

    Only the platforms concerned have their tier worked out again, and an approved note gets
    its mood (dated from its first approval).
    """
    ids = [report.pk for report in reports]
    now = timezone.now()
    with transaction.atomic():
        changing = list(
            PayReport.objects.select_for_update()
            .filter(pk__in=ids)
            .exclude(status=status)
            .only("platform_id", "note", "approved_at", "created_at")
            .order_by("pk")
        )
        if not changing:
            return 0
        PayReport.objects.filter(pk__in=[r.pk for r in changing]).update(status=status)
        if status == PayReport.Status.APPROVED:
            first = [r for r in changing if r.approved_at is None]
            PayReport.objects.filter(pk__in=[r.pk for r in first]).update(approved_at=now)
            # Every note approved again, not only the first time: rejecting took its mood away.
            Mention.objects.bulk_create(
                [
                    _mention(r.platform_id, r.note, r.approved_at or now, report=r)
                    for r in changing
                    if r.note.strip()
                ],
                ignore_conflicts=True,
            )
        else:
            # A note no longer approved no longer counts towards the mood.
            Mention.objects.filter(report__in=changing).delete()
        figures_refresh(platforms=Platform.objects.filter(pk__in={r.platform_id for r in changing}))
    return len(changing)


def figures_refresh(*, platforms):
    """After approved reports of `platforms` changed: note their tier changes, render again the
    articles with live figures, and make readers' cached pages stale."""
    tiers_record(platforms=platforms)
    articles_with_directives_refresh()
    pagecache.changed()


def _mention(platform_id, text, said_at, **source):
    score, mood = sentiment.mood_of(text)
    return Mention(platform_id=platform_id, score=score, mood=mood, said_at=said_at, **source)


def comments_mentions_record(*, comments, said_at=None):
    """Give approved `comments` a mood for each platform they name (by name or alias)."""
    platforms = list(Platform.objects.only("name", "aliases"))
    said_at = said_at or timezone.now()
    Mention.objects.bulk_create(
        [
            _mention(platform.pk, comment.body, said_at, comment=comment)
            for comment in comments
            for platform in platforms
            if platform.is_named_in(comment.body)
        ],
        ignore_conflicts=True,
    )


def comment_mentions_replace(*, comment):
    """Work out again which platforms `comment` names, and its mood, from its corrected text.

    The mentions keep the date of the comment's first approval, when it was first said. A
    comment never approved has none yet: its first approval records them.
    """
    with transaction.atomic():
        Mention.objects.filter(comment=comment).delete()
        if comment.approved_at is not None:
            comments_mentions_record(comments=[comment], said_at=comment.approved_at)


def tiers_record(*, platforms):
    """Note each platform whose computed tier changed since it was last noted (for the feed)."""
    for standing in stats.standings(platforms):
        last = standing.platform.tier_changes.order_by("-changed_at", "-pk").first()
        previous = last.tier if last else ""
        if standing.tier != previous:
            TierChange.objects.create(
                platform=standing.platform, tier=standing.tier, previous=previous
            )


def articles_with_directives_refresh():
    """Render again the articles whose Markdown has a directive, so their figures are current.

    QuerySet.update(), not save(): new figures are not a revision by the author.
    """
    for pk, text in Article.objects.filter(body_markdown__contains="[[").values_list(
        "pk", "body_markdown"
    ):
        Article.objects.filter(pk=pk).update(body_html=render_markdown(text))


def rates_apply(*, currencies):
    """Convert every report in `currencies` again, after the editor changed their rates.

    Pay in dollars moves with the rate, so the tiers of the platforms whose Tier List figures
    read those reports may move too.
    """
    with transaction.atomic():
        for currency in currencies:
            reports = PayReport.objects.filter(currency=currency)
            for month in reports.values_list("month", flat=True).distinct():
                rate = usd_rate(currency=currency, month=month)
                in_usd = None if rate is None else Round(F("hourly_pay") * rate, 2)
                reports.filter(month=month).update(hourly_usd=in_usd)
        converted = PayReport.objects.recent().filter(currency__in=currencies)
        figures_refresh(platforms=Platform.objects.filter(pk__in=converted.values("platform_id")))
