import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from articles.demo import hero_png, photo_jpeg
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def pictured(article, width=1600, height=1200):
    article.hero_alt = "Hills at dusk"
    article.hero_image.save("hills.jpg", ContentFile(photo_jpeg(width=width, height=height)))
    return article


def img_tags(content):
    return re.findall(r"<img [^>]*>", content)


def test_article_hero_is_a_picture_with_every_format_and_its_true_shape(client):
    """The hero offers AVIF, WebP and JPEG at each width, sized 4:3 as the photo is."""
    article = pictured(make_article())
    content = client.get(article.get_absolute_url()).content.decode()
    hero = content[content.index('<figure class="hero') :]
    hero = hero[: hero.index("</figure>")]
    assert '<source type="image/avif"' in hero and '<source type="image/webp"' in hero
    assert "-800w.avif 800w" in hero and "-1600w.jpg 1600w" in hero
    assert 'width="1600" height="1200"' in hero
    assert 'fetchpriority="high"' in hero and 'loading="lazy"' not in hero


def test_only_the_article_hero_is_fetched_first(client):
    """Author photo below the article is lazy; nothing else on the page asks for priority."""
    author = make_author(photo_alt="Portrait")
    author.photo.save("me.png", ContentFile(hero_png(1, width=300, height=300)))
    article = pictured(make_article(author=author))
    content = client.get(article.get_absolute_url()).content.decode()
    tags = img_tags(content)
    assert sum('fetchpriority="high"' in tag for tag in tags) == 1
    author_photo = next(tag for tag in tags if 'alt="Portrait"' in tag)
    assert 'loading="lazy"' in author_photo and 'width="300" height="300"' in author_photo


def test_home_lead_card_loads_at_once_and_later_cards_are_lazy(client):
    """The first card is on the first screen; the cards after it wait for scrolling."""
    pictured(make_article(days_ago=3), 800, 600)
    pictured(make_article(days_ago=1), 1200, 900)
    tags = img_tags(client.get(reverse("articles:home")).content.decode())
    lead, second = (tag for tag in tags if "/media/heroes/" in tag)
    assert 'loading="lazy"' not in lead and "fetchpriority" not in lead
    assert 'width="1200" height="900"' in lead
    assert 'loading="lazy"' in second and 'width="800" height="600"' in second


def test_social_cards_use_the_1200_by_630_crop(client, settings):
    """og:image is the social card crop, with its size."""
    settings.SITE_URL = "https://breakingeven.example"
    article = pictured(make_article())
    content = client.get(article.get_absolute_url()).content.decode()
    card = article.hero_image.picture.card_url
    assert f'<meta property="og:image" content="https://breakingeven.example{card}">' in content
    assert '<meta property="og:image:width" content="1200">' in content
    assert '<meta property="og:image:height" content="630">' in content
