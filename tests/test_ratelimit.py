from django.test import RequestFactory

from breakingeven import ratelimit


def request_from(address, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return RequestFactory().get("/", REMOTE_ADDR=address, headers=headers)


def test_is_limited_counts_nothing_and_turns_true_at_the_limit():
    """is_limited() only looks; after as many hits as the limit allows, it says so."""
    assert not ratelimit.is_limited("login", "someone", rate="2/60")
    assert not ratelimit.is_limited("login", "someone", rate="2/60")
    ratelimit.hit("login", "someone", rate="2/60")
    assert not ratelimit.is_limited("login", "someone", rate="2/60")
    ratelimit.hit("login", "someone", rate="2/60")
    assert ratelimit.is_limited("login", "someone", rate="2/60")
    assert not ratelimit.is_limited("login", "someone-else", rate="2/60")


def test_visitor_is_the_connecting_address_without_proxies(settings):
    """With no proxy configured, a forged X-Forwarded-For cannot change who the visitor is."""
    settings.TRUSTED_PROXY_COUNT = 0
    request = request_from("203.0.113.9", forwarded_for="198.51.100.1")
    assert ratelimit.client_ip(request) == "203.0.113.9"


def test_visitor_is_read_past_the_trusted_proxies(settings):
    """Behind one load balancer, the visitor is the address it saw, not one it was sent."""
    settings.TRUSTED_PROXY_COUNT = 1
    forged_then_real = "198.51.100.1, 203.0.113.9"
    request = request_from("10.0.0.2", forwarded_for=forged_then_real)
    assert ratelimit.client_ip(request) == "203.0.113.9"
    assert ratelimit.visitor_hash(request) == ratelimit.visitor_hash(
        request_from("10.0.0.3", forwarded_for="203.0.113.9")
    )


def test_visitor_hash_never_contains_the_address():
    """Only a keyed hash of the address is ever used to tell visitors apart."""
    digest = ratelimit.visitor_hash(request_from("203.0.113.9"))
    assert "203.0.113.9" not in digest
    assert digest != ratelimit.visitor_hash(request_from("203.0.113.10"))
