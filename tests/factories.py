"""Small helpers that make valid objects with as little typing as possible."""

import itertools
import time
from datetime import timedelta

from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from articles.models import Article, Author, Tag
from comments.models import Comment
from comments.services import comments_moderate
from comments.tokens import COMMENTER_COOKIE, form_started_token, remember_comment

_numbers = itertools.count(1)


def make_author(**fields):
    number = next(_numbers)
    fields.setdefault("name", f"Author {number}")
    fields.setdefault("slug", f"author-{number}")
    fields.setdefault("bio", "Writes about evaluation work.")
    return Author.objects.create(**fields)


def make_tag(**fields):
    number = next(_numbers)
    fields.setdefault("name", f"Tag {number}")
    fields.setdefault("slug", f"tag-{number}")
    return Tag.objects.create(**fields)


def make_article(*, tags=(), published=True, days_ago=1, **fields):
    """A published article by default; `published=False` makes a draft, negative days schedule."""
    number = next(_numbers)
    fields.setdefault("title", f"Article {number}")
    fields.setdefault("slug", f"article-{number}")
    fields.setdefault("dek", f"What article {number} is about.")
    fields.setdefault("body_markdown", f"## Section\n\nBody of article {number}.")
    if "author" not in fields:
        fields["author"] = make_author()
    fields.setdefault("status", Article.Status.PUBLISHED if published else Article.Status.DRAFT)
    fields.setdefault("published_at", timezone.now() - timedelta(days=days_ago))
    article = Article.objects.create(**fields)
    if tags:
        article.tags.set(tags)
    return article


def make_comment(article=None, *, status="approved", parent=None, **fields):
    """An approved comment by default, approved the way an editor does (so counts stay exact)."""
    number = next(_numbers)
    if article is None:
        article = parent.article if parent is not None else make_article()
    fields.setdefault("name", f"Commenter {number}")
    fields.setdefault("email", f"commenter{number}@example.net")
    fields.setdefault("body", f"Comment number {number} about the work.")
    comment = Comment.objects.create(
        article=article, parent=parent, status=Comment.Status.PENDING, **fields
    )
    if status != Comment.Status.PENDING:
        comments_moderate(comments=[comment], status=status)
        comment.refresh_from_db()
    return comment


def comment_form_data(**fields):
    """What a reader's browser posts for a comment, with a form shown a minute ago."""
    data = {
        "name": "Ada Reader",
        "email": "ada.reader@example.net",
        "body": "Thanks, this matches what I see on my own dashboard.",
        "parent": "",
        "website": "",
        "started": form_started_token(at=time.time() - 60),
    }
    data.update(fields)
    return data


def posted_from(client, comment):
    """Let `client` be the browser that posted `comment`, as the site's signed cookie says."""
    response = HttpResponse()
    remember_comment(response, request=RequestFactory().get("/"), comment=comment)
    client.cookies[COMMENTER_COOKIE] = response.cookies[COMMENTER_COOKIE].value


def make_platform(**fields):
    from platforms.models import Platform

    number = next(_numbers)
    fields.setdefault("name", f"Platform {number}")
    fields.setdefault("slug", f"platform-{number}")
    return Platform.objects.create(**fields)


def make_task_type(name=None):
    from platforms.models import TaskType

    return TaskType.objects.create(name=name or f"Task type {next(_numbers)}")


def make_credential(name=None):
    from platforms.models import CredentialLevel

    return CredentialLevel.objects.create(name=name or f"Credential {next(_numbers)}")


def make_pay_reports(count=1, *, platform=None, status="approved", **fields):
    """`count` reports with the same fields, approved by default (without the moderation
    workflow's side effects: use platforms.services for those)."""
    from platforms.models import PayReport, first_of_month

    fields.setdefault("platform", platform or make_platform())
    if "task_type" not in fields:
        fields["task_type"] = make_task_type()
    if "credential" not in fields:
        fields["credential"] = make_credential()
    fields.setdefault("hourly_pay", 20)
    fields.setdefault("currency", "USD")
    fields.setdefault("hourly_usd", fields["hourly_pay"] if fields["currency"] == "USD" else None)
    fields.setdefault("hours_last_week", 10)
    fields.setdefault("month", first_of_month(timezone.localdate()))
    fields.setdefault("payment", PayReport.Payment.ON_TIME)
    fields.setdefault("work", PayReport.Work.SOME)
    approved_at = timezone.now() if status == "approved" else None
    return PayReport.objects.bulk_create(
        PayReport(status=status, approved_at=approved_at, **fields) for _ in range(count)
    )


def pay_report_form_data(platform, task_type, credential, **fields):
    """What a reader's browser posts for a pay report, with a form shown a minute ago."""
    data = {
        "platform": platform.pk,
        "task_type": task_type.pk,
        "credential": credential.pk,
        "hourly_pay": "22.50",
        "currency": "USD",
        "hours_last_week": "12",
        "month": timezone.localdate().strftime("%Y-%m"),
        "payment": "on_time",
        "work": "plenty",
        "note": "",
        "website": "",
        "started": form_started_token(at=time.time() - 60),
    }
    data.update(fields)
    return data
