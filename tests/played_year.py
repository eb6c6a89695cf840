"""A year played Q1–Q4 on the frozen 2023 data (tests/december.py's `play_december`), with three
indicators whose paths the tests of the projection, the history and the escalation follow:

- ON_TRACK (技能培训, 27200人次): 22.4% at Q1 (滞后 by 2.6 points), then 55.9%, 83.8%, done.
- WILL_MISS (新开工改造老旧小区, 478户): 0, 120, 180, 264 — behind every quarter, 未完成.
- CATCHES_UP (新增公办幼儿园学位, 540个): 60 and 180 (滞后 in Q1 and Q2), then 420 at Q3
  (77.8%, 按序时 against 75%) and 560 at Q4 (已完成).
"""

from __future__ import annotations

import re
from pathlib import Path

from december import play_december

ON_TRACK = "skill-training"
WILL_MISS = "old-neighbourhoods"
CATCHES_UP = "kindergarten-places"
CATCHES_UP_UNIT = "rz-education"
CATCHES_UP_VALUES = {3: 420, 4: 560}
AS_OF = {1: "2023-04-05", 2: "2023-07-05", 3: "2023-10-08", 4: "2024-01-08"}


def _set_value(path: Path, indicator: str, metric: str, value: int) -> None:
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"(?ms)^(  {re.escape(indicator)}:\n(?:    .*\n)*?      {metric}: )\S+$")
    changed, n = pattern.subn(lambda m: f"{m[1]}{value}", text, count=1)
    assert n == 1, (path, indicator, metric)
    path.write_text(changed, encoding="utf-8")


def play_year(folder: Path) -> Path:
    """The 2023 data in `folder / "data"`, played to December, CATCHES_UP catching up in Q3."""
    data = play_december(folder)
    for quarter, value in CATCHES_UP_VALUES.items():
        path = data / "progress" / f"2023-Q{quarter}" / f"{CATCHES_UP_UNIT}.yaml"
        _set_value(path, CATCHES_UP, "places", value)
    return data
