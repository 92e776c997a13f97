import xml.etree.ElementTree as ET

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from articles.demo import photo_jpeg
from tests.factories import make_article, make_tag

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def xml_of(response):
    return ET.fromstring(response.content)  # noqa: S314 (the site's own output)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://breakingeven.example"


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return xml_of(response).find("channel"), response


def test_rss_feed_lists_published_articles_with_absolute_links(client):
    """The site feed has the newest published articles, linked on SITE_URL."""
    older = make_article(title="Older", days_ago=3)
    newer = make_article(title="Newer", days_ago=1, tags=[make_tag(name="Pay")])
    make_article(title="Draft", published=False)
    make_article(title="Scheduled", days_ago=-1)
    channel, _ = rss_items(client, reverse("articles:feed"))
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Newer", "Older"]
    assert channel.findtext("link") == "https://breakingeven.example/"
    first = items[0]
    assert first.findtext("link") == f"https://breakingeven.example{newer.get_absolute_url()}"
    assert first.findtext("description") == newer.dek
    assert first.findtext("category") == "Pay"
    assert older.title in [item.findtext("title") for item in items]


def test_feed_links_ignore_the_requests_host(client):
    """Even fetched through another host name, links point at SITE_URL."""
    article = make_article()
    response = client.get(reverse("articles:feed"), HTTP_HOST="127.0.0.1")
    channel = xml_of(response).find("channel")
    assert channel.find("item").findtext("link").startswith("https://breakingeven.example/")
    assert article.slug in response.content.decode()


def test_atom_feed_has_absolute_links_and_updated_dates(client):
    """The Atom feed carries absolute entry links, authors and dates."""
    article = make_article(title="Rates")
    response = client.get(reverse("articles:atom_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = xml_of(response)
    self_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"][0]
    assert self_link.get("href") == "https://breakingeven.example/feed/atom/"
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Rates"
    href = entry.find(f"{ATOM}link").get("href")
    assert href == f"https://breakingeven.example{article.get_absolute_url()}"
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == article.author.name
    assert entry.findtext(f"{ATOM}updated")


def test_tag_feeds_list_only_that_tags_published_articles(client):
    """RSS and Atom per tag hold only the tag's published articles."""
    tag = make_tag(name="Platforms")
    make_article(title="Tagged", tags=[tag])
    make_article(title="Other")
    make_article(title="Tagged draft", tags=[tag], published=False)
    channel, _ = rss_items(client, reverse("articles:tag_feed", args=[tag.slug]))
    assert [item.findtext("title") for item in channel.findall("item")] == ["Tagged"]
    assert channel.findtext("title") == "Platforms · BreakingEven"
    assert channel.findtext("link") == f"https://breakingeven.example{tag.get_absolute_url()}"
    atom = xml_of(client.get(reverse("articles:tag_atom_feed", args=[tag.slug])))
    assert [entry.findtext(f"{ATOM}title") for entry in atom.findall(f"{ATOM}entry")] == ["Tagged"]


def test_unknown_tag_feed_is_404(client):
    """A feed for a tag that does not exist is not found."""
    assert client.get("/tags/nothing-here/feed/").status_code == 404


def test_pages_advertise_the_feeds(client):
    """Every page links the site feeds in its head for feed readers to discover."""
    content = client.get(reverse("articles:home")).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in content
    assert '<link rel="alternate" type="application/atom+xml"' in content


def test_feed_items_link_a_rendition_of_their_hero(client):
    """An article with a hero gets an enclosure pointing at a stored JPEG rendition."""
    article = make_article(title="Pictured", hero_alt="Hills")
    article.hero_image.save("hills.jpg", ContentFile(photo_jpeg(width=1600, height=1200)))
    make_article(title="Plain")
    channel, _ = rss_items(client, reverse("articles:feed"))
    items = {item.findtext("title"): item for item in channel.findall("item")}
    enclosure = items["Pictured"].find("enclosure")
    assert enclosure.get("url") == f"https://breakingeven.example{article.hero_image.picture.url}"
    assert enclosure.get("url").endswith("-1200w.jpg")
    assert enclosure.get("type") == "image/jpeg"
    assert items["Plain"].find("enclosure") is None
