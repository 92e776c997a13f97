import dataclasses

from bench import budgets
from bench.wrk import Result


def result(rps, p50=1.0, p99=5.0):
    return Result(
        requests=int(rps * 10), seconds=10, p50_ms=p50, p99_ms=p99, errors=0, bad_status=0
    )


def test_passes_and_fails_against_the_ceiling():
    """Shares and factors are judged against the ceiling of the same run."""
    results = {"ceiling": result(1000, p99=10), "article": result(600, p99=40)}
    lines = budgets.judge(
        results, [budgets.rps_share("article", 0.5), budgets.p99_factor("article", 3)]
    )
    assert lines[0].startswith("PASS") and "60.0%" in lines[0]
    assert lines[1].startswith("FAIL") and "4.00x" in lines[1]


def test_each_target_is_judged_against_the_ceiling_beside_it():
    """A target loaded in turn with the ceiling is compared with those loads; a share of
    another target compares the two targets' shares, so drift between their loads cancels."""
    beside = result(1200, p99=10)
    results = {
        "ceiling": result(1000, p99=5),
        "article": dataclasses.replace(result(600, p99=25), ceiling=beside),
        "heavy": dataclasses.replace(result(500), ceiling=result(1000)),
    }
    lines = budgets.judge(
        results,
        [
            budgets.rps_share("article", 0.5),
            budgets.p99_factor("article", 3),
            budgets.rps_share("heavy", 0.8, of="article"),
        ],
    )
    assert lines[0].startswith("PASS") and "50.0%" in lines[0]
    assert lines[1].startswith("PASS") and "2.50x" in lines[1]
    assert lines[2].startswith("PASS") and "100.0%" in lines[2]


def test_unmeasured_targets_are_said_so():
    """A budget whose target did not run is neither passed nor failed."""
    lines = budgets.judge({"ceiling": result(1000)}, [budgets.rps_share("vote POST", 0.15)])
    assert lines == ["not measured  vote POST: requests/s at least 15% of ceiling"]


def test_memory_and_search_budgets():
    """Peak memory and search latency have absolute limits."""
    results = {budgets.MEMORY: 151, "search": result(100, p50=12)}
    lines = budgets.judge(results, [budgets.memory_under(150), budgets.p50_under("search", 50)])
    assert lines[0].startswith("FAIL") and "151 MB" in lines[0]
    assert lines[1].startswith("PASS")


def test_a_target_that_never_answered_fails():
    """wrk reports no latency when every request timed out: that is a failure, not 0 ms."""
    silent = Result(requests=0, seconds=10, p50_ms=0, p99_ms=0, errors=40, bad_status=0)
    lines = budgets.judge({"search": silent}, [budgets.p50_under("search", 50)])
    assert lines == ["FAIL          search: p50 under 50 ms (search: no answer)"]
