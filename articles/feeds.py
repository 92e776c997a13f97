"""RSS and Atom feeds of the newest articles, for the whole site and for each tag.

Links are built from settings.SITE_URL rather than the request's host, so that feed readers
always get the site's canonical address.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from breakingeven.links import absolute_url

from .models import Article, Tag

FEED_LENGTH = 20


class ArticleFeed(Feed):
    """What every feed says about an article."""

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.revised_at or item.published_at

    def item_author_name(self, item):
        return item.author.name

    def item_author_link(self, item):
        return absolute_url(item.author.get_absolute_url())

    def item_enclosure_url(self, item):
        return absolute_url(item.hero_image.picture.url) if item.hero_image else None

    def item_enclosure_length(self, item):
        # RSS asks for the size; 0 means unknown, and finding it would cost a storage
        # request per item.
        return 0

    def item_enclosure_mime_type(self, item):
        return "image/png" if item.hero_image.picture.url.endswith(".png") else "image/jpeg"

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    @staticmethod
    def newest(articles):
        return articles.select_related("author").prefetch_related("tags")[:FEED_LENGTH]


class LatestArticlesFeed(ArticleFeed):
    url_name = "articles:feed"

    def title(self):
        return settings.SITE_NAME

    def description(self):
        return "New articles on the pay, platforms and working life of people who train AI."

    def link(self):
        return absolute_url(reverse("articles:home"))

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def items(self):
        return self.newest(Article.objects.published())


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    url_name = "articles:atom_feed"

    def subtitle(self):
        return self.description()


class TagFeed(ArticleFeed):
    url_name = "articles:tag_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return f"{tag.name} · {settings.SITE_NAME}"

    def description(self, tag):
        return f"New articles about {tag.name.lower()} on {settings.SITE_NAME}."

    def link(self, tag):
        return absolute_url(tag.get_absolute_url())

    def feed_url(self, tag):
        return absolute_url(reverse(self.url_name, kwargs={"slug": tag.slug}))

    def items(self, tag):
        return self.newest(Article.objects.published().filter(tags=tag))


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed
    url_name = "articles:tag_atom_feed"

    def subtitle(self, tag):
        return self.description(tag)
