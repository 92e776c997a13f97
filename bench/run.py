"""`make bench`: seed PostgreSQL, serve the site with gunicorn as production does, load each
target with wrk, and print one table, the workers' peak memory and the budgets.

    python -m bench.run [--seconds 10] [--slices 5] [--warmup 2] [--connections 4] [--only NAME ...]

Each target is loaded in slices, each right after a slice of the ceiling, and compared with
those slices of the ceiling: the machine's speed drifts (the ceiling alone has measured from
1,800 to 3,100 requests/s within one run), and a target loaded minutes away from the ceiling
would be compared with a different machine.

DATABASE_URL picks the PostgreSQL database (created when missing; seed_bench refuses one
holding other content). BENCH_CACHE_URL picks the Redis database for the cache; it is flushed
at the start of the run, so it must be one of its own.
"""

import argparse
import dataclasses
import os
import platform
import secrets
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime
from functools import partial
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis
from psycopg import sql

from . import budgets, forms, hits, wrk
from .server import ROOT, Gunicorn, child_env, free_port
from .targets import CEILING, PENDING, PROFILES, TARGETS

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/breakingeven_bench"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/14"
OUT = ROOT / "bench" / "out"
# Limits high enough that the load never trips them (the POST targets come from one address).
NO_LIMIT = "1000000000/60"
PRIMING_REQUESTS = 6


def ensure_database(url):
    """Create the database named in `url` if the server does not have it yet."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))  # the maintenance database
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")


def server_environment(database_url, cache_url):
    """Production settings, with only what a loopback benchmark needs changed."""
    return child_env(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),  # throwaway: nothing signed outlives the run
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        CACHE_URL=cache_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECURE_HTTPS="false",  # plain HTTP on loopback: no redirect to HTTPS
        TASKS_BACKEND="database",
        EMAIL_URL="dummy://",
        # One worker life for the whole run, so its peak memory covers every target.
        GUNICORN_MAX_REQUESTS="0",
        **{f"RATE_LIMIT_{scope}": NO_LIMIT for scope in ("COMMENT", "VOTE", "SIGNUP", "LOGIN")},
    )


def machine(database_url, cache_url):
    """What the numbers came from, as Markdown list items."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    meminfo = Path("/proc/meminfo").read_text().split()
    memory_gib = int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024**2
    with psycopg.connect(database_url) as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    redis_version = redis.Redis.from_url(cache_url).info("server")["redis_version"]
    wrk_version = subprocess.run(  # noqa: S603
        [shutil.which("wrk"), "--version"], capture_output=True, text=True, check=False
    ).stdout.split(" [")[0]
    return "\n".join(
        [
            f"- machine: {os.cpu_count()} CPUs ({model}), {memory_gib:.1f} GiB memory, "
            f"load average {os.getloadavg()[0]:.1f} at the end",
            f"- software: Python {platform.python_version()}, Django {version('django')}, "
            f"gunicorn {version('gunicorn')}, PostgreSQL {postgres}, Redis {redis_version}, "
            f"{wrk_version}",
        ]
    )


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def prepare(target, base_url):
    """Check one request gets the expected status; return the wrk script, or an error."""
    try:
        return _prepare(target, base_url)
    except OSError as error:  # a timeout or a refused connection: this target is not loaded
        return None, f"no answer ({error})"


def _prepare(target, base_url):
    if target.post:
        post = forms.prepare_post(
            base_url + target.post.page,
            action=base_url + target.path,
            fields=target.post.fields,
            varying=target.post.varying,
        )
        time.sleep(target.post.ripen)
        status, lua = post.send(), post.lua()
    else:
        # A few requests first, so that every worker has loaded its code and templates.
        headers = {"Cookie": target.cookie} if target.cookie else {}
        statuses = {
            forms.status_of(base_url + target.path, headers=headers)
            for _ in range(PRIMING_REQUESTS)
        }
        status = statuses.pop() if len(statuses) == 1 else sorted(statuses)
        lua = wrk.script(headers=headers)
    if status != target.expect:
        return None, f"answered {status}, expected {target.expect}"
    return lua, None


