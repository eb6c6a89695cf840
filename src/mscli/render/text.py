"""Wording shared by every renderer, free of rich and jinja2: targets, actual values, a quarter's
overview sentence, Markdown table cells.

The circular's template context, the attachment table, the status views and the diff all word an
indicator the same way through these functions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from mscli.catalogue.models import Level, Metric, MetricKind
from mscli.plans.schedule import Basis
from mscli.quantities import chinese_date, chinese_number, percent, plain, show
from mscli.render import stages
from mscli.results.completion import Status, labelled_counts
from mscli.results.county_ranking import ProjectRanking
from mscli.results.summary import (
    IndicatorResult,
    MetricResult,
    QuarterSummary,
    Timeliness,
    UnitResult,
)


def metric_text(metric: Metric) -> str:
    """技能培训2.72万人次, 示范乡镇2—3个, 不发生重大食品安全事故; a milestone's stages."""
    if metric.kind.staged:
        return stages.target_text(metric)
    if metric.kind is MetricKind.prohibition:
        return f"不发生{metric.name}"
    value, unit = metric.base_target
    if metric.kind is MetricKind.range:
        assert metric.maximum is not None
        return f"{metric.name}{show(value, None)}—{show(metric.maximum, unit, metric.display_unit)}"
    return f"{metric.name}{show(value, unit, metric.display_unit)}"


QUANTITIES = (MetricKind.count, MetricKind.range)
"""The kinds whose target is an amount for the year, said in a sentence as 年度目标."""


def stated_metric_text(metric: Metric) -> str:
    """A target as a sentence states it: 技能培训年度目标2.72万人次 for an amount; a rate, a
    prohibition and a milestone's or task's stages as `metric_text` words them."""
    text = metric_text(metric)
    if metric.kind in QUANTITIES and text.startswith(metric.name):
        return f"{metric.name}年度目标{text[len(metric.name) :]}"
    return text


def metric_actual_text(m: MetricResult) -> str:
    """A metric's reported value with its unit; — when there is none."""
    if m.actual is None:
        return "—"
    if m.item is not None:
        return stages.item_text(m.item)
    if m.kind is MetricKind.prohibition:
        return f"发生{show(m.actual, None)}起"
    return show(m.actual, m.unit, m.display_unit)


def targets(result: IndicatorResult) -> str:
    """Ruzhou's target of an indicator, or who carries a delegated one out."""
    if result.status is Status.delegated:
        return "由" + "、".join(result.delegated_to) + "统一安排实施"
    return "；".join(metric_text(m.metric) for m in result.metrics)


def stated_targets(result: IndicatorResult) -> str:
    """`targets` for a sentence: amounts marked as the year's target (`stated_metric_text`)."""
    if result.status is Status.delegated:
        return targets(result)
    return "；".join(stated_metric_text(m.metric) for m in result.metrics)


def progress_text(result: IndicatorResult, *, year_end: bool) -> str:
    """Each metric's target with what was done, as a sentence pairs them: 宫颈癌筛查年度目标8649人，
    累计完成4815人，乳腺癌筛查年度目标8649人，累计完成4657人 (never 目标；目标，完成；完成)."""
    parts = []
    for m in result.metrics:
        actual = metric_actual_text(m)
        if m.kind is MetricKind.prohibition:
            done = f"实际{actual}"
        elif m.kind is MetricKind.rate:
            done = f"达到{actual}"
        else:
            done = f"{'全年' if year_end else ''}累计完成{actual}"
        parts.append(f"{stated_metric_text(m.metric)}，{done}")
    return "，".join(parts)


def actuals(result: IndicatorResult) -> str:
    """The cumulative actual values, named per metric when there are several."""
    if result.status is Status.delegated:
        return "—"
    if len(result.metrics) == 1:
        return metric_actual_text(result.metrics[0])
    return "；".join(f"{m.name}{metric_actual_text(m)}" for m in result.metrics)


def completion_text(result: IndicatorResult) -> str:
    """完成率 as shown: a milestone or task is worded by its stages, never a percentage (—)."""
    return "—" if result.item is not None else percent(result.completion)


def schedule_figure(result: IndicatorResult) -> str:
    """时序进度 as shown: — for a milestone or task (its stages' dates say it)."""
    return "—" if result.item is not None else percent(result.schedule, 0)


def overview(summary: QuarterSummary) -> str:
    """One sentence with the quarter's overall figures."""
    counts = summary.counts
    counted = sum(n for s, n in counts.items() if s is not Status.delegated)
    shown = labelled_counts(
        {s: n for s, n in counts.items() if s is not Status.delegated}, year_end=summary.year_end
    )
    parts = "、".join(f"{label}{n}项" for label, n, _ in shown)
    names = summary.structure
    delegated = counts[Status.delegated]
    return (
        f"{summary.year}年第{summary.quarter}季度：{names.county}承担的{counted}项指标中，{parts}；"
        + (
            f"另有{delegated}项由{names.prefecture}统一安排实施。"
            if delegated or names.verifiers is Level.prefecture
            else ""
        )
        + f"总体完成率{percent(summary.completion)}（未报送按0计）。"
    )


def schedule_note(summary: QuarterSummary) -> str:
    """Which schedule the counted indicators' 时序进度 comes from, in one sentence: never silent
    (mscli.plans.schedule)."""
    counts = Counter(r.schedule_basis for r in summary.indicators if r.counted)
    if not counts:
        return ""
    if len(counts) == 1:
        (basis,) = counts
        return f"时序进度：{counts[basis]}项指标均{basis.value}。"
    parts = "，".join(f"{counts[b]}项{b.value}" for b in Basis if counts[b])
    return f"时序进度：{parts}。"


