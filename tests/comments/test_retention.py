"""Visitor hashes are kept for 90 days, then forgotten by a daily command."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment, Report
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def aged(days, **fields):
    comment = make_comment(ip_hash=f"hash-{days}", **fields)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=days))
    return comment


def test_expired_hashes_are_those_ninety_days_old_or_more():
    """A hash older than 90 days is due; a younger one and an empty one are not."""
    old = aged(91)
    edge = aged(90)
    aged(89)
    make_comment(ip_hash="")
    assert set(Comment.objects.visitor_hash_expired()) == {old, edge}


def test_command_blanks_old_hashes_and_keeps_everything_else(capsys):
    """The command forgets old hashes only; the comments themselves and newer hashes stay."""
    old = aged(120, body="Still worth reading.")
    recent = aged(10)
    call_command("forget_visitor_hashes")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_hash == ""
    assert old.body == "Still worth reading."
    assert old.status == Comment.Status.APPROVED
    assert recent.ip_hash == "hash-10"
    assert "Forgot the visitor hash of 1 comment(s)" in capsys.readouterr().out


def test_command_run_twice_changes_nothing_more(capsys):
    """A second daily run finds nothing left to forget."""
    aged(100)
    call_command("forget_visitor_hashes")
    call_command("forget_visitor_hashes")
    assert "of 0 comment(s)" in capsys.readouterr().out.splitlines()[-1]


def test_command_deletes_old_decided_reports_only():
    """Reports older than 90 days go once decided; open and recent reports stay."""
    comment = make_comment()
    long_ago = timezone.now() - timedelta(days=100)
    old_decided = Report.objects.create(
        comment=comment, reason="spam", visitor="a", created_at=long_ago, decided_at=long_ago
    )
    old_open = Report.objects.create(
        comment=comment, reason="spam", visitor="b", created_at=long_ago
    )
    recent = Report.objects.create(
        comment=comment, reason="spam", visitor="c", decided_at=timezone.now()
    )
    call_command("forget_visitor_hashes", stdout=io.StringIO())
    assert set(Report.objects.all()) == {old_open, recent}
    assert not Report.objects.filter(pk=old_decided.pk).exists()
