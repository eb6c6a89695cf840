"""The computation, pinned on hand-worked cases for every metric kind and every status."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mscli.catalogue.config import StatusRules
from mscli.catalogue.models import Indicator, Metric
from mscli.results.completion import (
    Status,
    classify,
    indicator_completion,
    indicator_schedule,
    metric_completion,
)

RULES = StatusRules()


def metric(kind: str, value: float | None = None, **extra: object) -> Metric:
    unit = {"rate": "%", "prohibition": None}.get(kind, "个")
    return Metric.model_validate(
        {"id": "m", "name": "指标项", "kind": kind, "value": value, "unit": unit, **extra}
    )


def indicator(*metrics: Metric, schedule: list[float] | None = None) -> Indicator:
    return Indicator.model_validate(
        {
            "id": "i",
            "text": "原文",
            "target": {"text": "目标", "metrics": [m.model_dump() for m in metrics]},
            "schedule": schedule,
        }
    )


@pytest.mark.parametrize(
    ("m", "actual", "expected"),
    [
        (metric("count", 27200), 13600, 0.5),  # 1.36万 of 2.72万人次
        (metric("count", 20), 26, 1.3),  # uncapped at the metric level
        (metric("rate", 75), 30, 0.4),  # villages with a delivery station, reached by year end
        (metric("rate", 98, sustained=True), 98.5, 1.0),  # pass rate met
        (metric("rate", 98, sustained=True), 97.9, 0.0),  # pass rate missed: not met at all
        (metric("range", 2, maximum=3), 1, 0.5),  # 创建2—3个: the floor counts
        (metric("range", 2, maximum=3), 3, 1.5),
        (metric("prohibition"), 0, 1.0),  # no major incident
        (metric("prohibition"), 1, 0.0),
    ],
)
def test_metric_completion(m: Metric, actual: float, expected: float) -> None:
    assert metric_completion(m, actual) == pytest.approx(expected)


def test_indicator_completion_caps_each_metric_before_averaging() -> None:
    streets, shops, volunteers = metric("count", 1), metric("count", 10), metric("count", 100)
    # 2 streets (capped at 1), 5 shops (0.5), 30 volunteers (0.3): (1 + 0.5 + 0.3) / 3 = 0.6
    assert indicator_completion([streets, shops, volunteers], [2, 5, 30]) == pytest.approx(0.6)


def test_schedule_defaults_to_quarters_and_honours_a_declared_one() -> None:
    plain = indicator(metric("count", 5))
    assert [indicator_schedule(plain, q) for q in (1, 2, 3, 4)] == [0.25, 0.5, 0.75, 1.0]
    backloaded = indicator(metric("count", 5), schedule=[0, 20, 60, 100])
    assert indicator_schedule(backloaded, 2) == pytest.approx(0.2)


def test_sustained_rates_and_prohibitions_are_held_every_quarter() -> None:
    food = indicator(metric("rate", 98, sustained=True), metric("prohibition"))
    assert indicator_schedule(food, 1) == 1.0
    mixed = indicator(metric("count", 10), metric("rate", 98, sustained=True))
    assert indicator_schedule(mixed, 1) == pytest.approx((0.25 + 1.0) / 2)


@pytest.mark.parametrize(
    ("completion", "schedule", "status"),
    [
        (1.0, 0.5, Status.done),
        (1.2, 0.25, Status.done),
        (0.6, 0.5, Status.ahead),  # exactly 10 points ahead
        (0.59, 0.5, Status.on_schedule),
        (0.5, 0.5, Status.on_schedule),
        (0.49, 0.5, Status.behind),
        (0.3, 0.5, Status.behind),  # exactly 20 points behind
        (0.29, 0.5, Status.seriously_behind),
        (0.0, 1.0, Status.seriously_behind),  # a sustained rate not met
    ],
)
def test_classify(completion: float, schedule: float, status: Status) -> None:
    assert classify(completion, schedule, RULES) is status


def test_classify_follows_configured_thresholds() -> None:
    lenient = StatusRules(ahead=5, tolerance=5, serious=30)
    assert classify(0.46, 0.5, lenient) is Status.on_schedule
    assert classify(0.55, 0.5, lenient) is Status.ahead
    assert classify(0.25, 0.5, lenient) is Status.behind


counts = st.floats(min_value=0, max_value=1e6, allow_nan=False)


@given(target=st.floats(min_value=0.01, max_value=1e6), a=counts, b=counts)
def test_count_completion_never_falls_when_actual_rises(target: float, a: float, b: float) -> None:
    m = metric("count", target)
    low, high = sorted((a, b))
    assert metric_completion(m, high) >= metric_completion(m, low)


@given(
    kind=st.sampled_from(["count", "rate", "sustained", "range"]),
    target=st.floats(min_value=0.01, max_value=100),
    a=st.floats(min_value=0, max_value=100),
    b=st.floats(min_value=0, max_value=100),
    other=st.floats(min_value=0, max_value=100),
)
def test_indicator_completion_is_monotone(
    kind: str, target: float, a: float, b: float, other: float
) -> None:
    extra: dict[str, object] = {}
    if kind == "sustained":
        kind, extra = "rate", {"sustained": True}
    if kind == "range":
        extra = {"maximum": target + 1}
    m, n = metric(kind, target, **extra), metric("count", 50)
    low, high = sorted((a, b))
    assert indicator_completion([m, n], [high, other]) >= indicator_completion([m, n], [low, other])
