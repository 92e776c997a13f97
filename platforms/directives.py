"""Live figures inside an article: `[[pay platform=<slug>]]` and `[[tierlist]]`.

Registered with the site's Markdown pipeline (breakingeven/markup.py), so what they produce is
sanitized like the rest of the article. Articles store their HTML, so approving reports
renders again the articles that use a directive (services.reports_moderate).
"""

from django.conf import settings
from django.template.loader import render_to_string

from . import exports, stats
from .models import Platform


def pay_table(args):
    slug = args.get("platform", "")
    platform = Platform.objects.filter(slug=slug).first()
    if platform is None:
        raise LookupError(f'[[pay]] names no known platform: "{slug}".')
    context = {
        "platform": platform,
        "bands": exports.pay_bands(platform=platform),
        "min_reports": settings.PAY_MIN_REPORTS,
    }
    return render_to_string("platforms/directives/pay.html", context)


def tier_list(args):
    return render_to_string("platforms/directives/tier_list.html", {"standings": stats.standings()})
