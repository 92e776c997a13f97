"""Time the admin's front page (the editor's dashboard) on the benchmark's data.

    DATABASE_URL=postgres://…/breakingeven_bench python -m bench.dashboard [--runs 10]

Run after `make bench` (or `manage.py seed_bench --settings=bench.settings`) on the same
database, with the production settings (DEBUG off) and collected static files
(STATIC_ROOT). It signs in a staff member of the Editors group (created once,
`dashboard-bench`, with no password) through Django's test client, loads the page for
each period and prints the fastest, median and slowest time: with the numbers read anew each
time (the cache emptied first), then with them cached.
"""

import argparse
import os
import statistics
import time

import django


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breakingeven.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from breakingeven.dashboard import PERIODS
    from breakingeven.editors import editors_group

    user, _ = User.objects.get_or_create(username="dashboard-bench", defaults={"is_staff": True})
    user.groups.set([editors_group()])
    client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0])
    client.force_login(user)
    for period in PERIODS:
        for cached in (False, True):
            times = []
            for _ in range(runs):
                if not cached:
                    cache.delete(f"dashboard:{period}:{timezone.localdate()}")
                started = time.perf_counter()
                response = client.get("/admin/", {"period": period}, secure=True)
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"/admin/?period={period} answered {response.status_code}")
            print(
                f"{period:>2} days, {'cached' if cached else 'read anew'}: "
                f"{min(times):.0f} / {statistics.median(times):.0f} / {max(times):.0f} ms "
                f"(fastest / median / slowest of {runs})"
            )


if __name__ == "__main__":
    main()
