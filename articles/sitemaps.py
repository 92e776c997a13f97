from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Author, Tag


class SiteSitemap(Sitemap):
    """Locations on settings.SITE_URL, whichever host the sitemap was fetched from."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    def items(self):
        return Article.objects.published().only("slug", "published_at", "revised_at")

    def lastmod(self, article):
        return article.revised_at or article.published_at


class TagSitemap(SiteSitemap):
    def items(self):
        return Tag.objects.filter(articles__in=Article.objects.published()).distinct()


class AuthorSitemap(SiteSitemap):
    def items(self):
        return Author.objects.filter(articles__in=Article.objects.published()).distinct()


class PageSitemap(SiteSitemap):
    def items(self):
        return ["articles:home"]

    def location(self, name):
        return reverse(name)


sitemaps = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
