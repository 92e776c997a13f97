import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_bench_pages_are_not_mounted_by_default(client):
    """The site's own URLs have no /_bench/ pages at all: only bench.settings mounts them."""
    assert client.get("/_bench/ceiling/").status_code == 404
    assert client.get("/_bench/post/").status_code == 404


@pytest.mark.urls("tests.bench.urls")
def test_ceiling_is_a_fixed_ten_kilobyte_page(client):
    """The yardstick answers 10,240 bytes of HTML, the same every time."""
    first, second = client.get("/_bench/ceiling/"), client.get("/_bench/ceiling/")
    assert first.status_code == 200
    assert len(first.content) == 10_240
    assert first.content == second.content
    assert first["Content-Type"].startswith("text/html")


@pytest.mark.urls("tests.bench.urls")
def test_bench_form_post_is_checked_for_csrf():
    """The bench form redirects a POST with a valid token, and refuses one without."""
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/_bench/post/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert browser.post("/_bench/post/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert Client(enforce_csrf_checks=True).post("/_bench/post/").status_code == 403
