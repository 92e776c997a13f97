import argparse
import dataclasses
import uuid
from urllib.request import urlopen

import psycopg
import pytest
from django.db import connection

from bench import run
from bench.server import Gunicorn, child_env, free_port
from bench.wrk import Result


def _server():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"


POSTGRES = _server()


def result(rps):
    return Result(
        requests=rps * 10, seconds=10, p50_ms=2, p99_ms=9, errors=0, bad_status=0, cpu_ms=1.5
    )


def test_table_compares_each_target_with_the_ceiling(monkeypatch):
    """Each row carries its ratio to the ceiling; failed and pending targets say why."""
    monkeypatch.setattr(run, "PENDING", {"vote POST": "needs the vote"})
    text = run.table(
        {"ceiling": result(1000), "home": result(800)}, {"article": "answered 500, expected 200"}
    )
    assert "| home | 800 | 2.0 ms | 9.0 ms | 0.80 | 1.50 ms | 0 |" in text
    assert "| article | answered 500, expected 200 |" in text
    assert "| vote POST | not measured: needs the vote |" in text
    assert "| threads | not run |" in text


def test_the_ceiling_stands_for_the_mean_of_its_loads():
    """Loaded in slices, the ceiling is their mean: rate, latencies, CPU per request."""
    before = Result(
        requests=30000, seconds=10, p50_ms=1, p99_ms=2, errors=0, bad_status=0, cpu_ms=0.5
    )
    after = Result(
        requests=40000, seconds=10, p50_ms=3, p99_ms=4, errors=1, bad_status=0, cpu_ms=0.7
    )
    mean = run.mean_result([before, after])
    assert mean.rps == 3500
    assert (mean.p50_ms, mean.p99_ms, mean.errors) == (2, 3, 1)
    assert mean.cpu_ms == pytest.approx((30000 * 0.5 + 40000 * 0.7) / 70000)


def test_each_target_is_loaded_in_turn_with_the_ceiling():
    """Slices alternate, ceiling first, and the target carries the ceiling's slices beside it."""
    loaded = []

    def load(target, lua, seconds):
        loaded.append((target.name, lua, seconds))
        return result(3000 if target.name == "ceiling" else 1500 + 100 * len(loaded))

    article = next(t for t in run.TARGETS if t.name == "article")
    args = argparse.Namespace(seconds=10, slices=5)
    measured, ceiling_slices = run.load_in_turn(load, article, "get", "ceiling", args=args)
    assert loaded == [("ceiling", "ceiling", 2), ("article", "get", 2)] * 5
    assert len(ceiling_slices) == 5
    assert measured.rps == pytest.approx(1500 + 100 * (2 + 4 + 6 + 8 + 10) / 5)
    assert measured.ceiling.rps == 3000
    assert run.budgets.share_of_ceiling({"article": measured}, "article") == pytest.approx(0.7)


def test_table_compares_a_target_with_the_ceiling_beside_it():
    """The ratio is to the ceiling's slices loaded with the target, not the run's mean."""
    home = dataclasses.replace(result(800), ceiling=result(2000))
    text = run.table({"ceiling": result(1000), "home": home}, {})
    assert "| home | 800 | 2.0 ms | 9.0 ms | 0.40 | 1.50 ms | 0 |" in text


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a SQLite run leaves the local PostgreSQL alone"
)
def test_missing_database_is_created():
    """The benchmark database is created on the tests' PostgreSQL when it is missing; the test
    drops the database of its own name that it made."""
    name = f"bench_test_{uuid.uuid4().hex[:12]}"
    try:
        run.ensure_database(f"{POSTGRES}/{name}")
        run.ensure_database(f"{POSTGRES}/{name}")  # and left alone when it exists
        with psycopg.connect(f"{POSTGRES}/{name}") as connection:
            assert connection.execute("SELECT current_database()").fetchone() == (name,)
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_gunicorn_serves_and_reports_its_workers(tmp_path):
    """The server starts from gunicorn.conf.py, answers, and its workers' CPU and memory
    can be read."""
    env = child_env(
        DEBUG="false",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECURE_HTTPS="false",  # plain HTTP on loopback, as `make bench` serves it
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        CACHE_URL="locmemcache://",
        GUNICORN_WORKERS="2",
    )
    port = free_port()
    with Gunicorn(env=env, port=port, log_path=tmp_path / "gunicorn.log") as server:
        cpu_before = server.worker_cpu_seconds()
        for _ in range(50):
            with urlopen(f"{server.base_url}/_bench/ceiling/") as response:  # noqa: S310
                assert response.status == 200
        assert len(server.worker_pids()) == 2
        assert server.worker_cpu_seconds() > cpu_before
        assert 10 < server.worker_peak_rss_mb() < 1000
    assert server.process.poll() is not None  # stopped on the way out