def measure(targets, *, env, profile, args):
    """Serve with one profile and load each of its targets in turn with the ceiling; returns
    results, the ceiling's loads, failures, the workers' peak memory in MB once all of them
    ran, and how many workers there were."""
    results, ceilings, failures = {}, [], {}
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    log = OUT / f"gunicorn-{profile.replace(' ', '-')}.log"
    print(f"Serving with profile {profile!r} at {site} (log: {log})")
    server_env = {**env, "SITE_URL": site, **PROFILES[profile]}
    with Gunicorn(env=server_env, port=port, log_path=log) as server:
        load = partial(_load, server, site, args=args)
        ceiling_lua, failure = prepare(CEILING, site)
        if failure:
            failures[CEILING.name] = failure
            print(f"  {CEILING.name}: {failure}; targets loaded alone")
        elif args.warmup:
            load(CEILING, ceiling_lua, args.warmup)
        for target in targets:
            lua, failure = prepare(target, site)
            if failure:
                failures[target.name] = failure
                print(f"  {target.name}: {failure}; not loaded")
                continue
            if args.warmup:
                load(target, lua, args.warmup)
            result, ceiling_slices = load_in_turn(load, target, lua, ceiling_lua, args=args)
            results[target.name] = result
            ceilings += ceiling_slices
            beside = f" (ceiling beside it: {result.ceiling.rps:,.0f})" if result.ceiling else ""
            print(f"  {target.name}: {result.rps:,.0f} requests/s{beside}")
        if profile == "main" and not args.only:
            rate, sent = hits.hit_rate(site, env["CACHE_URL"])
            results[budgets.HIT_RATE] = rate
            print(f"  page cache hit rate: {rate:.1%} of {sent} article requests")
        peak, workers = server.worker_peak_rss_mb(), len(server.worker_pids())
    return results, ceilings, failures, peak, workers


def load_in_turn(load, target, lua, ceiling_lua, *, args):
    """Load `target` in `args.slices` slices, each right after a slice of the ceiling.

    The machine's speed drifts by a third within minutes, and a target loaded minutes away
    from the ceiling would be compared with another machine; slices seconds apart see the
    same one. Returns the target's result, carrying the ceiling's slices as its `ceiling`,
    and those slices.
    """
    slices, ceiling_slices = [], []
    for _ in range(args.slices):
        if ceiling_lua is not None:
            ceiling_slices.append(load(CEILING, ceiling_lua, slice_seconds(args)))
        slices.append(load(target, lua, slice_seconds(args)))
    ceiling = mean_result(ceiling_slices) if ceiling_slices else None
    return dataclasses.replace(mean_result(slices), ceiling=ceiling), ceiling_slices


