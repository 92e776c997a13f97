import re
import time
import types
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import engines
from django.template.response import TemplateResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils import timezone

from articles.models import Article
from breakingeven import pagecache
from tests.factories import make_article, make_comment, make_tag

pytestmark = pytest.mark.django_db

FORM_PAGE = engines["django"].from_string(
    '<form method="post">{% csrf_token %}<button>Send</button></form>'
)
NONCE_PAGE = engines["django"].from_string("<p>{{ csp_nonce }}</p>")


@pagecache.cache_for_readers()
def form_page(request):
    if request.method == "POST":
        return TemplateResponse(request, engines["django"].from_string("accepted"))
    return TemplateResponse(request, FORM_PAGE)


@pagecache.cache_for_readers()
def nonce_page(request):
    return TemplateResponse(request, NONCE_PAGE)


urlpatterns = [path("form/", form_page), path("nonce/", nonce_page)]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def without_tokens(content):
    """The page without its per-request values: CSRF tokens and the forms' start times."""
    return re.sub(rb'name="(csrfmiddlewaretoken|started)" value="[^"]+"', b"", content)


def uncached_queries(url):
    """What the page costs a visitor the cache cannot serve (one with a cookie of its own)."""
    visitor = Client()
    visitor.cookies["remembered"] = "something"
    return queries_for(visitor, url)[1]


def test_second_read_of_an_article_costs_no_query(client):
    """An anonymous reader's second request for a page is served from the cache, unchanged."""
    article = make_article(title="Cached piece")
    first, first_queries = queries_for(client, article.get_absolute_url())
    second, second_queries = queries_for(Client(), article.get_absolute_url())
    # A miss costs the view's own queries, plus when the next scheduled article goes live.
    assert first_queries == uncached_queries(article.get_absolute_url()) + 1
    assert second_queries == 0
    # The same page, but for each visitor's own CSRF token and form start time.
    assert without_tokens(second.content) == without_tokens(first.content)


def test_home_page_is_cached_too(client):
    """The home page costs its queries once, then none."""
    make_article()
    home = reverse("articles:home")
    assert queries_for(client, home)[1] == uncached_queries(home) + 1
    assert queries_for(client, home)[1] == 0


def test_edit_shows_on_the_next_request(client):
    """Saving an article (as the admin does) refreshes its page and the home page at once."""
    article = make_article(title="Before the edit")
    client.get(article.get_absolute_url())
    client.get(reverse("articles:home"))
    article.title = "After the edit"
    article.save()
    assert "After the edit" in client.get(article.get_absolute_url()).content.decode()
    assert "After the edit" in client.get(reverse("articles:home")).content.decode()


def test_publication_shows_on_the_next_request(client):
    """Publishing a draft puts it on the cached home page and opens its page."""
    draft = make_article(title="Fresh off the desk", published=False)
    assert "Fresh off the desk" not in client.get(reverse("articles:home")).content.decode()
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "Fresh off the desk" in client.get(reverse("articles:home")).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_deletion_shows_on_the_next_request(client):
    """A deleted article leaves the cached home page and its page answers 404."""
    article = make_article(title="Soon gone")
    client.get(article.get_absolute_url())
    assert "Soon gone" in client.get(reverse("articles:home")).content.decode()
    url = article.get_absolute_url()
    Article.objects.filter(pk=article.pk).delete()  # the admin's bulk delete
    assert "Soon gone" not in client.get(reverse("articles:home")).content.decode()
    assert client.get(url).status_code == 404


def test_author_rename_shows_on_the_next_request(client):
    """Renaming an author refreshes the bylines on cached pages."""
    article = make_article()
    client.get(article.get_absolute_url())
    article.author.name = "Renamed Writer"
    article.author.save()
    assert "Renamed Writer" in client.get(article.get_absolute_url()).content.decode()


def test_tagging_shows_on_the_next_request(client):
    """Adding a tag to an article (a many-to-many edit) refreshes the tag's cached page."""
    tag = make_tag(name="Pay rates")
    article = make_article(title="Newly tagged")
    assert "Newly tagged" not in client.get(tag.get_absolute_url()).content.decode()
    article.tags.add(tag)
    assert "Newly tagged" in client.get(tag.get_absolute_url()).content.decode()