_SCHEDULE_WORDS = {
    Basis.plan: "按落实方案",
    Basis.partly: "部分指标项按落实方案",
    Basis.even: "按季度均衡序时，未报落实方案",
    Basis.catalogue: "按指标目录所定季度序时，未报落实方案",
    Basis.held: "每季度均须达标",
    Basis.due_by_catalogue: "按指标目录所定完成时限，未报落实方案",
    Basis.year_end: "按年底前完成，未报落实方案",
}


def schedule_text(result: IndicatorResult) -> str:
    """时序进度55%（按落实方案）: the figure with the schedule it comes from, for a sentence; for a
    milestone or task only where its dates come from (计划日期按落实方案)."""
    if result.item is not None:
        return f"计划日期{_SCHEDULE_WORDS[result.schedule_basis]}"
    return f"时序进度{percent(result.schedule, 0)}（{_SCHEDULE_WORDS[result.schedule_basis]}）"


WORD_JOINER = "\u2060"
"""Invisible and zero-width: put after an @ or a #, it keeps GitHub from reading a mention
(@user, @org/team), an issue reference (#12, owner/repo#12) or an e-mail address."""
_MD_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")
_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]<>|~&$!#])")
_MD_LINE_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([-+])")
_MD_URL = re.compile(r"(?i)(?<=[a-z]:)(?=//)|(?<=www)(?=\.)")


def md_text(text: str) -> str:
    """Data as inert Markdown text, for every text mscli writes to be posted on GitHub (remind,
    diff, status and acceptance in -f md): in a table cell, a list item, a heading or a paragraph.

    Every Markdown character is backslash-escaped (so no link, image, emphasis, code, raw HTML,
    `<!--` or entity; `\\|` cannot end a table cell), the line stays one line that starts as text
    (no heading, list, quote or indented code), and a word joiner after @ and # and inside
    `://` and `www.` keeps GitHub from notifying people, referencing issues or linking addresses.
    """
    text = _MD_BREAKS.sub(" ", text).strip()
    text = _MD_PUNCTUATION.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)
    text = text.replace("@", "@" + WORD_JOINER).replace("#", "#" + WORD_JOINER)
    return _MD_URL.sub(WORD_JOINER, text)


def judged_on(summary: QuarterSummary) -> str:
    """（截至2023年9月20日）: the day whose reports the figures count."""
    return f"（截至{chinese_date(summary.as_of)}）" if summary.as_of != dt.date.max else ""


def year_record_text(unit: UnitResult) -> str:
    """At year end, how the unit reported over the year: 全年按时报送, 第三季度迟报,
    第一季度未报送，第三季度迟报; "" before the fourth quarter or with no earlier quarter on file."""
    if not unit.record:
        return ""
    found = unit.late_or_missing
    if not found:
        return "此前各季度按时报送" if unit.timeliness is Timeliness.pending else "全年按时报送"
    return "，".join(
        "、".join(f"第{chinese_number(q)}季度" for q in quarters) + state.value
        for state, quarters in found.items()
    )


def year_score_rule(weight: float) -> str:
    """The 年末 score's rule as the circular and the README state it (StatusRules.year_record_weight)."""
    if not weight:
        return "年末得分按第四季度完成情况和报送情况计算"
    return f"年末得分按第四季度得分占{plain(100 - weight)}%、前三季度平均得分占{plain(weight)}%合成"


def finished_sentence(project: ProjectRanking) -> str:
    """The way the province's 通报 name who has not finished: 除X县、Y县外，其余均已完成; the
    fewer side is named, so that when most have not finished the few that have are
    (甲县已全部完成，其余县（市、区）尚未全部完成)."""
    behind = [c.county for c in project.counties if c.unfinished]
    done = [c.county for c in project.counties if not c.unfinished]
    if not behind:
        return "各县（市、区）均已完成"
    if not done:
        return "各县（市、区）均未全部完成"
    if len(done) < len(behind):
        return f"{'、'.join(done)}已全部完成，其余县（市、区）尚未全部完成"
    return f"除{'、'.join(behind)}外，其余县（市、区）均已完成"


def standing_sentence(project: ProjectRanking) -> str:
    """Who has finished, then the counties' totals: what the terminal and the dashboard say
    under a project's ranking."""
    return f"{finished_sentence(project)}。{totals_sentence(project)}"


def totals_sentence(project: ProjectRanking) -> str:
    """各县（市、区）合计：技能培训累计完成16.2万人次，为年度目标16万人次的101.3%。 ('' without a
    quantity)."""
    parts = [
        f"{t.name}累计完成{show(t.value, t.unit)}，为年度目标{show(t.target, t.unit)}的"
        f"{percent(t.completion)}"
        if t.completion is not None
        else f"{t.name}累计完成{show(t.value, t.unit)}"
        for t in project.totals
    ]
    return f"各县（市、区）合计：{'；'.join(parts)}。" if parts else ""


def ranked_sentence(project: ProjectRanking) -> str:
    """The counties in rank order, a tie said once: 第1名甲县，并列第2名乙县、丙县，第4名丁县."""
    ranks: dict[int, list[str]] = {}
    for c in project.counties:
        ranks.setdefault(c.rank, []).append(c.county)
    return "，".join(
        f"{'并列' if len(names) > 1 else ''}第{rank}名{'、'.join(names)}"
        for rank, names in sorted(ranks.items())
    )


def rank_change_text(change: int | None) -> str:
    """A county's change of rank since 年中: 上升2位, 下降3位, 持平; — without one."""
    if change is None:
        return "—"
    return "持平" if change == 0 else (f"上升{change}位" if change > 0 else f"下降{-change}位")
