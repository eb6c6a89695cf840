"""Escalation (督办) from a status history (mscli.results.history), by config's `escalation:`.

The rule, as the README states it (defaults follow the supervision platforms' common practice):
- behind `supervise_after` quarters running (default 2) → 督办;
- still behind `list_after` quarters after the 督办 (default 1) → 挂牌督办, named in the circular;
- a level never drops while the indicator is behind, however much the gap narrows (严重滞后 →
  滞后 is still behind): it is released (解除督办) only in a quarter whose status is no longer
  behind, that is when the shortfall against the schedule is made up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from mscli.catalogue.config import EscalationRules
from mscli.results.history import QuarterState, YearHistory

RELEASED = "解除督办"


class Level(StrEnum):
    none = ""
    supervised = "督办"
    listed = "挂牌督办"


@dataclass(frozen=True)
class Step:
    quarter: int
    behind: bool
    run: int
    """Quarters behind running, this one included."""
    level: Level
    event: str | None
    """督办 or 挂牌督办 when the level rises this quarter, 解除督办 when it is released."""


@dataclass(frozen=True)
class Escalation:
    steps: tuple[Step, ...]

    @property
    def level(self) -> Level:
        return self.steps[-1].level if self.steps else Level.none

    @property
    def streak(self) -> int:
        return self.steps[-1].run if self.steps else 0

    @property
    def released(self) -> bool:
        """No level now, after a 督办 released this year: the shortfall was made up."""
        return self.level is Level.none and any(s.event == RELEASED for s in self.steps)

    @property
    def since(self) -> int | None:
        """The quarter the current level was first reached (None without one)."""
        if self.level is Level.none:
            return None
        for step in reversed(self.steps):
            if step.level is Level.none:
                break
            first = step.quarter
        return first


def escalate(states: Sequence[QuarterState], rules: EscalationRules) -> Escalation:
    steps = []
    level, run, after = Level.none, 0, 0
    for state in states:
        event = None
        if state.behind:
            run += 1
            if level is Level.none and run >= rules.supervise_after:
                level, after, event = Level.supervised, 0, Level.supervised.value
            elif level is Level.supervised:
                after += 1
                if after >= rules.list_after:
                    level, event = Level.listed, Level.listed.value
        else:
            run = 0
            if level is not Level.none:
                level, event = Level.none, RELEASED
        steps.append(Step(state.quarter, state.behind, run, level, event))
    return Escalation(tuple(steps))


def escalations(history: YearHistory, rules: EscalationRules) -> dict[str, Escalation]:
    """Each indicator's escalation by its id, each unit's by "unit:" + its id."""
    found = {h.id: escalate(h.states, rules) for h in history.indicators}
    found |= {"unit:" + h.id: escalate(h.states, rules) for h in history.units}
    return found
