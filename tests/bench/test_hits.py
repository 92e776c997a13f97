import random

from bench import budgets, hits


def test_the_mix_has_each_kind_of_reader_over_a_long_tail():
    """First-time readers (some from a shared link), voters and returning commenters, most
    reading the top articles."""
    paths = [f"/articles/a-{n}/" for n in range(50)]
    requests = hits.visits(random.Random(3), paths)
    cookies = [cookie for _, cookie in requests]
    assert len(requests) == hits.REQUESTS
    assert 0.5 < cookies.count("") / hits.REQUESTS < 0.7
    assert 0.2 < cookies.count(hits.VOTER_COOKIES) / hits.REQUESTS < 0.4
    assert 0.05 < cookies.count(hits.COMMENTER_COOKIE) / hits.REQUESTS < 0.15
    shared = [(path, cookie) for path, cookie in requests if "?" in path]
    assert 0.05 < len(shared) / hits.REQUESTS < 0.15
    assert all(not cookie for _, cookie in shared)
    assert any("fbclid=" in path for path, _ in shared)
    assert any("utm_source=" in path for path, _ in shared)
    # The long tail: the first article is read far more often than the last.
    pages = [path.partition("?")[0] for path, _ in requests]
    counts = [pages.count(path) for path in (paths[0], paths[-1])]
    assert counts[0] > 5 * counts[1]


def test_the_hit_rate_budget_needs_95_percent():
    """The budget passes at 95% and fails under it; without a measure it is not judged."""
    [budget] = [b for b in budgets.BUDGETS if budgets.HIT_RATE in b.needs]
    assert budget.check({budgets.HIT_RATE: 0.95})[0]
    assert not budget.check({budgets.HIT_RATE: 0.9})[0]
    assert "not measured" in budgets.judge({}, [budget])[0]
    assert budgets.judge({budgets.HIT_RATE: 0.97}, [budget]) == [
        "PASS          page cache hit rate on articles at least 95% (97.0%)"
    ]