def test_version_moves_on_again_when_the_change_commits(django_capture_on_commit_callbacks):
    """A page rendered between the change and its commit (old rows, new version) goes stale
    at the commit."""
    with django_capture_on_commit_callbacks() as callbacks:
        pagecache.changed()
        during_transaction = cache.get(pagecache.VERSION_KEY)
    assert during_transaction is not None
    for callback in callbacks:  # the commit
        callback()
    assert cache.get(pagecache.VERSION_KEY) != during_transaction


def test_scheduled_article_appears_when_its_time_comes(client, monkeypatch):
    """A cached page never outlives the next scheduled publication, though nobody saves."""
    make_article(title="Already out")
    make_article(title="Coming later", days_ago=-1 / 48)  # in 30 minutes, within TIMEOUT
    assert "Coming later" not in client.get(reverse("articles:home")).content.decode()
    later = time.time() + 31 * 60
    monkeypatch.setattr(time, "time", lambda: later)  # the clock the cache expires entries by
    monkeypatch.setattr(timezone, "now", lambda: datetime.fromtimestamp(later, tz=UTC))
    assert "Coming later" in client.get(reverse("articles:home")).content.decode()


def test_visitors_with_their_own_cookies_get_a_fresh_page(client):
    """A session, a flash message or any cookie of a feature's means the page may be personal."""
    article = make_article()
    queries_for(client, article.get_absolute_url())  # now in the cache
    for cookie in ("sessionid", "messages", "remembered"):
        visitor = Client()
        visitor.cookies[cookie] = "something"
        assert queries_for(visitor, article.get_absolute_url())[1] > 0


def test_voters_and_commenters_share_the_cached_page(client):
    """The voter's and commenter's cookies change nothing on the page, so they get the cache."""
    from articles.views import VOTED_COOKIE, VOTER_COOKIE
    from comments.tokens import COMMENTER_COOKIE

    assert {VOTER_COOKIE, VOTED_COOKIE, COMMENTER_COOKIE} == pagecache.SHARED_PAGE_COOKIES
    article = make_article()
    queries_for(client, article.get_absolute_url())
    visitor = Client()
    for cookie in pagecache.SHARED_PAGE_COOKIES:
        visitor.cookies[cookie] = "something"
    assert queries_for(visitor, article.get_absolute_url())[1] == 0


def test_signed_in_staff_never_get_the_cached_page(admin_client, client):
    """An editor sees the page as it is now, rendered for them."""
    article = make_article()
    queries_for(client, article.get_absolute_url())
    assert queries_for(admin_client, article.get_absolute_url())[1] > 0


def test_csrf_cookie_alone_still_reads_from_the_cache(client):
    """The CSRF cookie is not personal content, so its bearer shares the cached page."""
    article = make_article()
    queries_for(client, article.get_absolute_url())
    visitor = Client()
    visitor.cookies["csrftoken"] = "x" * 32
    assert queries_for(visitor, article.get_absolute_url())[1] == 0


@pytest.mark.urls(__name__)
def test_cached_form_carries_each_visitors_own_csrf_token():
    """A form from the cache holds the visitor's own token, which the CSRF check accepts."""
    first = Client(enforce_csrf_checks=True)
    first_page = first.get("/form/").content.decode()
    second = Client(enforce_csrf_checks=True)
    second_page = second.get("/form/").content.decode()
    assert "placeholder" not in second_page
    token = second_page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token not in first_page
    assert "csrftoken" in second.cookies
    assert second.post("/form/", {"csrfmiddlewaretoken": token}).status_code == 200


@pytest.mark.urls(__name__)
def test_page_using_the_csp_nonce_is_never_cached(client):
    """The nonce must be new each time, so such a page is rendered every time."""
    first = client.get("/nonce/")
    second = client.get("/nonce/")
    assert first.content.startswith(b"<p>") and len(first.content) > len("<p></p>")
    assert first.content != second.content


