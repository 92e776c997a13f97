"""The issue's performance budgets, judged against one run's results.

A budget whose targets were not measured (the feature does not exist yet, or its target
failed) says "not measured" rather than passing. A target that answered no request in the
whole run fails every budget it is in: its latencies are empty, not fast.
"""

from dataclasses import dataclass

MEMORY = "worker peak memory"  # the pseudo-target under which a run records memory
HIT_RATE = "page cache hit rate"  # likewise, the share of a mix of readers served cached


@dataclass(frozen=True)
class Budget:
    text: str
    needs: tuple
    check: object  # results -> (passed, detail)


def _ceiling(results, name):
    """The ceiling to compare `name` with: the loads in turn with its own, when there were."""
    return results[name].ceiling or results["ceiling"]


def share_of_ceiling(results, name):
    return results[name].rps / _ceiling(results, name).rps


def rps_share(target, share, of="ceiling"):
    def check(results):
        ratio = share_of_ceiling(results, target)
        if of != "ceiling":  # each against its own ceiling, so drift between them cancels
            ratio /= share_of_ceiling(results, of)
        return ratio >= share, f"{ratio:.1%}"

    return Budget(f"{target}: requests/s at least {share:.0%} of {of}", (target, of), check)


def p99_factor(target, factor):
    def check(results):
        ratio = results[target].p99_ms / _ceiling(results, target).p99_ms
        return ratio <= factor, f"{ratio:.2f}x"

    return Budget(f"{target}: p99 at most {factor:g}x ceiling's", (target, "ceiling"), check)


def p50_under(target, ms):
    def check(results):
        return results[target].p50_ms < ms, f"{results[target].p50_ms:.1f} ms"

    return Budget(f"{target}: p50 under {ms} ms", (target,), check)


def memory_under(mb):
    def check(results):
        return results[MEMORY] < mb, f"{results[MEMORY]:.0f} MB"

    return Budget(f"{MEMORY} under {mb} MB", (MEMORY,), check)


def hit_rate_at_least(share):
    def check(results):
        return results[HIT_RATE] >= share, f"{results[HIT_RATE]:.1%}"

    return Budget(f"{HIT_RATE} on articles at least {share:.0%}", (HIT_RATE,), check)


BUDGETS = [
    rps_share("article", 0.5),
    p99_factor("article", 3),
    rps_share("home", 0.5),
    p99_factor("home", 3),
    rps_share("article, voter", 0.5),
    hit_rate_at_least(0.95),
    rps_share("article, cache off", 0.05),
    rps_share("article, 2,000 comments", 0.8, of="article"),
    rps_share("comment POST", 0.15),
    rps_share("vote POST", 0.15),
    p50_under("search", 50),
    p50_under("tier list, cache off", 200),
    p50_under("platform page, cache off", 200),
    memory_under(150),
]


def judge(results, budgets=BUDGETS):
    """One line per budget: PASS, FAIL or not measured, with the measured figure."""
    lines = []
    for budget in budgets:
        if not all(name in results for name in budget.needs):
            lines.append(f"not measured  {budget.text}")
            continue
        loads = [name for name in budget.needs if name not in (MEMORY, HIT_RATE)]
        silent = [name for name in loads if not results[name].requests]
        if silent:
            lines.append(f"FAIL          {budget.text} ({', '.join(silent)}: no answer)")
            continue
        passed, detail = budget.check(results)
        lines.append(f"{'PASS' if passed else 'FAIL':<12}  {budget.text} ({detail})")
    return lines
