"""The dashboard on the admin's front page: the period's numbers, as SVG charts and tables."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles.models import Vote
from comments.models import Comment
from newsletter.models import Delivery, Issue, Subscriber
from tests.factories import make_article, make_comment
from tests.newsletter.helpers import make_issue, make_subscriber

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def front_page(client, **query):
    response = client.get(INDEX, query)
    assert response.status_code == 200
    return response


def vote(article, voter, helpful, *, days=0, note=""):
    created = Vote.objects.create(article=article, voter_id=voter, helpful=helpful, note=note)
    Vote.objects.filter(pk=created.pk).update(updated_at=days_ago(days))


@pytest.mark.parametrize(("asked", "days"), [("7", 7), ("90", 90), ("", 30), ("12", 30)])
def test_periods_of_7_30_and_90_days(admin_client, asked, days):
    """The period comes from ?period=; anything else shows the last 30 days."""
    response = front_page(admin_client, period=asked)
    assert response.context["period"] == days
    assert len(response.context["comment_chart"].values) == days
    assert f'href="?period={days}" aria-current="page"' in response.content.decode()


def test_comments_per_day_as_bars_and_a_table(admin_client):
    """Comments received each day: a bar with its label, and a table row per day."""
    make_comment()
    make_comment(status="pending")
    old = make_comment()
    Comment.objects.filter(pk=old.pk).update(created_at=days_ago(3))
    response = front_page(admin_client, period="7")
    chart = response.context["comment_chart"]
    assert chart.values[-1] == 2 and chart.values[-4] == 1 and chart.total == 3
    content = response.content.decode()
    assert "Comments received: 3 in 7 days" in content
    assert f"<title>{timezone.localdate():%-d %b}: 2</title>" in content
    assert 'class="chart__bar"' in content and "style=" not in content


def test_newsletter_signups_confirmations_unsubscribes_and_pages(admin_client):
    """Signups, confirmations and unsubscribes per day, and which pages the signups came from."""
    make_subscriber(signup_page="/articles/rates/")
    make_subscriber(signup_page="/articles/rates/", status=Subscriber.Status.PENDING)
    make_subscriber(
        signup_page="/", status=Subscriber.Status.UNSUBSCRIBED, confirmed_at=days_ago(1)
    )
    response = front_page(admin_client)
    signups, confirmations, unsubscribes = response.context["newsletter_charts"]
    assert (signups.total, confirmations.total, unsubscribes.total) == (3, 2, 1)
    assert response.context["signup_pages"] == [
        {"signup_page": "/articles/rates/", "signups": 2, "confirmed": 1},
        {"signup_page": "/", "signups": 1, "confirmed": 1},
    ]


def test_helpful_rate_per_article_with_the_trend_and_the_latest_no(admin_client):
    """Each article's Yes rate in the period and the one before, and its latest "No" note."""
    article = make_article(title="Rubric rates")
    vote(article, "a", True)
    vote(article, "b", True)
    vote(article, "c", False, note="Older note", days=2)
    vote(article, "d", False, note="Needs rates outside the US")
    vote(article, "e", False, days=40)  # the 30 days before
    response = front_page(admin_client)
    [row] = response.context["helpful_articles"]
    assert (row["answers"], row["rate"], row["rate_before"]) == (4, 50, 0)
    assert row["article"].latest_no == "Needs rates outside the US"
    chart = response.context["helpful_chart"]
    assert chart.values[-1] == 67 and chart.values[-3] == 0 and chart.values[-2] is None
    content = response.content.decode()
    assert "Needs rates outside the US" in content and "Rubric rates" in content


def test_last_issue_outcome(admin_client):
    """The issue sent last, with its sent, failed and retried deliveries."""
    make_issue(subject="Old issue", status=Issue.Status.SENT, sending_started_at=days_ago(9))
    issue = make_issue(
        subject="March rates", status=Issue.Status.SENT, sending_started_at=days_ago(1)
    )
    for status, attempts in [("sent", 1), ("sent", 2), ("failed", 3)]:
        Delivery.objects.create(
            issue=issue, subscriber=make_subscriber(), status=status, attempts=attempts
        )
    content = front_page(admin_client).content.decode()
    assert "March rates" in content and "Old issue" not in content
    assert "<dt>Sent</dt><dd>2 of 3</dd>" in content
    assert "<dt>Failed</dt><dd>1</dd>" in content
    assert "<dt>Retried</dt><dd>2</dd>" in content


def test_staff_see_only_the_numbers_they_may_view(client, django_user_model):
    """A staff member who may only view comments sees nothing of the newsletter or votes."""
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(user)
    context = front_page(client).context
    assert "comment_chart" in context
    assert not {"newsletter_charts", "helpful_chart", "last_issue"} & set(context.keys())


def test_the_dashboard_reads_a_fixed_number_of_queries(admin_client, django_assert_max_num_queries):
    """More data means bigger aggregates, not more queries."""
    for number in range(5):
        article = make_article()
        make_comment(article)
        vote(article, f"v{number}", number % 2 == 0, note="Why")
        make_subscriber()
    with django_assert_max_num_queries(25):
        front_page(admin_client, period="90")


def test_charts_are_kept_a_minute_but_the_queue_is_counted_live(admin_client):
    """Between two loads a new held comment shows in the count at once, in the chart later."""
    front_page(admin_client)
    make_comment(status="pending")
    context = front_page(admin_client).context
    assert context["waiting"] == 1
    assert context["comment_chart"].total == 0