def test_missing_page_is_not_cached(client):
    """A 404 is not stored: the article can appear there later."""
    assert client.get("/articles/not-yet/").status_code == 404
    article = make_article(slug="not-yet")
    assert client.get(article.get_absolute_url()).status_code == 200


def test_without_a_cache_the_page_is_rendered_each_time(client, settings):
    """With the dummy cache (caching off) every request renders, and nothing breaks."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    article = make_article()
    first = queries_for(client, article.get_absolute_url())[1]
    assert first > 0
    assert queries_for(client, article.get_absolute_url())[1] == first


def test_next_publication_is_the_earliest_scheduled_article():
    """Article.objects.next_publication() is the first future time of a published article."""
    assert Article.objects.next_publication() is None
    make_article(days_ago=-3)
    soonest = make_article(days_ago=-1)
    make_article(days_ago=-2, published=False)
    make_article(days_ago=1)
    assert Article.objects.next_publication() == soonest.published_at


def test_page_lifetime_stops_at_the_next_publication():
    """A page may be kept until the next timed change, and never longer than TIMEOUT."""
    soon = timezone.now() + timedelta(seconds=120)
    assert 100 < pagecache._timeout(lambda: soon) <= 120
    assert pagecache._timeout(lambda: None) == pagecache.TIMEOUT


def cached_pages():
    """Page entries in the test's own (local-memory) cache."""
    return [key for key in cache._cache if "pagecache:parts:" in key]


def test_made_up_query_strings_never_fill_the_cache(client):
    """1,100 ?utm=N requests add no entry: pages with unknown parameters are rendered alone."""
    article = make_article()
    client.get("/")
    client.get(article.get_absolute_url())
    before = len(cached_pages())
    for number in range(1100):
        page = "/" if number % 2 else article.get_absolute_url()
        assert client.get(f"{page}?utm={number}").status_code == 200
    assert len(cached_pages()) == before


def test_query_parameters_outside_their_canonical_form_are_not_cached(client):
    """?page=02, a repeated ?page, or ?page=2&utm=x render fresh; ?page=2 comes from the cache."""
    for number in range(25):
        make_article(title=f"Article {number}")
    assert queries_for(client, "/?page=2")[1] > 0
    assert queries_for(client, "/?page=2")[1] == 0
    for address in ("/?page=02", "/?page=2&page=2", "/?page=2&utm=x", "/?page=+2"):
        assert queries_for(client, address)[1] > 0, address
        assert queries_for(client, address)[1] > 0, address


def test_page_numbers_in_other_scripts_digits_are_not_cached(client):
    """?page=٢ and ?page=２ show page 2 but are not its address: they render fresh, uncached."""
    for number in range(25):
        make_article(title=f"Article {number}")
    for address in ("/?page=\u0662", "/?page=\uff12", "/sitemap.xml?p=\u0661"):
        assert queries_for(client, address)[1] > 0, address
        assert queries_for(client, address)[1] > 0, address


def test_made_up_ports_and_spellings_of_the_host_add_no_entry(client):
    """Host: localhost:1, LOCALHOST or localhost. is the site at localhost: its cached page."""
    make_article()
    assert client.get("/", HTTP_HOST="localhost").status_code == 200
    before = len(cached_pages())
    for host in ("localhost:1", "localhost:65535", "LOCALHOST", "localhost."):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/", HTTP_HOST=host).status_code == 200
        assert len(queries) == 0, host
    assert len(cached_pages()) == before


def test_readers_arriving_from_a_shared_link_get_the_cached_page(client):
    """?fbclid=…, ?utm_source=… and ?ref=… are each reader's own analytics: readers with
    values of their own share one cached page, whose links carry none of them."""
    for number in range(25):
        make_article(title=f"Article {number}")
    assert queries_for(client, "/?page=2&fbclid=first-reader")[1] > 0
    response, queries = queries_for(client, "/?utm_source=news&page=2&ref=blog.example")
    assert queries == 0
    for value in (b"first-reader", b"utm_source", b"blog.example"):
        assert value not in response.content
    assert b'href="?page=3"' in response.content
    assert queries_for(client, "/?page=2&fbclid=second-reader")[1] == 0
    assert queries_for(client, "/?page=2")[1] == 0
    # Any other unknown parameter still keeps a page from the cache.
    assert queries_for(client, "/?page=2&fbclid=x&utm=1")[1] > 0


