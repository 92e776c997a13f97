"""An Atom feed of changes to the computed Tier List."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from breakingeven.links import absolute_url

from .models import TierChange

FEED_LENGTH = 30


class TierChangesFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return f"{settings.SITE_NAME}: Tier List changes"

    def subtitle(self):
        return "A platform's computed tier moved, from readers' approved pay reports."

    def link(self):
        return absolute_url(reverse("platforms:tier_list"))

    def feed_url(self):
        return absolute_url(reverse("platforms:feed"))

    def items(self):
        return TierChange.objects.select_related("platform")[:FEED_LENGTH]

    def item_title(self, item):
        if not item.tier:
            return f"{item.platform.name} is no longer rated (too few recent reports)"
        if not item.previous:
            return f"{item.platform.name} enters the Tier List at {item.tier}"
        return f"{item.platform.name} moves from {item.previous} to {item.tier}"

    def item_description(self, item):
        return "Computed from the last 90 days of approved pay reports."

    def item_link(self, item):
        return absolute_url(item.platform.get_absolute_url())

    def item_guid(self, item):
        return absolute_url(f"{reverse('platforms:feed')}#change-{item.pk}")

    def item_pubdate(self, item):
        return item.changed_at

    def item_updateddate(self, item):
        return item.changed_at
