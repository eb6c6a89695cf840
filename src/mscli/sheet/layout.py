"""Where everything lies in the fill-in workbook, so that export writes and import reads one layout.

The sheet 进度 holds a title, the date and contact cells, a header row and one row per metric; only
the cells to fill are unlocked. 说明 is the clerk's guide. The very hidden 元数据 names the unit and
the quarter and which row of 进度 holds which metric. Values in the workbook are in each metric's
display unit (1.52 for 1.52万人次): a plain number, as 说明 tells the clerk and each value cell's data
validation (value_words) enforces.
"""

from __future__ import annotations

from mscli.catalogue.models import Metric, MetricKind
from mscli.quantities import multiplier

SHEET, GUIDE, META = "进度", "说明", "元数据"
MARK, VERSION = "mscli sheet export", 2
READABLE_VERSIONS = (1, 2)  # 1 had the indicator's id in column A, 2 its Chinese name

# 进度
HEADER_ROW = 4  # metric rows follow it
DATE_CELL, CONTACT_CELL = "B3", "H3"
NAME_COLUMN, METRIC_COLUMN, VALUE_COLUMN = "A", "C", "F"  # the ids are in 元数据
TEXT_COLUMNS = {"progress": "H", "issues": "I", "next_steps": "J"}  # progress-file key: column
COLUMNS = {  # letter: (header, width)
    "A": ("指标", 24),
    "B": ("指标（原文）", 32),
    "C": ("指标项", 22),
    "D": ("年度目标", 11),
    "E": ("上季度累计值", 12),
    "F": ("本季度累计值（填写）", 14),
    "G": ("单位", 8),
    "H": ("进展情况（填写）", 42),
    "I": ("存在问题（填写）", 32),
    "J": ("下步打算（填写）", 32),
}
FILL_COLOUR, HEADER_COLOUR, IDLE_COLOUR = "FFF2CC", "D9E1F2", "F2F2F2"  # 浅黄色: cells to fill

# 元数据: a label in column A and its value in column B; then, under the row headers of
# META_HEADER, one row per metric row of 进度.
META_MARK, META_VERSION, META_UNIT, META_YEAR, META_QUARTER = "B1", "B2", "B3", "B4", "B5"
META_LABELS = {
    META_MARK: "生成工具",
    META_VERSION: "格式版本",
    META_UNIT: "单位编号",
    META_YEAR: "年度",
    META_QUARTER: "季度",
}
META_HEADER = ("行号", "指标编号", "指标项编号", "阶段")
"""A milestone has a row per stage, a task one row (阶段 完成): column D names it; its value cell
holds the date the stage was reached."""
META_FIRST_ROW = 8  # META_HEADER stands on the row above


def factor(metric: Metric) -> int:
    """How many base units one number in the workbook stands for."""
    return multiplier(metric.unit or "", metric.display_unit)


def tidy(value: float) -> float | int:
    """Drop binary noise (1.5200000000000002) and write whole numbers as integers."""
    rounded = float(f"{value:.12g}")
    return int(rounded) if rounded.is_integer() and abs(rounded) < 1e15 else rounded


def displayed(base: float, metric: Metric) -> float | int:
    """A base-unit value as the workbook shows it: 15200 人次 is 1.52 in a 万人次 column."""
    return tidy(base / factor(metric))


def unit_shown(metric: Metric) -> str:
    """The 单位 column: the unit a number in the value cell is counted in."""
    if metric.kind is MetricKind.prohibition:
        return "起"
    return metric.display_unit if factor(metric) != 1 and metric.display_unit else metric.unit or ""


def value_words(metric: Metric) -> tuple[str, str]:
    """A value cell's prompt and the error Excel shows when its data validation refuses a value;
    import says the same of a cell it cannot read (one that was pasted, skipping the check)."""
    if metric.kind is MetricKind.prohibition:
        return "填写发生起数，未发生填 0", "请填写不小于 0 的整数（发生起数）"
    if metric.kind is MetricKind.rate:
        return "填写百分数，如 96.5 表示 96.5%", "请填写 0 至 100 之间的数（百分数）"
    unit = unit_shown(metric)
    plain_number = (
        f"只填数字，1.52 表示 1.52{unit}，不要写“万”字或单位" if factor(metric) != 1 else "只填数字"
    )
    return f"年初至今的累计值，单位：{unit}；{plain_number}", (
        f"请填写不小于 0 的数字，单位：{unit}（{plain_number}）"
    )
