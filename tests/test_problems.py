"""Problems are reported once each, in file order, however many checks find them."""

from __future__ import annotations

from mscli.problems import Location, Severity, sort_problems


def test_sort_problems_orders_by_place_and_drops_duplicates() -> None:
    units = Location("data/units.yaml", 12, 9)
    early = Location("data/indicators.yaml", 3, 1).problem("empty", "不能为空")
    late = units.problem("duplicate-id", "单位编号“rz-health”重复（第一次在第 8 行）")
    warning = units.problem("far-above-target", "超过目标", Severity.warning)
    found = [late, warning, early, late, early]
    assert sort_problems(found) == [early, late, warning]
