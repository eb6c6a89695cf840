"""The bundle's format (`mscli-bundle`, version 1): what a county sends, validated when read back.

Everything in it comes from the county's files as checked by `validate`: targets from its
catalogue, values and statuses from the reports it submitted (a draft counts for nothing, as in
every other output), verdicts from its acceptance records. Versioned so that a prefecture's tool
can refuse a format it does not know rather than misread it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from mscli.catalogue.models import Name, Strict

Rate = Annotated[float, Field(ge=0)]


class Made(Strict):
    date: dt.date = Field(title="生成日期")
    as_of: dt.date = Field(title="判断日期", description="各季度的报送和状态按这一天的情况计算")
    commit: str | None = Field(
        default=None, title="提交编号", description="数据所在 git 仓库的 HEAD；不在仓库中时为空"
    )
    modified: bool = Field(
        default=False, title="有未提交的改动", description="生成时数据目录有未提交的改动"
    )
    mscli: Name = Field(title="mscli 版本")


class BundleMetric(Strict):
    id: Name = Field(title="指标项编号")
    name: Name = Field(title="指标项名称")
    kind: Name = Field(title="类型", description="count、amount、rate、milestone、task 等")
    target: float | None = Field(
        default=None, title="年度目标", description="按基本单位；节点事项和工作任务为空"
    )
    unit: str | None = Field(default=None, title="基本单位")
    stages: tuple[Name, ...] = Field(default=(), title="阶段", description="节点事项的各阶段")


class BundleIndicator(Strict):
    id: Name = Field(title="指标编号")
    name: Name = Field(title="指标名称")
    project_id: Name = Field(title="项目编号")
    project: Name = Field(title="项目名称")
    lead_unit: str = Field(title="牵头单位")
    delegated: bool = Field(default=False, title="上级实施")
    metrics: tuple[BundleMetric, ...] = Field(title="指标项")


class MetricValue(Strict):
    id: Name = Field(title="指标项编号")
    value: float | None = Field(default=None, title="累计完成", description="按基本单位")
    completion: Rate | None = Field(
        default=None, title="完成率", description="累计完成 ÷ 年度目标（0.5 即 50%）"
    )
    reached: dict[str, dt.date] = Field(
        default_factory=dict, title="已达到的阶段", description="节点事项、工作任务：阶段及日期"
    )


class IndicatorValue(Strict):
    id: Name = Field(title="指标编号")
    status: Name = Field(
        title="状态", description="已完成、超序时、按序时、滞后、严重滞后、未报送、上级实施"
    )
    completion: Rate | None = Field(default=None, title="完成率")
    schedule: Rate | None = Field(default=None, title="时序进度")
    metrics: tuple[MetricValue, ...] = Field(title="指标项")


class Submission(Strict):
    unit_id: Name = Field(title="单位编号")
    unit: Name = Field(title="单位名称")
    submitted: dt.date | None = Field(default=None, title="报送日期")
    timeliness: Name = Field(title="报送情况", description="按时报送、迟报、待报送、未报送")


class BundleQuarter(Strict):
    quarter: Annotated[int, Field(ge=1, le=4)] = Field(title="季度")
    deadline: dt.date = Field(title="报送截止日期")
    indicators: tuple[IndicatorValue, ...] = Field(title="各指标")
    submissions: tuple[Submission, ...] = Field(title="各牵头单位报送")


class BundleVerdict(Strict):
    project_id: Name = Field(title="项目编号")
    criterion_id: Name = Field(title="验收标准编号")
    verdict: Name = Field(title="结论", description="达标、未达标、待核、不适用")


class Bundle(Strict):
    format: Literal["mscli-bundle"] = Field(title="格式")
    version: Literal[1] = Field(title="格式版本")
    county: Name = Field(title="本级名称", description="报送的县（市、区）")
    prefecture: Name = Field(title="上级名称")
    year: Annotated[int, Field(ge=2000, le=2100)] = Field(title="年度")
    document: Name = Field(title="文号", description="本级年度计划的文号")
    made: Made = Field(title="来源")
    indicators: tuple[BundleIndicator, ...] = Field(title="指标目录")
    quarters: tuple[BundleQuarter, ...] = Field(title="各季度")
    acceptance: tuple[BundleVerdict, ...] = Field(default=(), title="验收结论")
