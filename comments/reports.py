"""Readers report published comments: a small form on a page of its own, which works without
JavaScript and is reached from the "Report" link under each comment."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from articles.models import Article
from breakingeven.ratelimit import hit, parse_rate, visitor_hash

from . import services
from .models import Comment, Report


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        label="What is wrong with this comment?",
        error_messages={"required": "Choose what is wrong with the comment."},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def report_comment(request, pk):
    """GET shows the form; POST records the report, once per reader, within a rate limit."""
    comment = get_object_or_404(
        Comment.objects.visible()
        .filter(article__in=Article.objects.published())
        .select_related("article"),
        pk=pk,
    )
    form = ReportForm(request.POST or None)
    context = {"comment": comment, "article": comment.article, "form": form}
    if request.method != "POST":
        return TemplateResponse(request, "comments/report.html", context)
    if not form.is_valid():
        return TemplateResponse(request, "comments/report.html", context, status=400)
    visitor = visitor_hash(request)
    if not hit("report", visitor):
        response = TemplateResponse(
            request, "comments/report.html", {**context, "limited": True}, status=429
        )
        response["Retry-After"] = str(parse_rate(settings.RATE_LIMITS["report"])[1])
        return response
    reason = form.cleaned_data["reason"]
    if services.comment_report(comment=comment, reason=reason, visitor=visitor):
        messages.success(request, "Thanks for the report. An editor will look at the comment.")
    else:
        messages.info(request, "You have already reported this comment. An editor will look at it.")
    return HttpResponseRedirect(f"{comment.article.get_absolute_url()}#messages")
