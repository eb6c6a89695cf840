"""The status shades tell the statuses apart in a black-and-white print too: each a step of grey
from the others, lighter the better the standing; the dashboard has a class for each."""

from __future__ import annotations

import re
from itertools import combinations

from conftest import ROOT
from mscli.render.columns import STATUS_FILL
from mscli.results.completion import Status

BEST_FIRST = (
    Status.done,
    Status.ahead,
    Status.on_schedule,
    Status.behind,
    Status.seriously_behind,
    Status.missing,
)


def grey(fill: str) -> float:
    """The luminance a black-and-white printer renders a colour at (ITU-R BT.601)."""
    r, g, b = (int(fill[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_every_two_statuses_differ_in_grey() -> None:
    for a, b in combinations(Status, 2):
        assert abs(grey(STATUS_FILL[a]) - grey(STATUS_FILL[b])) >= 12, (a, b)


def test_lighter_the_better_and_dark_enough_for_black_text_to_stay_legible() -> None:
    greys = [grey(STATUS_FILL[s]) for s in BEST_FIRST]
    assert greys == sorted(greys, reverse=True)
    assert min(greys) >= 140


def test_the_dashboard_has_a_class_for_every_shade() -> None:
    css = (ROOT / "src/mscli/render/site/templates/site.css").read_text(encoding="utf-8")
    classes = set(re.findall(r"\.s-([0-9A-F]{6}) \{ background: #\1; \}", css))
    assert set(STATUS_FILL.values()) <= classes
