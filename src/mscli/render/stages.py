"""Milestones and tasks in words, the way a 通报 states them, never as a percentage:
已于4月20日开工、9月10日主体完工，计划12月底前竣工; 尚未开工（计划4月底前开工，已逾期61天）;
已于8月15日完成.
"""

from __future__ import annotations

import calendar
import datetime as dt

from mscli.catalogue.models import Metric, MetricKind
from mscli.results.milestones import ItemProgress, StageState


def day_text(day: dt.date) -> str:
    """9月10日: a day of the programme's year, as a circular writes it."""
    return f"{day.month}月{day.day}日"


def by_text(day: dt.date) -> str:
    """年底前, 9月底前, 9月15日前: a deadline as a circular writes it."""
    if day.month == 12 and day.day == 31:
        return "年底前"
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return f"{day.month}月底前"
    return f"{day_text(day)}前"


def _late(stage: StageState) -> str:
    """已逾期31天; 已逾期 on the due day itself."""
    return f"已逾期{stage.days_late}天" if stage.days_late else "已逾期"


def target_text(metric: Metric) -> str:
    """第一实验幼儿园建设（开工、主体完工、竣工、投入使用）; a task's name alone."""
    if metric.kind is MetricKind.milestone:
        return f"{metric.name}（{'、'.join(metric.stages)}）"
    return metric.name


def item_text(item: ItemProgress) -> str:
    """Which stages were reached and on which day, and what is due next (overdue named)."""
    reached = item.reached
    parts = []
    if reached:
        parts.append(
            "已于" + "、".join(f"{day_text(s.reached)}{s.name}" for s in reached if s.reached)
        )
    following = item.next
    if following is None:
        return "，".join(parts)
    if following.planned is not None:
        if following.overdue:
            planned = f"计划{by_text(following.planned)}{following.name}"
            parts.append(f"尚未{following.name}（{planned}，{_late(following)}）")
            if len(item.overdue) > 1:
                parts.append(f"共{len(item.overdue)}个阶段逾期")
        else:
            parts.append(f"计划{by_text(following.planned)}{following.name}")
        return "，".join(parts)
    # the plan gives this stage no date: name it, and the next stage that has one
    parts.append(f"下一阶段为{following.name}" if reached else f"尚未{following.name}")
    after = item.stages[item.stages.index(following) + 1 :]
    dated = next((s for s in after if s.planned is not None), None)
    if dated is not None and dated.planned is not None:
        parts.append(f"计划{by_text(dated.planned)}{dated.name}")
        if dated.overdue:
            parts.append(_late(dated))
    return "，".join(parts)