def test_a_page_past_the_last_is_404_and_not_cached(client):
    """Made-up page numbers answer 404, so they cannot fill the cache either."""
    make_article()
    before = len(cached_pages())
    for number in range(2, 50):
        assert client.get(f"/?page={number}").status_code == 404
    assert len(cached_pages()) == before


def test_the_parsed_query_is_the_key(client):
    """`?page=2&` is the page `?page=2`, not an entry of its own."""
    for number in range(25):
        make_article(title=f"Article {number}")
    client.get("/?page=2")
    assert queries_for(client, "/?page=2&")[1] == 0


def started_value(content):
    return re.search(rb'name="started" value="([^"]+)"', content).group(1).decode()


def test_two_readers_seconds_apart_get_their_own_valid_start_times(client, monkeypatch):
    """The comment form's signed start time is filled in per response, cached page or not."""
    from comments import tokens

    article = make_article()
    now = time.time()
    monkeypatch.setattr(tokens, "time", types.SimpleNamespace(time=lambda: now))
    first, _ = queries_for(client, article.get_absolute_url())
    monkeypatch.setattr(tokens, "time", types.SimpleNamespace(time=lambda: now + 5))
    second, second_queries = queries_for(Client(), article.get_absolute_url())
    assert second_queries == 0  # from the cache
    assert started_value(first.content) != started_value(second.content)
    assert tokens.form_age(started_value(second.content)) == 0  # valid, and shown just now
    assert b"placeholder" not in second.content


def test_the_time_trap_holds_on_a_cached_page(client, monkeypatch):
    """A page cached a minute ago still refuses a comment posted the moment it is shown."""
    from comments import tokens
    from comments.models import Comment

    article = make_article()
    now = time.time()
    monkeypatch.setattr(tokens, "time", types.SimpleNamespace(time=lambda: now - 60))
    client.get(article.get_absolute_url())  # cached a minute ago
    monkeypatch.setattr(tokens, "time", types.SimpleNamespace(time=lambda: now))
    bot = Client()
    page, queries = queries_for(bot, article.get_absolute_url())
    assert queries == 0
    response = bot.post(
        reverse("comments:post", args=[article.slug]),
        {
            "name": "Bot",
            "email": "bot@example.net",
            "body": "Cheap followers here",
            "parent": "",
            "website": "",
            "started": started_value(page.content),
        },
    )
    assert "very quick" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_visitors_text_never_becomes_another_readers_token(client):
    """A comment spelling out a placeholder shows as written, whoever reads the page.

    Were it filled in, a link in a comment could carry each reader's CSRF token to the
    commenter's site.
    """
    article = make_article()
    with override_settings(SECRET_KEY="another-site-secret-key-" * 3):
        theirs = pagecache._marks().of["csrf-token"]
    for text in ("pagecache-csrf-token-placeholder", theirs):
        make_comment(article, body=f"See https://example.net/?t={text}")
    client.get(article.get_absolute_url())
    page, queries = queries_for(Client(), article.get_absolute_url())
    assert queries == 0  # from the cache
    assert b"?t=pagecache-csrf-token-placeholder" in page.content
    assert f"?t={theirs}".encode() in page.content


def test_pages_cached_under_another_secret_are_not_read(client, settings):
    """After the secret is rotated, readers get pages with tokens the CSRF check accepts."""
    article = make_article()
    client.get(article.get_absolute_url())  # cached under the old secret
    settings.SECRET_KEY = "a-rotated-secret-key-" * 3
    reader = Client(enforce_csrf_checks=True)
    page, queries = queries_for(reader, article.get_absolute_url())
    assert queries > 0  # rendered afresh
    assert b"placeholder" not in page.content
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1)
    response = reader.post(
        reverse("articles:vote", args=[article.slug]),
        {"csrfmiddlewaretoken": token.decode(), "helpful": "yes"},
    )
    assert response.status_code == 302
