import json
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from articles.demo import hero_png
from articles.models import Article
from articles.services import vote_cast
from breakingeven.markup import PAGE_ID_PATTERN, PAGE_IDS
from tests.factories import make_article, make_author, make_comment, make_tag

pytestmark = pytest.mark.django_db


def with_hero(article, *, alt="Rings on green.", caption=""):
    article.hero_alt, article.hero_caption = alt, caption
    article.hero_image.save("hero.png", ContentFile(hero_png(0, width=40, height=20)), save=False)
    article.save()
    return article


def template_names(response):
    return [template.name for template in response.templates]


def test_home_lists_published_articles_newest_first(client):
    """The home page shows published articles, newest first, and hides drafts."""
    older = make_article(title="Older piece", days_ago=5)
    newer = make_article(title="Newer piece", days_ago=1)
    make_article(title="Secret draft", published=False)
    make_article(title="Future piece", days_ago=-1)
    response = client.get(reverse("articles:home"))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.index(newer.title) < content.index(older.title)
    assert "Secret draft" not in content
    assert "Future piece" not in content


def test_home_cards_show_hero_dek_author_date_and_reading_time(client):
    """Each card carries the picture, standfirst, author, date and reading time."""
    article = with_hero(make_article(dek="Where the money goes.", body_markdown="word " * 700))
    content = client.get(reverse("articles:home")).content.decode()
    assert article.hero_image.picture.url in content
    assert "Where the money goes." in content
    assert article.author.name in content
    assert timezone.localtime(article.published_at).strftime("%-d %b %Y") in content
    assert "4 min read" in content


def test_home_is_paginated_with_a_lead_story_on_the_first_page(client):
    """Ten articles a page; the newest leads page one; page two continues the list."""
    articles = [make_article(title=f"Piece {n:02d}", days_ago=n) for n in range(12)]
    first = client.get(reverse("articles:home")).content.decode()
    second = client.get(reverse("articles:home"), {"page": 2}).content.decode()
    assert first.count('<article class="card') == 10 and first.count("card--lead") == 1
    assert first.index("card--lead") < first.index(articles[0].title)
    assert "Piece 11" in second and "Piece 11" not in first
    assert "card--lead" not in second
    assert 'rel="next" href="?page=2"' in first


def test_home_keeps_the_newsletter_and_comment_boxes(client):
    """The newsletter call to action and the discussion box are included on the home page."""
    response = client.get(reverse("articles:home"))
    assert "newsletter/signup_inline.html" in template_names(response)
    assert "comments/talking_about.html" in template_names(response)


def test_article_page_shows_body(client):
    """An article's page renders its Markdown body."""
    article = make_article(body_markdown="## Where the money is\n\nText.")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert '<h2 id="where-the-money-is">' in response.content.decode()


def test_article_page_shows_hero_with_alt_text_and_caption(client):
    """The hero image carries its alt text and caption."""
    article = with_hero(make_article(), alt="Yellow rings on green.", caption="Illustrative.")
    content = client.get(article.get_absolute_url()).content.decode()
    picture = article.hero_image.picture
    assert f'<img src="{picture.url}" srcset="{picture.fallback_srcset}"' in content
    assert 'alt="Yellow rings on green." width="40" height="20"' in content
    assert "<figcaption>Illustrative.</figcaption>" in content


def test_article_page_says_updated_only_after_a_revision(client):
    """ "Updated <date>" appears once the text changes after publication."""
    article = make_article(days_ago=3)
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()
    article = Article.objects.get(pk=article.pk)
    article.dek = "A corrected standfirst."
    article.save()
    content = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r"Updated <time datetime=\"[^\"]+\">", content)


def test_article_page_is_not_updated_by_votes_or_comment_counts(client):
    """Reader activity is not an edit."""
    article = make_article(days_ago=3)
    vote_cast(article=article, voter_id="r1", helpful=True)
    Article.objects.filter(pk=article.pk).update(comment_count=3)
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()


def test_article_page_has_read_next_without_itself_or_drafts(client):
    """Read Next lists three other published articles."""
    tag = make_tag()
    article = make_article(tags=[tag])
    others = [make_article(tags=[tag], title=f"Related {n}") for n in range(4)]
    make_article(tags=[tag], title="Unfinished draft", published=False)
    content = client.get(article.get_absolute_url()).content.decode()
    section = content[content.index('id="read-next-heading"') : content.index('id="helpful"')]
    assert section.count('class="read-next__item"') == 3
    assert article.title not in section and "Unfinished draft" not in section
    assert sum(other.title in section for other in others) == 3


def test_article_page_shows_tags_and_the_author_box(client):
    """Tags link to their pages; the author box has name, photo, bio and a link."""
    author = make_author(name="Rowan", bio="Writes about rates.", photo_alt="Rowan smiling")
    author.photo.save("rowan.png", ContentFile(hero_png(1, width=20, height=20)))
    tag = make_tag(name="Pay rates")
    article = make_article(author=author, tags=[tag])
    content = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{tag.get_absolute_url()}">Pay rates</a>' in content
    box = content[content.index('class="author-box"') :]
    assert author.photo.picture.url in box and 'alt="Rowan smiling"' in box
    assert "Writes about rates." in box
    assert f'href="{author.get_absolute_url()}"' in box


