import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_article, make_comment, make_platform, make_tag

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def client():
    """Errors come back as responses, as a visitor would see them, instead of being raised."""
    return Client(raise_request_exception=False)


@pytest.fixture
def urls():
    article = make_article()
    return {
        "home": reverse("articles:home"),
        "article": article.get_absolute_url(),
        "admin login": reverse("admin:login"),
    }


def assert_client_error(response, *allowed):
    assert 400 <= response.status_code < 500, response.status_code
    if allowed:
        assert response.status_code in allowed


@pytest.mark.parametrize("page", ["abc", "99999", "0", "-1", "1e9", "%ff", "9" * 40])
def test_bad_page_numbers_are_not_found(client, page):
    """A page number that is not a page of the list is 404, not an error."""
    make_article()
    assert client.get(f"/?page={page}").status_code == 404


def test_invalid_utf8_in_query_strings_is_never_an_error(client, urls):
    """Query strings that are not UTF-8, percent-encoded or raw, get a normal answer."""
    for name, url in urls.items():
        for query in ("q=%ff%fe", "page=\xff\xfe", "next=%c0%af"):
            response = client.get(url, QUERY_STRING=query)
            assert response.status_code < 500, (name, query)


@pytest.mark.parametrize(
    "path", ["/articles/%ff/", "/%ff%fe", "/articles/%c0%ae%c0%ae/", "/tags/%00/"]
)
def test_invalid_utf8_in_the_path_is_not_found(client, path):
    """A path that is not valid UTF-8 matches no page: 404."""
    assert client.get(path).status_code == 404


def test_invalid_utf8_in_a_form_body_is_a_form_error(client):
    """A sign-in form whose fields are not UTF-8 is answered with the form's errors."""
    for body in (b"username=%ff%fe&password=%c0", b"username=\xff\xfe&password=\xc0"):
        response = client.generic("POST", reverse("admin:login"), body, content_type=FORM)
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()


def test_unknown_charset_and_broken_multipart_bodies_are_not_errors(client):
    """Bodies with an unknown charset or a broken multipart layout get 4xx or the form again."""
    url = reverse("admin:login")
    bogus_charset = client.generic("POST", url, b"a=1", content_type=f"{FORM}; charset=bogus")
    assert bogus_charset.status_code in (200, 400)
    no_boundary = client.generic("POST", url, b"x", content_type="multipart/form-data")
    assert_client_error(no_boundary, 400)
    cut_short = client.generic(
        "POST",
        url,
        b"--zz\r\nContent-Disposition: form-dat",
        content_type="multipart/form-data; boundary=zz",
    )
    assert cut_short.status_code in (200, 400)


def test_form_bodies_over_the_field_limit_are_refused(client, urls):
    """More form data than DATA_UPLOAD_MAX_MEMORY_SIZE is a 400 with a clear page."""
    body = b"username=" + b"x" * 2_700_000
    response = client.generic("POST", urls["admin login"], body, content_type=FORM)
    assert_client_error(response, 400)
    assert "couldn't understand that request" in response.content.decode()


def test_too_many_form_fields_are_refused(client, urls):
    """More than DATA_UPLOAD_MAX_NUMBER_FIELDS fields is a 400."""
    body = "&".join(f"field{number}=1" for number in range(1100)).encode()
    response = client.generic("POST", urls["admin login"], body, content_type=FORM)
    assert_client_error(response, 400)


def test_requests_over_the_size_limit_are_refused_before_reading(client, urls, settings):
    """Any request body over MAX_REQUEST_SIZE, uploads included, is answered 413 on every page."""
    settings.MAX_REQUEST_SIZE = 1024 * 1024
    body = b"x" * (1024 * 1024 + 1)
    for name, url in urls.items():
        response = client.generic("POST", url, body, content_type="application/octet-stream")
        assert response.status_code == 413, name
        assert "at most 1 MB" in response.content.decode()


def test_requests_up_to_the_size_limit_pass(client, urls, settings):
    """A body just under MAX_REQUEST_SIZE reaches the page as usual."""
    settings.MAX_REQUEST_SIZE = 1024 * 1024
    response = client.post(urls["admin login"], {"username": "x" * 1000, "password": "y"})
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_wrong_methods_are_not_allowed(client, urls, method):
    """Reader pages only answer GET and HEAD; the sign-in page also POST: others get 405."""
    for name, url in urls.items():
        if name == "admin login" and method == "post":
            continue
        response = getattr(client, method)(url)
        assert response.status_code == 405, (name, method)
        assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize("method", ["OPTIONS", "TRACE"])
