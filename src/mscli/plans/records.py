"""Lead units' plans (落实方案): data/plans/<year>/<unit-id>.yaml, read and validated.

One file per lead unit and year, edited by pull request like the progress files. It names the
unit's 责任领导 (name, post) and 责任人 (name, phone), which an indicator may override, and for
each indicator the unit leads its time nodes: per metric, dated cumulative values ("by date D,
value V"), and optional 主要措施.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from mscli.catalogue.models import Date, Id, Name, ReportedValue, Strict, Text
from mscli.files import safe_path
from mscli.problems import Problem
from mscli.yamlio.load import UNIT_FILE_VALUES, Layout, parse_model, walk_layout
from mscli.yamlio.source import Source

PLANS_DIR = "plans"
_YEAR_DIR = re.compile(r"^(?P<year>20\d\d)$")
_PHONE = re.compile(
    r"^(1[3-9]\d{9}"  # a mobile number: 13812345678
    r"|(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?"  # a fixed line, with area code and extension
    r"|400-?\d{3}-?\d{4})$"
)


PHONE_TEXT = (
    r"^ *(1 *[3-9]( *\d){9}"
    r"|(0( *\d){2,3}( *-)?)? *[2-9]( *\d){6,7}( *-( *\d){1,6})?"
    r"|4 *0 *0( *-)?( *\d){3}( *-)?( *\d){4}) *$"
)
"""_PHONE for the schemas, with the spaces the check removes first (138 1234 5678)."""
PHONE_WORDS = (
    "不像电话号码：手机写 11 位（如 13812345678），"
    "固定电话写区号和号码（如 0375-6022222，以 0 开头时须带连字符或加引号）"
)


def _phone_text(value: Any) -> Any:
    """A mobile number written without quotes is read by YAML as a number: take its digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _phone(text: str) -> str:
    compact = text.replace(" ", "")
    if not _PHONE.match(compact):
        raise ValueError(f"“{text}”{PHONE_WORDS}")
    return compact


Phone = Annotated[
    str,
    BeforeValidator(_phone_text),
    Field(max_length=30),
    AfterValidator(_phone),
    # a mobile number written without quotes is a YAML number, which the model accepts too
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "maxLength": 30, "pattern": PHONE_TEXT},
                {"type": "integer", "minimum": 13000000000, "maximum": 19999999999},
                {"type": "integer", "minimum": 2000000, "maximum": 99999999},
                {"type": "integer", "minimum": 4000000000, "maximum": 4009999999},
            ],
            "$comment": "phone",
        }
    ),
]


class Leader(Strict):
    """责任领导: the leader answerable for the work."""

    name: Name = Field(title="姓名")
    post: Name = Field(title="职务", description="如 副局长")


class Contact(Strict):
    """责任人: the person who does the work and answers the 催办 call."""

    name: Name = Field(title="姓名")
    phone: Phone = Field(
        title="联系电话", description="手机或固定电话，如 13812345678、0375-6022222"
    )


class Node(Strict):
    """A commitment: by `date`, the cumulative value `value` (in the metric's display unit); for
    a milestone, by `date` the stage `stage`; for a task, its due date alone."""

    date: Date = Field(title="节点日期", description="如 2023-06-30")
    value: ReportedValue | None = Field(
        default=None,
        title="累计目标值",
        description="数量、比率、区间类：到该日期应达到的年初至今累计值，写法同进度文件：1.2 或 1.2万"
        "（按显示单位）",
    )
    stage: Name | None = Field(
        default=None,
        title="阶段",
        description="节点事项（milestone）：到该日期应达到的阶段，如 主体完工；工作任务（task）只写 date",
    )


class IndicatorPlan(Strict):
    leader: Leader | None = Field(
        default=None, title="责任领导", description="与全单位的责任领导不同时填写"
    )
    contact: Contact | None = Field(
        default=None, title="责任人", description="与全单位的责任人不同时填写"
    )
    nodes: dict[Id, tuple[Node, ...]] = Field(
        default_factory=dict,
        title="时间节点",
        description="键为指标项编号，值为按日期先后排列的节点 {date, value}",
    )
    measures: Text | None = Field(default=None, title="主要措施")


class PlanFile(Strict):
    draft: Annotated[bool, Field(strict=True)] = Field(
        default=False,
        title="草稿",
        description="true 表示方案尚未确定（如 mscli new-year 从上年沿用的方案）："
        "不用于时序进度和节点预警；确定后删去此行或改为 false",
    )
    leader: Leader | None = Field(
        default=None, title="责任领导", description="未填写时 validate 给出警告"
    )
    contact: Contact | None = Field(
        default=None, title="责任人", description="未填写时 validate 给出警告"
    )
    indicators: dict[Id, IndicatorPlan] = Field(
        default_factory=dict, title="各项指标的落实方案", description="键为指标编号"
    )


@dataclass(frozen=True)
class Plan:
    """One lead unit's plan for one year, with where it came from."""

    unit_id: str
    year: int
    data: PlanFile
    source: Source
    path: Path

    def leader(self, indicator_id: str) -> Leader | None:
        entry = self.data.indicators.get(indicator_id)
        return (entry.leader if entry else None) or self.data.leader

    def contact(self, indicator_id: str) -> Contact | None:
        entry = self.data.indicators.get(indicator_id)
        return (entry.contact if entry else None) or self.data.contact


def year_dir(root: Path, year: int) -> Path:
    return root / PLANS_DIR / str(year)


def plan_path(root: Path, year: int, unit_id: str) -> Path:
    return safe_path(year_dir(root, year), f"{unit_id}.yaml", what="单位编号生成的文件名")


def parse_plan(
    raw: bytes, *, path: Path, file: str, year: int
) -> tuple[Plan | None, list[Problem]]:
    data, source, problems = parse_model(raw, PlanFile, file=file, limit=UNIT_FILE_VALUES)
    if data is None or source is None:
        return None, problems
    return Plan(path.stem, year, data, source, path), problems


PLANS_LAYOUT = Layout(
    folder=PLANS_DIR,
    period=_YEAR_DIR,
    example="2023",
    what="落实方案",
    inside="年度文件夹",
    owner="单位",
    per="本年度",
    rule="每个牵头单位每年只能有一个落实方案",
    folder_code="plan-folder",
    file_code="plan-file",
    duplicate_code="duplicate-plan",
)


def load_plans(
    root: Path, *, year: int | None = None, owners: Collection[str] | None = None
) -> tuple[list[Plan], list[Problem]]:
    """Every plan under data/plans/ (only `year`'s, only `owners`' units' when given), in (year,
    unit) order."""
    found, problems = walk_layout(root, PLANS_LAYOUT, year=year, owners=owners)
    plans: list[Plan] = []
    for f in found:
        plan, more = parse_plan(f.raw, path=f.path, file=f.file, year=int(f.period["year"]))
        problems += more
        if plan is not None:
            plans.append(plan)
    return plans, problems
