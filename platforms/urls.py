from django.urls import path
from django.views.decorators.http import require_safe

from breakingeven.pagecache import cache_for_readers

from . import feeds, views

app_name = "platforms"

# Readers' pages come from the page cache; any report approved refreshes them. The platform
# page's report form gets each visitor's own token and start time (pagecache.PER_REQUEST).
for_readers = cache_for_readers()

urlpatterns = [
    path("platforms/", for_readers(views.tier_list), name="tier_list"),
    path("platforms/feed/", require_safe(feeds.TierChangesFeed()), name="feed"),
    path("platforms/data.csv", views.data_csv, name="data_csv"),
    path("platforms/data.json", views.data_json, name="data_json"),
    path("platforms/<slug:slug>/", for_readers(views.platform_detail), name="detail"),
    path("pay/", for_readers(views.pay_table), name="pay"),
    path("pay/report/", views.report_create, name="report"),
]
