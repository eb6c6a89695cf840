"""The prefecture's evaluation of its counties per project (mscli rank), from the bundles received.

The source circular: 平顶山's departments evaluate every county in July (年中) and December (年末),
"两次部门评价结果按照从高到低的顺序，确定每项重点民生实事县（市、区）评价排名". The rule set, with its
defaults stated as ours where no published rule fixes them (README, 上级排名; config.yaml's
`ranking:`, catalogue.config.RankingRules):

1. A county's score on a project is a weighted mean of components, each 0–100: 完成率 (the mean
   over the project's indicators, 上级实施 ones left out, of the completion capped at 100 %, a
   milestone's share of stages reached, a task 100 once done, 0 when not reported) and 按时报送 (the
   share of the project's lead units that reported on time). Default weights 1 and 0.
2. Counties are ranked by score as in competitions: equal scores (to 0.01) share a rank and the
   next rank skips ("两个并列第2时，下一名从第4名开始排").
3. Rank points: with more than `small_field` counties (default 5) the first gets 100 and the last
   0, in equal steps by rank; with `small_field` or fewer, the points of `small_field_points`
   (default 100, 90, 80, 70, 60) by rank.
4. A county last on a project at 年中 and again at 年末 loses `last_place_penalty` points (default 5).
5. 年末 gives each county's change of rank since 年中 (positive: moved up).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from mscli.bundle.models import Bundle, BundleIndicator, BundleQuarter, IndicatorValue
from mscli.catalogue.config import RankingRules

DONE = "已完成"
DELEGATED = "上级实施"
ON_TIME = "按时报送"


class Evaluation(StrEnum):
    mid = "年中"
    end = "年末"

    @property
    def quarter(self) -> int:
        return 2 if self is Evaluation.mid else 4


@dataclass(frozen=True)
class CountyScore:
    county: str
    score: float
    completion: float
    timeliness: float
    rank: int
    points: float
    reported: bool
    """Whether the county's bundle holds the evaluation's quarter at all."""
    unfinished: tuple[str, ...]
    """The project's indicators the county has not finished (by name)."""
    penalty: float = 0.0
    change: int | None = None
    """Ranks moved up since 年中 (年末 only)."""


@dataclass(frozen=True)
class Total:
    """A quantity over all the counties: what they reported together against the prefecture's
    target (its own catalogue's, else the sum of the counties' targets)."""

    name: str
    unit: str | None
    value: float
    target: float

    @property
    def completion(self) -> float | None:
        return self.value / self.target if self.target else None


@dataclass(frozen=True)
class ProjectRanking:
    id: str
    title: str
    counties: tuple[CountyScore, ...]
    """In rank order (ties in the order the bundles were given)."""
    totals: tuple[Total, ...] = ()


@dataclass(frozen=True)
class CountyRanking:
    year: int
    evaluation: Evaluation
    projects: tuple[ProjectRanking, ...]


def rank_counties(
    bundles: list[Bundle],
    evaluation: Evaluation,
    rules: RankingRules | None = None,
    targets: Mapping[tuple[str, str], float] | None = None,
) -> CountyRanking:
    """Every project of the bundles' catalogue ranked over the counties for `evaluation`, with its
    quantities' totals; `targets`: the prefecture's own, by (indicator, metric) in base units
    (None: the counties' targets added up)."""
    rules = rules or RankingRules()
    ranked = _evaluate(bundles, evaluation.quarter, rules)
    totals = _totals(bundles, evaluation.quarter, targets)
    ranked = [replace(p, totals=totals.get(p.id, ())) for p in ranked]
    if evaluation is Evaluation.end:
        before = {p.id: {c.county: c for c in p.counties} for p in _evaluate(bundles, 2, rules)}
        ranked = [_against(p, before.get(p.id, {}), rules) for p in ranked]
    return CountyRanking(bundles[0].year if bundles else 0, evaluation, tuple(ranked))


def _evaluate(bundles: list[Bundle], quarter: int, rules: RankingRules) -> list[ProjectRanking]:
    if not bundles:
        return []
    projects: dict[str, tuple[str, list[BundleIndicator]]] = {}
    for indicator in bundles[0].indicators:
        projects.setdefault(indicator.project_id, (indicator.project, []))[1].append(indicator)
    reported = [_reported(b, quarter) for b in bundles]  # each bundle's quarter read once
    ranked = []
    for project_id, (title, indicators) in projects.items():
        scores = [_score(b, r, indicators, rules) for b, r in zip(bundles, reported, strict=True)]
        ranked.append(ProjectRanking(project_id, title, _ranked(scores, rules)))
    return ranked


