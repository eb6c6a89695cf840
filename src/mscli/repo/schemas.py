"""JSON Schemas of every kind of data file, generated from the pydantic models.

They are committed under schemas/ so that editors (the YAML extension's yaml-language-server)
complete and check fields while clerks type; every data file names its schema in a first-line
comment. A test fails when the committed files drift from the models.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from mscli.acceptance.records import AcceptanceFile
from mscli.bundle.models import Bundle
from mscli.catalogue.config import Config
from mscli.catalogue.models import IndicatorsFile, UnitsFile
from mscli.plans.records import PlanFile
from mscli.progress.reports import ProgressFile
from mscli.repo.schema_words import rework

KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "units": (UnitsFile, "单位名录 units.yaml"),
    "indicators": (IndicatorsFile, "年度计划与指标 indicators.yaml"),
    "progress": (ProgressFile, "牵头单位季度进度 progress/<年>-Q<季>/<单位编号>.yaml"),
    "config": (Config, "设置 config.yaml"),
    "acceptance": (AcceptanceFile, "年度验收记录 acceptance/<年>/<项目编号>.yaml"),
    "plan": (PlanFile, "牵头单位落实方案 plans/<年>/<单位编号>.yaml"),
    "bundle": (Bundle, "报送上级的数据包 <本级名称>-<年度>-Q<季度>.mscli.json（mscli bundle）"),
}
TITLES: dict[str, tuple[str, str]] = {
    "Unit": ("单位", "一个单位：编号、规范名称、层级、类别、别名"),
    "Level": (
        "层级",
        "county：本级单位（如汝州市的单位）；prefecture：上级单位（如平顶山市的单位）",
    ),
    "UnitKind": ("类别", "agency：机关事业单位；organization：群团组织；company：企业"),
    "Programme": ("年度计划", "年度、文号、成文日期、发文机关、标题"),
    "Structure": ("方案结构", "本级与上级的名称、初核和认定单位的层级、项目的板块"),
    "BlockName": ("板块", "板块简称（项目 block 一栏）和通报中的标题"),
    "Project": ("项目", "一项重点民生实事：牵头、责任、初核、认定单位，指标和验收标准"),
    "Indicator": ("指标", "附件1 中的一行：指标任务原文（上级下达的或本级方案的）和本级指标任务"),
    "Target": ("本级指标任务", "由若干指标项组成，或注明由上级统一安排实施"),
    "Metric": ("指标项", "本级指标任务中可计量（或按节点、按完成日期衡量）的一项"),
    "MetricKind": (
        "指标项类型",
        "count 数量；rate 比率；range 区间（以下限为完成）；prohibition 禁止事项；"
        "milestone 节点事项（按阶段推进）；task 工作任务（完成于某日）",
    ),
    "StandardSection": ("验收标准", "附件2 中的一组验收标准条目"),
    "Criterion": ("验收标准条目", "一条验收标准：稳定的编号和原文"),
    "IndicatorProgress": (
        "指标进展",
        "一项指标的累计完成值、进展情况、存在问题、下步打算和佐证材料",
    ),
    "Evidence": ("佐证材料", "材料名称和链接或路径"),
    "CriterionRecord": ("一条验收标准的验收记录", "自查、初核、认定三个环节，佐证材料和备注"),
    "StageRecord": ("核查环节", "核查单位、日期、结论和说明"),
    "Verdict": ("结论", "达标、未达标、待核 或 不适用"),
    "AcceptanceEvidence": ("佐证材料", "材料名称、文号、链接或路径"),
    "Leader": ("责任领导", "姓名和职务"),
    "Contact": ("责任人", "姓名和联系电话"),
    "Node": (
        "时间节点",
        "到某日期应达到的年初至今累计值，或节点事项应达到的阶段，或工作任务的完成时限",
    ),
    "IndicatorPlan": (
        "指标落实方案",
        "一项指标的时间节点、主要措施，以及与全单位不同的责任领导、责任人",
    ),
    "StatusRules": ("进度状态规则", "完成率与时序进度之差（百分点）的判定阈值等"),
    "CircularFacts": ("季度通报", "通报的发文机关、发文字号、主送、抄送、署名等"),
    "ProjectionRules": (
        "年底预计",
        "按目前进度预计年底完成情况（预计 v2）的可完成、难以完成界限和通报中列出的季度",
    ),
    "EscalationRules": (
        "督办规则",
        "连续滞后几个季度督办、督办后仍滞后几个季度挂牌督办（赶上进度后才解除）",
    ),
    "ReminderRules": (
        "催办日程和对象",
        "截止前、截止后哪几天催办，催办写给责任人还是也写给责任领导",
    ),
    "CircularIssue": ("一期通报", "该季度通报的发文顺序号和成文日期"),
    "RankingRules": (
        "上级排名规则",
        "完成率和按时报送的权重、小范围排名的县数和名次分、连续末位扣分",
    ),
    "Made": ("来源", "生成日期、判断日期、数据所在仓库的提交编号、mscli 版本"),
    "BundleIndicator": ("指标", "指标编号、名称、所属项目、牵头单位和各指标项的年度目标"),
    "BundleMetric": ("指标项", "编号、名称、类型、年度目标（基本单位）或阶段"),
    "BundleQuarter": ("一个季度", "报送截止日期、各指标的完成情况、各牵头单位的报送情况"),
    "IndicatorValue": ("指标完成情况", "状态、完成率、时序进度和各指标项的累计完成"),
    "MetricValue": ("指标项完成情况", "累计完成、完成率，节点事项已达到的阶段"),
    "Submission": ("报送情况", "牵头单位、报送日期、按时报送或迟报等"),
    "BundleVerdict": ("验收结论", "项目、验收标准条目和结论"),
}
"""Chinese titles for the models (their class names and English docstrings are for developers)."""


def schema_of(kind: str) -> dict[str, Any]:
    model, title = KINDS[kind]
    schema = model.model_json_schema()
    for name, definition in schema.get("$defs", {}).items():
        definition["title"], definition["description"] = TITLES[name]
    schema["title"] = title
    schema.pop("description", None)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return rework(schema)


def schema_text(kind: str) -> str:
    return json.dumps(schema_of(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
