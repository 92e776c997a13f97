import random

from bench import budgets, hits


def test_the_mix_has_each_kind_of_reader_and_commenters_come_back():
    """First-time readers, voters, and commenters whose page after posting has the message."""
    paths = [f"/articles/a-{n}/" for n in range(50)]
    requests = hits.visits(random.Random(3), paths)
    cookies = [cookie for _, cookie in requests]
    assert len(requests) == hits.REQUESTS
    # Each commenter makes four requests, so by request the first-time readers are fewer.
    assert cookies.count("") > hits.REQUESTS * 0.35
    assert cookies.count(hits.VOTER_COOKIES) > hits.REQUESTS * 0.15
    flashed = [i for i, cookie in enumerate(cookies) if hits.FLASH_COOKIE in cookie]
    assert flashed
    for index in flashed[:-1]:
        assert cookies[index + 1] == hits.COMMENTER_COOKIE
    # The long tail: the first article is read far more often than the last.
    counts = [sum(path == p for p, _ in requests) for path in (paths[0], paths[-1])]
    assert counts[0] > 5 * counts[1]


def test_the_hit_rate_budget_needs_95_percent():
    """The budget passes at 95% and fails under it; without a measure it is not judged."""
    [budget] = [b for b in budgets.BUDGETS if budgets.HIT_RATE in b.needs]
    assert budget.check({budgets.HIT_RATE: 0.95})[0]
    assert not budget.check({budgets.HIT_RATE: 0.9})[0]
    assert "not measured" in budgets.judge({}, [budget])[0]