def _totals(
    bundles: list[Bundle], quarter: int, targets: Mapping[tuple[str, str], float] | None
) -> dict[str, tuple[Total, ...]]:
    """Each project's quantities added up over the counties, in one pass over the bundles."""
    values: dict[tuple[str, str], float] = {}
    shares: dict[tuple[str, str], float] = {}
    for bundle in bundles:
        for indicator in bundle.indicators:
            for metric in indicator.metrics:
                if metric.target is not None:
                    key = (indicator.id, metric.id)
                    shares[key] = shares.get(key, 0.0) + metric.target
        for value in _reported(bundle, quarter).values.values():
            for reading in value.metrics:
                key = (value.id, reading.id)
                values[key] = values.get(key, 0.0) + (reading.value or 0.0)
    found: dict[str, list[Total]] = {}
    for indicator in bundles[0].indicators if bundles else ():
        for metric in indicator.metrics:
            key = (indicator.id, metric.id)
            if indicator.delegated or metric.target is None:
                continue
            target = (targets or {}).get(key, shares.get(key, 0.0))
            total = Total(metric.name, metric.unit, values.get(key, 0.0), target)
            found.setdefault(indicator.project_id, []).append(total)
    return {project: tuple(totals) for project, totals in found.items()}


@dataclass(frozen=True)
class _Reported:
    found: BundleQuarter | None
    values: dict[str, IndicatorValue]


def _reported(bundle: Bundle, quarter: int) -> _Reported:
    found = next((q for q in bundle.quarters if q.quarter == quarter), None)
    return _Reported(found, {v.id: v for v in found.indicators} if found else {})


def _score(
    bundle: Bundle, reported: _Reported, indicators: list[BundleIndicator], rules: RankingRules
) -> CountyScore:
    found, values = reported.found, reported.values
    counted = [i for i in indicators if not i.delegated]
    shares = [_share(i, values.get(i.id)) for i in counted]
    completion = 100 * sum(shares) / len(shares) if shares else 100.0
    leads = {i.lead_unit for i in counted}
    submissions = [s for s in (found.submissions if found else ()) if s.unit in leads]
    on_time = [s for s in submissions if s.timeliness == ON_TIME]
    timeliness = 100 * len(on_time) / len(submissions) if submissions else 0.0
    weights = rules.completion_weight + rules.timeliness_weight
    score = (
        (rules.completion_weight * completion + rules.timeliness_weight * timeliness) / weights
        if weights
        else 0.0
    )
    unfinished = tuple(
        i.name for i in counted if (v := values.get(i.id)) is None or v.status != DONE
    )
    return CountyScore(
        bundle.county,
        round(score, 2),
        round(completion, 2),
        round(timeliness, 2),
        rank=0,
        points=0.0,
        reported=found is not None,
        unfinished=unfinished,
    )


def _share(indicator: BundleIndicator, value: IndicatorValue | None) -> float:
    """0–1: the indicator's completion capped at 1; a milestone's stages reached; a task done."""
    if value is None or value.status == DELEGATED:
        return 0.0
    if value.status == DONE:
        return 1.0
    parts = []
    for metric, reported in zip(indicator.metrics, value.metrics, strict=False):
        if metric.stages:
            parts.append(len(reported.reached) / len(metric.stages))
        elif metric.kind == "task":
            parts.append(1.0 if reported.reached else 0.0)
        else:
            parts.append(min(reported.completion or 0.0, 1.0))
    return sum(parts) / len(parts) if parts else 0.0


def _ranked(scores: list[CountyScore], rules: RankingRules) -> tuple[CountyScore, ...]:
    """Competition ranking (1224) by score, and the points of each rank."""
    n = len(scores)
    ordered = sorted(scores, key=lambda s: -s.score)
    result: list[CountyScore] = []
    for index, s in enumerate(ordered):
        # sorted: the counties ahead are those before the first of its score
        tied = result and result[-1].score == s.score
        rank = result[-1].rank if tied else index + 1
        result.append(replace(s, rank=rank, points=_points(rank, n, rules)))
    return tuple(result)


def _points(rank: int, n: int, rules: RankingRules) -> float:
    if n <= rules.small_field:
        table = rules.small_field_points
        return float(table[rank - 1]) if rank <= len(table) else 0.0
    return round(100 * (n - rank) / (n - 1), 2)


def _against(
    project: ProjectRanking, before: dict[str, CountyScore], rules: RankingRules
) -> ProjectRanking:
    """年末 beside 年中: the change of rank, and the penalty of a county last both times."""
    last_now = max((c.rank for c in project.counties), default=0)
    last_then = max((c.rank for c in before.values()), default=0)
    counties = []
    for c in project.counties:
        then = before.get(c.county)
        twice_last = (  # last with someone ranked above: counties all tied are not last
            then is not None and c.rank == last_now > 1 and then.rank == last_then > 1
        )
        penalty = rules.last_place_penalty if twice_last else 0.0
        counties.append(
            replace(
                c,
                penalty=penalty,
                points=round(c.points - penalty, 2),
                change=None if then is None else then.rank - c.rank,
            )
        )
    return replace(project, counties=tuple(counties))