def test_article_page_keeps_the_comment_and_newsletter_include_points(client):
    """The comments app's and the newsletter app's templates are included on the article page."""
    response = client.get(make_article().get_absolute_url())
    names = template_names(response)
    for name in (
        "comments/section.html",
        "comments/talking_about.html",
        "newsletter/signup_inline.html",
        "articles/_helpful.html",
    ):
        assert name in names


def page_ids(client, article):
    return re.findall(r'\sid="([^"]*)"', client.get(article.get_absolute_url()).content.decode())


def test_markup_knows_every_id_the_article_page_uses(client):
    """Each id of the page's own elements is one the Markdown pipeline keeps off headings."""
    comment = make_comment()
    ids = page_ids(client, comment.article)
    assert comment.anchor in ids and "comments" in ids
    assert [id for id in ids if id not in PAGE_IDS and not PAGE_ID_PATTERN.fullmatch(id)] == [
        "section"
    ]


def test_article_headings_named_like_page_parts_repeat_no_id(client):
    """A "Comments" heading in the body leaves "#comments" to the comments section."""
    comment = make_comment(make_article(body_markdown="## Comments\n\n## Helpful\n\n## Main"))
    ids = page_ids(client, comment.article)
    assert {"comments_1", "helpful_1", "main_1"} <= set(ids)
    assert len(ids) == len(set(ids))


def test_article_page_has_the_helpful_form_and_script(client):
    """The "Was this helpful?" form posts without JavaScript and loads helpful.js."""
    article = make_article()
    content = client.get(article.get_absolute_url()).content.decode()
    assert f'action="{reverse("articles:vote", args=[article.slug])}"' in content
    assert 'name="helpful" value="yes"' in content and 'name="helpful" value="no"' in content
    assert 'name="csrfmiddlewaretoken"' in content
    assert '<script src="/static/js/helpful.js" defer></script>' in content


def test_unpublished_article_is_404(client):
    """Drafts and scheduled articles answer 404 to readers."""
    draft = make_article(published=False)
    scheduled = make_article(days_ago=-2)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_tag_page_lists_only_published_articles_with_that_tag(client):
    """A tag page shows its published articles and links to its feeds."""
    tag = make_tag(name="Platforms")
    tagged = make_article(tags=[tag], title="Tagged piece")
    make_article(title="Untagged piece")
    make_article(tags=[tag], title="Tagged draft", published=False)
    content = client.get(tag.get_absolute_url()).content.decode()
    assert tagged.title in content
    assert "Untagged piece" not in content and "Tagged draft" not in content
    assert reverse("articles:tag_feed", args=[tag.slug]) in content
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_author_page_shows_bio_and_published_articles(client):
    """An author page has the bio and the author's published articles only."""
    author = make_author(bio="Ten years of code review.")
    mine = make_article(author=author, title="My piece")
    make_article(author=author, title="My draft", published=False)
    make_article(title="Someone else's")
    content = client.get(author.get_absolute_url()).content.decode()
    assert "Ten years of code review." in content
    assert mine.title in content
    assert "My draft" not in content and "Someone else" not in content


def test_navigation_links_to_search(client):
    """Every page's navigation offers Search."""
    content = client.get(reverse("articles:home")).content.decode()
    assert f'<a href="{reverse("articles:search")}"' in content


