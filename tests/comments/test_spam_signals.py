from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import BlockListEntry, Comment
from comments.spam import spam_signals
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

TEXT = "The same thought, word for word."


def signals(*, body=TEXT, email="ada@example.net", ip_hash="visitor-a", hosts=()):
    since = timezone.now() - timedelta(days=1)
    return spam_signals(body=body, email=email, ip_hash=ip_hash, since=since, hosts=hosts)


def test_same_text_from_the_same_address_or_visitor_is_a_duplicate():
    """The same text again is a duplicate from the same address or from the same visitor."""
    make_comment(body=TEXT, email="ada@example.net", ip_hash="visitor-a", status="pending")
    assert signals().duplicate
    assert signals(email="other@example.net").duplicate
    assert signals(ip_hash="visitor-b").duplicate


def test_same_text_from_someone_else_or_long_ago_is_no_duplicate():
    """Another sender's identical text, other text, or the same text a while ago is fine."""
    make_comment(body=TEXT, email="bea@example.net", ip_hash="visitor-b")
    assert not signals().duplicate
    make_comment(body="Something else.", email="ada@example.net", ip_hash="visitor-a")
    assert not signals().duplicate
    old = make_comment(body=TEXT, email="ada@example.net", ip_hash="visitor-a")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert not signals().duplicate


def test_an_erased_visitor_hash_matches_nobody():
    """Comments whose visitor hash was erased are no duplicates of a sender without one."""
    make_comment(body=TEXT, email="bea@example.net", ip_hash="")
    assert not signals(ip_hash="").duplicate


def test_only_an_approved_comment_makes_a_returning_commenter():
    """An address with held or spam comments only is not returning; one approved makes it so."""
    make_comment(email="ada@example.net", status="pending")
    make_comment(email="ada@example.net", status="spam")
    assert not signals().returning
    make_comment(email="ada@example.net")
    assert signals().returning
    assert not signals(email="bea@example.net").returning


def test_block_list_matches_address_domain_subdomain_and_word():
    """Block list entries match an address, a domain and its subdomains, and whole words."""
    address = BlockListEntry.objects.create(kind="address", value="Pest@Example.net")
    domain = BlockListEntry.objects.create(kind="domain", value="spam.example")
    word = BlockListEntry.objects.create(kind="word", value="casino bonus")

    def match(*, email, text, hosts=()):
        return signals(email=email, hosts=hosts).tripped_entry(text)

    assert match(email="pest@example.net", text="hello") == address
    assert match(email="Pest@Example.NET", text="hello") == address
    assert match(email="a@mail.spam.example", text="hello") == domain
    assert match(email="a@ok.example", text="hi", hosts={"www.spam.example"}) == domain
    assert match(email="a@ok.example", text="Best CASINO bonus here") == word
    assert match(email="a@ok.example", text="casino bonuses are fine") is None
    assert match(email="a@notspam.example", text="hello") is None
    assert match(email="a@spam.example.org", text="hello") is None


def test_an_address_entry_is_reported_before_a_word():
    """With several entries tripped, the address (or domain) is the one reported."""
    BlockListEntry.objects.create(kind="word", value="casino")
    address = BlockListEntry.objects.create(kind="address", value="pest@example.net")
    tripped = signals(email="pest@example.net").tripped_entry("casino")
    assert tripped == address
    assert str(tripped) == "Email address: pest@example.net"