def test_reader_pages_and_feeds_refuse_options_and_trace(client, method):
    """Pages, search, feeds and the sitemap serve GET and HEAD only: OPTIONS and TRACE get 405."""
    tag = make_tag()
    article = make_article(tags=[tag])
    urls = [
        "/",
        article.get_absolute_url(),
        reverse("articles:tag", args=[tag.slug]),
        reverse("articles:author", args=[article.author.slug]),
        reverse("articles:search") + "?q=pay",
        reverse("articles:feed"),
        reverse("articles:atom_feed"),
        reverse("articles:tag_feed", args=[tag.slug]),
        reverse("articles:tag_atom_feed", args=[tag.slug]),
        reverse("sitemap"),
        reverse("newsletter:check_inbox"),
        reverse("newsletter:subscribed"),
    ]
    for url in urls:
        response = client.generic(method, url)
        assert response.status_code == 405, url
        assert response.headers["Allow"] == "GET, HEAD", url


def test_platform_pages_discussions_and_links_serve_get_and_head_only(client):
    """The Tier List, platform and pay pages, their data and feed, the discussions, comment
    links and robots.txt answer HEAD like GET, and any other method with 405."""
    comment = make_comment()
    platform = make_platform()
    urls = [
        reverse("platforms:tier_list"),
        reverse("platforms:detail", args=[platform.slug]),
        reverse("platforms:pay"),
        reverse("platforms:data_csv"),
        reverse("platforms:data_json"),
        reverse("platforms:feed"),
        reverse("comments:discussions"),
        reverse("comments:latest_threads"),
        reverse("comments:permalink", args=[comment.pk]),
        reverse("robots_txt"),
    ]
    for url in urls:
        assert client.head(url).status_code == client.get(url).status_code, url
        for method in ("POST", "PUT", "OPTIONS", "TRACE"):
            response = client.generic(method, url)
            assert response.status_code == 405, (url, method)
            assert response.headers["Allow"] == "GET, HEAD", (url, method)


def test_unknown_host_is_a_bad_request(client, urls):
    """A Host header the site does not serve gets 400, not a page for the wrong site."""
    for url in urls.values():
        assert client.get(url, HTTP_HOST="evil.example.com").status_code == 400


def test_garbled_cookies_are_ignored(client, urls):
    """Cookies that are not valid text or not valid sessions are ignored."""
    for url in urls.values():
        response = client.get(url, HTTP_COOKIE="sessionid=\xff\xfe; csrftoken=\x00; other")
        assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=%00",
        "/admin/comments/comment/?q=a%00b",
        "/admin/autocomplete/?app_label=newsletter&model_name=issue&field_name=articles&term=%00",
    ],
)
def test_nul_in_a_query_string_is_a_bad_request(admin_client, url):
    """A NUL character in a query value never reaches PostgreSQL: 400, also in the admin."""
    admin_client.raise_request_exception = False
    assert admin_client.get(url).status_code == 400


def test_nul_in_a_form_is_a_bad_request(client):
    """A form field with a NUL character is refused with 400 before any view reads it."""
    article = make_article()
    url = reverse("comments:post", args=[article.slug])
    response = client.post(url, {"name": "A\x00", "email": "a@example.com", "body": "Hi"})
    assert response.status_code == 400
    assert "couldn't understand that request" in response.content.decode()


def test_a_session_cookie_with_nul_is_ignored(client, urls):
    """A session cookie holding NUL characters is ignored rather than looked up."""
    for url in urls.values():
        response = client.get(url, HTTP_COOKIE="sessionid=" + "\x00" * 32)
        assert response.status_code == 200


def test_form_pages_answer_head_like_get_and_change_nothing(client):
    """Link checkers and mail scanners send HEAD to the links in emails and on pages: each
    page with a form answers it as it answers GET, and nothing is confirmed or stopped."""
    from comments.models import Comment
    from comments.tokens import stop_reply_emails_token
    from newsletter.models import Subscriber
    from newsletter.tokens import confirm_token, unsubscribe_token
    from tests.newsletter.helpers import make_subscriber

    comment = make_comment(notify_on_reply=True)
    pending = make_subscriber(status=Subscriber.Status.PENDING)
    confirmed = make_subscriber()
    article = comment.article.get_absolute_url()
    urls = [
        f"{article}comments/",
        f"{article}helpful/",
        reverse("comments:report", args=[comment.pk]),
        reverse("comments:stop_reply_emails", args=[stop_reply_emails_token(comment)]),
        reverse("platforms:report"),
        reverse("newsletter:signup"),
        reverse("newsletter:confirm", args=[confirm_token(pending)]),
        reverse("newsletter:unsubscribe", args=[unsubscribe_token(confirmed)]),
        reverse("newsletter:data_erase", args=[unsubscribe_token(confirmed)]),
    ]
    for url in urls:
        assert client.head(url).status_code == client.get(url).status_code, url
    pending.refresh_from_db()
    confirmed.refresh_from_db()
    assert pending.status == Subscriber.Status.PENDING
    assert confirmed.status == Subscriber.Status.CONFIRMED
    assert Comment.objects.get(pk=comment.pk).notify_on_reply
