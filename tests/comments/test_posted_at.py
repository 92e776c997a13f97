"""A comment's time, written by {% posted_at %}, reads exactly as the date filter writes it."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

DATE_FILTER = (
    "{% load comments %}"
    "<time datetime=\"{{ moment|date:'Y-m-d\\TH:i:sO' }}\">{{ moment|date:'j F Y, H:i' }}</time>"
)


def rendered(source, moment):
    return Template(source).render(Context({"moment": moment}))


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 3, 5, 7, 4, 9, tzinfo=UTC),
        datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC),
        datetime(2025, 12, 31, 12, 0, tzinfo=UTC),
    ],
)
@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "America/New_York"])
def test_posted_at_matches_the_date_filter(moment, zone):
    """Same machine and reader text in any site time zone, across a change of day and year."""
    with timezone.override(zone):
        expected = rendered(DATE_FILTER, moment)
        assert rendered("{% load comments %}{% posted_at moment %}", moment) == expected
    assert 'datetime="2026-' in expected or 'datetime="2025-' in expected
