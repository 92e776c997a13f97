"""How much benchmark data there is, and which pages the harness loads.

Shared by the seeding (run inside Django) and the harness (run outside it), so it imports
nothing from Django.
"""

BENCH_PREFIX = "bench-"  # every benchmark row's slug starts with it

ARTICLE_COUNT = 1_000
AUTHOR_COUNT = 25
COMMENT_COUNT = 50_000
SUBSCRIBER_COUNT = 20_000
VOTE_COUNT = 100_000

# The heavy article carries 2,000 of the comments, the typical one 10.
HEAVY_ARTICLE_SLUG = f"{BENCH_PREFIX}0001"
HEAVY_ARTICLE_COMMENTS = 2_000
TYPICAL_ARTICLE_SLUG = f"{BENCH_PREFIX}0002"
TYPICAL_ARTICLE_COMMENTS = 10

# Who the comment POST target writes as; seeded commenters are reader-NNNN@bench.invalid.
LOAD_COMMENTER_EMAIL = "reader@bench.invalid"

# Platforms: approved pay reports spread over a year, and moods of the last twelve weeks.
PLATFORM_COUNT = 20
PAY_REPORT_COUNT = 100_000
MENTION_COUNT = 20_000
BENCH_PLATFORM_SLUG = f"{BENCH_PREFIX}platform-01"