def test_pages_carry_a_strict_content_security_policy(client):
    """Every page is served with a CSP that allows only the site's own scripts."""
    response = client.get(reverse("articles:home"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def head_of(response):
    content = response.content.decode()
    return content[: content.index("</head>")]


def meta(head, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', head)
    return found and found.group(1)


def test_article_page_has_title_description_canonical_and_sharing_tags(client, settings):
    """Search engines and link previews get the article's own title, summary, URL and picture."""
    settings.SITE_URL = "https://breakingeven.example"
    article = with_hero(make_article(title="Rates", meta_description="Pay bands."))
    head = head_of(client.get(article.get_absolute_url()))
    url = f"https://breakingeven.example{article.get_absolute_url()}"
    assert "<title>Rates · BreakingEven</title>" in head
    assert meta(head, "name", "description") == "Pay bands."
    assert f'<link rel="canonical" href="{url}">' in head
    assert meta(head, "property", "og:type") == "article"
    assert meta(head, "property", "og:title") == "Rates"
    assert meta(head, "property", "og:description") == "Pay bands."
    assert meta(head, "property", "og:url") == url
    image = meta(head, "property", "og:image")
    assert image == f"https://breakingeven.example{article.hero_image.picture.card_url}"
    assert image.endswith("-card.jpg")
    assert meta(head, "name", "twitter:card") == "summary_large_image"


@pytest.mark.parametrize("page", ["home", "tag", "author", "search"])
def test_every_page_has_title_description_canonical_and_sharing_tags(client, settings, page):
    """List pages too carry a title, a description, an absolute canonical URL and a card."""
    settings.SITE_URL = "https://breakingeven.example"
    article = make_article(tags=[make_tag()])
    url = {
        "home": reverse("articles:home"),
        "tag": article.tags.get().get_absolute_url(),
        "author": article.author.get_absolute_url(),
        "search": reverse("articles:search"),
    }[page]
    head = head_of(client.get(url))
    assert re.search(r"<title>[^<]+</title>", head)
    assert meta(head, "name", "description")
    assert f'<link rel="canonical" href="https://breakingeven.example{url}">' in head
    assert meta(head, "property", "og:title")
    assert meta(head, "property", "og:url") == f"https://breakingeven.example{url}"
    assert meta(head, "name", "twitter:card") == "summary"


def test_later_pages_are_their_own_canonical(client, settings):
    """Page two of a list names itself as canonical, not page one."""
    settings.SITE_URL = "https://breakingeven.example"
    for n in range(11):
        make_article(days_ago=n)
    head = head_of(client.get(reverse("articles:home"), {"page": 2, "utm_source": "x"}))
    assert '<link rel="canonical" href="https://breakingeven.example/?page=2">' in head


def json_ld(response):
    content = response.content.decode()
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return found.group(1)


def test_article_page_has_json_ld_article_data(client, settings):
    """JSON-LD describes the article with absolute URLs, dates, author and publisher."""
    settings.SITE_URL = "https://breakingeven.example"
    article = with_hero(make_article(title="Rates", tags=[make_tag(name="Pay")]))
    data = json.loads(json_ld(client.get(article.get_absolute_url())))
    assert data["@type"] == "Article"
    assert data["headline"] == "Rates"
    assert data["url"] == f"https://breakingeven.example{article.get_absolute_url()}"
    picture = article.hero_image.picture
    assert data["image"] == [
        f"https://breakingeven.example{picture.url}",
        f"https://breakingeven.example{picture.card_url}",
    ]
    assert data["author"]["name"] == article.author.name
    assert data["publisher"]["name"] == "BreakingEven"
    assert data["keywords"] == ["Pay"]
    assert data["datePublished"].startswith(article.published_at.date().isoformat())


def test_json_ld_cannot_be_closed_by_article_text(client):
    """A title holding </script> stays inside the JSON data block."""
    article = make_article(title="</script><script>alert(1)</script> & more")
    block = json_ld(client.get(article.get_absolute_url()))
    assert "<" not in block and ">" not in block
    assert json.loads(block)["headline"] == article.title


def test_preview_query_does_not_leak_into_reader_pages(client):
    """Readers never get the editor's preview banner or a noindex."""
    content = client.get(make_article().get_absolute_url()).content.decode()
    assert "Preview." not in content
    assert 'name="robots"' not in content


def test_an_article_whose_slug_changed_is_found_at_its_old_addresses(client):
    """Links from before a slug changed, once or twice, lead to the article for good."""
    article = make_article(slug="pay-in-2025")
    article.slug = "pay-in-2026"
    article.save()
    article.slug = "what-pay-looks-like"
    article.save()
    for old in ("pay-in-2025", "pay-in-2026"):
        response = client.get(reverse("articles:detail", args=[old]))
        assert response.status_code == 301
        assert response["Location"] == "/articles/what-pay-looks-like/"
    assert client.head("/articles/pay-in-2025/").status_code == 301
    assert client.get("/articles/what-pay-looks-like/").status_code == 200


def test_an_old_address_given_to_another_article_is_that_articles(client):
    """A new article can take a slug another one left: its readers get it, not a redirect."""
    moved = make_article(slug="tax-season")
    moved.slug = "tax-season-2026"
    moved.save()
    taker = make_article(slug="tax-season", title="A new tax season")
    response = client.get("/articles/tax-season/")
    assert response.status_code == 200 and response.context["article"] == taker
    # And when the newcomer leaves it in turn, the address follows the newcomer.
    taker.slug = "tax-season-2027"
    taker.save()
    assert client.get("/articles/tax-season/")["Location"] == "/articles/tax-season-2027/"


def test_an_article_renamed_back_keeps_its_other_old_address(client):
    """Going back to an earlier slug serves the article there and redirects the other."""
    article = make_article(slug="first-name")
    article.slug = "second-name"
    article.save()
    article.slug = "first-name"
    article.save()
    assert client.get("/articles/first-name/").status_code == 200
    assert client.get("/articles/second-name/")["Location"] == "/articles/first-name/"


def test_old_addresses_of_an_unpublished_article_are_not_found(client):
    """A redirect shows nothing readers may not see: a draft's old address is a 404."""
    article = make_article(slug="old-name")
    article.slug = "new-name"
    article.save()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert client.get("/articles/old-name/").status_code == 404
    assert client.get("/articles/never-was/").status_code == 404