def slice_seconds(args):
    return max(1, args.seconds // args.slices)


def _load(server, site, target, lua, seconds, *, args):
    cpu_before = server.worker_cpu_seconds()
    load = {"connections": args.connections, "workdir": OUT}
    result = wrk.run(site + target.path, lua, seconds=seconds, **load)
    cpu_ms = (server.worker_cpu_seconds() - cpu_before) * 1000 / max(result.requests, 1)
    return dataclasses.replace(result, cpu_ms=cpu_ms)


def mean_result(results):
    """One result standing for several loads of the same target: their means."""
    count = len(results)
    return wrk.Result(
        requests=sum(r.requests for r in results),
        seconds=sum(r.seconds for r in results),
        p50_ms=sum(r.p50_ms for r in results) / count,
        p99_ms=sum(r.p99_ms for r in results) / count,
        errors=sum(r.errors for r in results),
        bad_status=sum(r.bad_status for r in results),
        cpu_ms=sum(r.cpu_ms * r.requests for r in results)
        / max(sum(r.requests for r in results), 1),
    )


def table(results, failures):
    """The run as a Markdown table, each target's ratio against the ceiling loaded beside it."""
    ceiling = results.get("ceiling")
    lines = [
        "| target | requests/s | p50 | p99 | vs ceiling | worker CPU/request | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for target in TARGETS:
        result = results.get(target.name)
        if result is None:
            reason = failures.get(target.name, "not run")
            lines.append(f"| {target.name} | {reason} | | | | | |")
            continue
        ratio = f"{budgets.share_of_ceiling(results, target.name):.2f}" if ceiling else "?"
        lines.append(
            f"| {target.name} | {result.rps:,.0f} | {result.p50_ms:.1f} ms "
            f"| {result.p99_ms:.1f} ms | {ratio} | {result.cpu_ms:.2f} ms "
            f"| {result.errors + result.bad_status} |"
        )
    for name, reason in PENDING.items():
        lines.append(f"| {name} | not measured: {reason} | | | | | |")
    return "\n".join(lines)


def ceiling_line(ceilings, args):
    if not ceilings:
        return "The ceiling was not loaded: the ratios are missing."
    rates = sorted(r.rps for r in ceilings)
    return (
        f"Each target was loaded in {args.slices} slices of {slice_seconds(args)} s, each "
        "right after a slice of the ceiling, and is compared with those slices; the "
        f"ceiling row is the mean of all {len(ceilings)} (requests/s from {rates[0]:,.0f} to "
        f"{rates[-1]:,.0f})."
    )


def hit_rate_line(results):
    if budgets.HIT_RATE not in results:
        return []
    return [
        f"Page cache hit rate on articles: {results[budgets.HIT_RATE]:.1%} of "
        f"{hits.REQUESTS} requests ({hits.FIRST_TIME:.0%} first-time readers, a sixth of them "
        f"from a shared link, {hits.VOTER:.0%} voters, {hits.COMMENTER:.0%} commenters back "
        "after a post; bench/hits.py).",
        "",
    ]


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="load per target (default 10)")
    parser.add_argument(
        "--slices", type=int, default=5, help="slices of each load, in turn with the ceiling's"
    )
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured load first (default 2)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (default 4)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="targets to load (and ceiling)")
    parser.add_argument(
        "--skip-seed",
        action="store_true",
        help="skip migrate and seeding (earlier loads are still deleted)",
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: `apt-get install wrk` (make bench does it for you).")
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if urlsplit(database_url).scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"make bench runs on PostgreSQL; DATABASE_URL is {database_url}")
    cache_url = os.environ.get("BENCH_CACHE_URL") or DEFAULT_CACHE_URL
    OUT.mkdir(exist_ok=True)
    started = time.monotonic()

    env = server_environment(database_url, cache_url)
    ensure_database(database_url)
    if not args.skip_seed:
        manage(env, "migrate", "--noinput", "--verbosity=0")
        manage(env, "seed_bench")
    else:
        # Held comments and new readers' votes would otherwise pile up, run after run.
        manage(env, "seed_bench", "--forget-loads")
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    redis.Redis.from_url(cache_url).flushdb()

    targets = [t for t in TARGETS if t is not CEILING and (not args.only or t.name in args.only)]
    by_profile = defaultdict(list)
    for target in targets:
        by_profile[target.profile].append(target)
    results, ceilings, failures, peaks, workers = {}, [], {}, {}, {}
    for profile, profile_targets in by_profile.items():
        measured, ceiling_runs, failed, peaks[profile], workers[profile] = measure(
            profile_targets, env=env, profile=profile, args=args
        )
        results.update(measured)
        ceilings += ceiling_runs
        failures.update(failed)
    if ceilings:
        results[CEILING.name] = mean_result(ceilings)
    results[budgets.MEMORY] = max(peaks.values())

    command = " ".join(["python -m bench.run", *(sys.argv[1:] if argv is None else argv)])
    report = "\n".join(
        [
            f"Run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "",
            f"- command: `{command}` (what `make bench` runs)",
            machine(database_url, cache_url),
            f"- load: {args.seconds} s per target after {args.warmup} s warm-up, wrk with "
            f"{args.connections} connections; gunicorn {max(workers.values())} sync workers",
            "",
            table(results, failures),
            "",
            ceiling_line(ceilings, args),
            "",
            "Worker peak memory (VmHWM of the largest worker, after all its targets): "
            + ", ".join(f"{profile} {mb:.0f} MB" for profile, mb in peaks.items()),
            "",
            *hit_rate_line(results),
            *budgets.judge(results),
        ]
    )
    print()
    print(report)
    (OUT / "last-run.md").write_text(report + "\n")
    print(f"\n({time.monotonic() - started:.0f} s in all; report in {OUT / 'last-run.md'})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
