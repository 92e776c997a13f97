"""Structured data for search engines: JSON-LD describing an article.

JSON-LD sits in a <script type="application/ld+json"> data block. Browsers never execute it,
so the Content-Security-Policy (no inline scripts) does not apply to it; it is built here, not
written in a template, and escaped the way django.utils.html.json_script escapes, so no text
an editor writes can close the element.
"""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from breakingeven.links import absolute_url

register = template.Library()

# The same escapes as django.utils.html.json_script: nothing can end the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def article_structured_data(article, tags):
    """schema.org Article data for one article, with absolute URLs."""
    url = absolute_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title,
        "description": article.description,
        "datePublished": article.published_at,
        "dateModified": article.revised_at or article.published_at,
        # The stored reading time, as an ISO 8601 duration: the page never loads the Markdown.
        "timeRequired": f"PT{article.reading_minutes}M",
        "keywords": [tag.name for tag in tags],
        "author": {
            "@type": "Person",
            "name": article.author.name,
            "url": absolute_url(article.author.get_absolute_url()),
        },
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": absolute_url("/"),
        },
    }
    if article.hero_image:
        picture = article.hero_image.picture
        # Search engines prefer pictures at least 1200 px wide, in more than one shape.
        data["image"] = list(
            dict.fromkeys([absolute_url(picture.url), absolute_url(picture.card_url)])
        )
    return data


@register.simple_tag
def article_json_ld(article, tags):
    payload = json.dumps(article_structured_data(article, tags), cls=DjangoJSONEncoder)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 (escaped just above)
    )
