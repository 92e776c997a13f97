from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import Article
from breakingeven import pagecache
from breakingeven.ratelimit import parse_rate, visitor_hash

from . import charts, exports, services, stats
from .forms import PayFilterForm, PayReportForm
from .models import TIER_WINDOW, PayReport, Platform

LICENCE = exports.LICENCE
NOTES_SHOWN = 5
ARTICLES_SHOWN = 6


@require_safe
def tier_list(request):
    table = stats.standings()
    context = {
        "standings": table,
        "chart": charts.tier_bars(table),
        "weights": stats.WEIGHTS,
        "pay_scale": stats.PAY_SCALE_USD,
        "floors": stats.TIER_FLOORS,
        "min_reports": settings.PAY_MIN_REPORTS,
        "days": TIER_WINDOW.days,
        "licence": LICENCE,
    }
    return TemplateResponse(request, "platforms/tier_list.html", context)


def platform_figures(platform):
    """Everything a platform's page shows from reports and mentions, cached until a change."""

    def compute():
        reports = stats.history(PayReport.objects.filter(platform=platform))
        bands = exports.labelled(stats.pay_bands(reports, ["task_type_id", "credential_id"]))
        months = stats.monthly(reports)
        weeks = stats.weekly_mood(platform)
        return {
            "standing": stats.standings([platform])[0],
            "bands": bands,
            "months": months,
            "weeks": weeks,
            "band_chart": charts.band_bars(bands),
            "month_chart": charts.month_bars(months),
            "mood_chart": charts.mood_bars(weeks),
        }

    return pagecache.cached(f"platforms:figures:{platform.pk}", compute)


@require_safe
def platform_detail(request, slug):
    platform = get_object_or_404(Platform, slug=slug)
    notes = (
        PayReport.objects.approved()
        .filter(platform=platform)
        .exclude(note="")
        .order_by("-approved_at")
        .values_list("note", flat=True)[:NOTES_SHOWN]
    )
    articles = (
        Article.objects.published()
        .summaries()
        .filter(tags__in=platform.tags.all())
        .distinct()[:ARTICLES_SHOWN]
    )
    context = {
        "platform": platform,
        **platform_figures(platform),
        "notes": list(notes),
        "articles": articles,
        "form": PayReportForm(initial={"platform": platform}),
        "min_reports": settings.PAY_MIN_REPORTS,
        "history_days": stats.HISTORY_DAYS,
    }
    return TemplateResponse(request, "platforms/platform_detail.html", context)


@require_safe
def pay_table(request):
    form = PayFilterForm(request.GET)
    # An unknown value (a currency whose rates were removed, junk) leaves only its own filter
    # out: cleaned_data keeps the valid ones, which the form shows chosen.
    form.is_valid()
    filters = form.cleaned_data
    # The page cache keeps only the unfiltered table, so a filtered one keeps its costly part,
    # the bands, per choice of valid filters.
    values = {name: filters.get(name) for name in form.fields}
    chosen = urlencode({name: getattr(value, "pk", value) or "" for name, value in values.items()})
    context = {
        "form": form,
        "bands": pagecache.cached(
            f"platforms:pay-bands:{chosen}", lambda: exports.pay_bands(**filters)
        ),
        "currency": filters.get("currency") or "USD",
        "min_reports": settings.PAY_MIN_REPORTS,
        "history_days": stats.HISTORY_DAYS,
        "licence": LICENCE,
    }
    return TemplateResponse(request, "platforms/pay_table.html", context)


def report_page(request, form, *, status=200):
    context = {"form": form, "min_reports": settings.PAY_MIN_REPORTS}
    return TemplateResponse(request, "platforms/report_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def report_create(request):
    if request.method != "POST":
        platform = Platform.objects.filter(slug=request.GET.get("platform", "")).first()
        return report_page(request, PayReportForm(initial={"platform": platform}))
    form = PayReportForm(request.POST)
    if not form.is_valid():
        return report_page(request, form, status=400)
    try:
        services.report_submit(
            visitor=visitor_hash(request),
            form_token=form.cleaned_data["started"],
            honeypot=form.cleaned_data["website"],
            **form.report_fields(),
        )
    except services.RateLimited as refusal:
        form.add_error(None, str(refusal))
        response = report_page(request, form, status=429)
        response["Retry-After"] = str(parse_rate(settings.RATE_LIMITS["pay_report"])[1])
        return response
    except services.AlreadySent:
        pass  # the browser shows only this last answer: the same thanks, for the saved copy
    # Spam is thanked like any held report: a bot learns nothing from the answer.
    messages.success(
        request,
        "Thanks! Your report is saved. It counts once an editor approves it, and its figures "
        "only ever appear in totals of several reports.",
    )
    return HttpResponseRedirect(f"{form.cleaned_data['platform'].get_absolute_url()}#messages")


@require_safe
def data_csv(request):
    response = HttpResponse(
        pagecache.cached("platforms:data-csv", exports.as_csv),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="breakingeven-pay-bands.csv"'},
    )
    response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    return response


@require_safe
def data_json(request):
    data = pagecache.cached("platforms:data-json", exports.as_json)
    response = JsonResponse(data, json_dumps_params={"indent": 1})
    response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    return response
