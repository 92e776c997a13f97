"""Geometry for the server-drawn SVG charts, in a 100-wide coordinate space.

The templates draw the shapes with classes only (the CSP allows no inline style), and every
chart sits beside a table with the same numbers, which is what screen readers are given.
"""

from dataclasses import dataclass

BAR_HEIGHT = 10
GAP = 4


@dataclass
class Bar:
    label: str
    x: float
    y: float
    width: float
    height: float
    css: str = ""


def _height(count):
    return max(count * (BAR_HEIGHT + GAP), BAR_HEIGHT)


def tier_bars(standings):
    """One bar per rated platform, as long as its score out of 100."""
    rated = [s for s in standings if s.score is not None]
    bars = [
        Bar(
            f"{s.platform.name}: {s.score:g} ({s.tier})",
            0,
            i * (BAR_HEIGHT + GAP),
            s.score,
            BAR_HEIGHT,
            f"chart-bar--tier-{s.tier.lower()}",
        )
        for i, s in enumerate(rated)
    ]
    return {"bars": bars, "height": _height(len(bars))}


def band_bars(rows):
    """For each pay band, a bar from its first to its third quartile and a median tick."""
    top = max((row.q3 for row in rows), default=0) * 1.1 or 1
    bars, ticks = [], []
    for i, row in enumerate(rows):
        y = i * (BAR_HEIGHT + GAP)
        label = f"{row.task_type}, {row.credential}: median {row.median:.2f}"
        bars.append(
            Bar(label, 100 * row.q1 / top, y, max(100 * (row.q3 - row.q1) / top, 0.5), BAR_HEIGHT)
        )
        ticks.append(Bar(label, 100 * row.median / top - 0.4, y - 1, 0.8, BAR_HEIGHT + 2))
    return {"bars": bars, "ticks": ticks, "height": _height(len(bars))}


def month_bars(months):
    """Columns of the share paid on time, one per month (`stats.monthly`), 0 to 100 %."""
    if not months:
        return {"bars": [], "height": 40}
    width = 100 / len(months)
    bars = [
        Bar(
            f"{m['month']:%b %Y}: {m['on_time']:.0%} on time",
            i * width + width * 0.1,
            40 * (1 - m["on_time"]),
            width * 0.8,
            40 * m["on_time"],
        )
        for i, m in enumerate(months)
    ]
    return {"bars": bars, "height": 40}


def mood_bars(weeks):
    """Stacked columns per week (`stats.weekly_mood`): negative at the bottom, then neutral,
    then positive."""
    if not weeks:
        return {"bars": [], "height": 40}
    width = 100 / len(weeks)
    bars = []
    for i, week in enumerate(weeks):
        bottom = 40
        for share, css, name in (
            (week["negative"], "chart-bar--negative", "negative"),
            (week["neutral"], "chart-bar--neutral", "neutral"),
            (week["positive"], "chart-bar--positive", "positive"),
        ):
            height = 40 * share
            bottom -= height
            label = f"Week of {week['week']:%d %b}: {share:.0%} {name}"
            bars.append(Bar(label, i * width + width * 0.1, bottom, width * 0.8, height, css))
    return {"bars": bars, "height": 40}
