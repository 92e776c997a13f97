import pytest
from django.urls import reverse

from platforms import services
from tests.factories import make_pay_reports, make_platform

pytestmark = pytest.mark.django_db


def test_tier_changes_feed_lists_each_change_with_a_link(client):
    """A platform entering the Tier List is an entry linking to its page."""
    platform = make_platform(name="Tallyline", slug="tallyline")
    reports = make_pay_reports(5, platform=platform, status="pending", hourly_pay=45)
    services.reports_moderate(reports=reports, status="approved")
    response = client.get(reverse("platforms:feed"))
    content = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "<title>Tallyline enters the Tier List at S</title>" in content
    assert "/platforms/tallyline/" in content


def test_feed_has_no_figures_from_too_few_reports(client):
    """Below the threshold there is no tier to announce, so no entry at all."""
    platform = make_platform(slug="quiet")
    reports = make_pay_reports(4, platform=platform, status="pending")
    services.reports_moderate(reports=reports, status="approved")
    assert "<entry>" not in client.get(reverse("platforms:feed")).content.decode()
