"""pydantic v2 models of the catalogue: units, projects, indicators, targets, acceptance standards."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import unicodedata
from enum import Enum, StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from mscli.quantities import DATE_PATTERN, written_date
from mscli.yamlio.pydantic_errors import FieldError, advise_pattern

_LOGIN = r"[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?"
"""A GitHub user or organisation: letters, digits and hyphens, neither first nor last; managed
(enterprise) accounts add _ and a short code (wang_rzgov)."""
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"


def _owner_advice(value: str) -> str | None:
    """What is wrong with this one owner, in the words of what the clerk wrote."""
    login = re.compile(_LOGIN)
    text = value.strip()
    if not text or text == "@":
        return "@ 后要写 GitHub 用户名或“组织/团队”，如 @wang-hrss、@rz-gov/hrss"
    if any(ch.isspace() for ch in text):
        return (
            "一项只能写一个账号，中间不能有空格；几位审核人请分别写成列表的一项，"
            "如 [@wang-hrss, @li-hrss]"
        )
    if not text.isascii():
        return (
            "GitHub 账号只能用英文字母、数字、连字符（-）和下划线（_），不能写中文姓名或全角符号；"
            "请向本人要他的 GitHub 用户名"
        )
    at = text.count("@")
    if at == 0:
        example = f"@{text}" if "/" in text or login.fullmatch(text) else "@wang-hrss"
        return f"应以 @ 开头，写作 {example}（电子邮箱则写完整的地址，如 wang@rz.gov.cn）"
    if text.startswith("@") and at > 1:
        return f"电子邮箱前不加 @，写作 {text[1:]}"
    if not text.startswith("@"):
        return "电子邮箱的 @ 后要写完整的域名（含点），如 wang@rz.gov.cn"
    name, slash, team = text[1:].partition("/")
    if slash and (not team or "/" in team):
        return "团队写作 @组织/团队（只有一个 /，两边都不能空），如 @rz-gov/hrss"
    if not name:
        return "@ 后先写组织名，再写 /团队，如 @rz-gov/hrss"
    if name[0] in "-_" or name[-1] in "-_":
        return "用户名和组织名不能以连字符（-）或下划线（_）开头或结尾"
    bad = sorted({ch for ch in name if not (ch.isalnum() or ch in "-_")})
    if bad:
        return (
            f"用户名和组织名只能用英文字母、数字、连字符（-）和下划线（_），不能有“{''.join(bad)}”"
        )
    bad = sorted({ch for ch in team if not (ch.isalnum() or ch in "-_.")})
    if bad:
        return f"团队名只能用英文字母、数字、连字符、下划线和点，不能有“{''.join(bad)}”"
    return None


_OWNER = advise_pattern(
    rf"^(@{_LOGIN}(/[A-Za-z0-9._-]+)?|{_EMAIL})$",
    "owner",
    "GitHub 账号",
    "应以 @ 开头，如 @wang-hrss（个人）或 @rz-gov/hrss（团队），也可写账号的电子邮箱",
    _owner_advice,
)
GitHubOwner = Annotated[str, StringConstraints(pattern=_OWNER, max_length=100)]
"""A GitHub user (@name), team (@org/team) or e-mail address, as CODEOWNERS writes them."""
_ID = advise_pattern(
    r"^[a-z0-9]+(-[a-z0-9]+)*$",
    "id",
    "编号",
    "只能用小写英文字母、数字和连字符，如 skill-training",
)
Id = Annotated[str, StringConstraints(pattern=_ID, max_length=64)]
MAX_TEXT = 2000
"""The longest paragraph a unit may write (进展情况, 指标任务原文)."""
MAX_NAME = 120
"""The longest one-line name (a unit, a title, an issuer): docx metadata holds 255 characters."""
MAX_AMOUNT = 1e12
"""No figure of a county's programme comes near a trillion: anything larger is a typing accident."""
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\ufeff")


def printable(*, lines: bool) -> AfterValidator:
    """Refuse characters nobody can see and a Word document cannot hold (U+0007, U+202E…)."""

    def check(text: str) -> str:
        # Nearly every text is printable by Python's own test (done in C): no character of Cc,
        # Cf, Cs, Co, Cn, Zl, Zp, nor any separator but the space, so none the loop refuses
        # (every one of _BIDI is Cf, Zl or Zp). Only the others are looked at one by one.
        if text.isprintable():
            return text
        for char in text:
            if char in "\n\t" and lines:
                continue
            if char in "\n\t":
                raise ValueError("这一项只能写一行，不能含换行或制表符")
            if char in _BIDI or unicodedata.category(char) in ("Cc", "Cs", "Co"):
                raise ValueError(f"含有不可见的控制字符 U+{ord(char):04X}，请删除它")
            if not lines and unicodedata.category(char) == "Cf":  # U+200B in a unit's name
                raise ValueError(
                    f"含有不可见的格式字符 U+{ord(char):04X}，名称看起来和别的名称一样却不同，请删除它"
                )
        return text

    return AfterValidator(check)


NO_CONTROL = (
    "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069"
    "\\u2028\\u2029\\ufeff\\ue000-\\uf8ff]*$"
)
"""The schemas' `printable(lines=True)`: no invisible control character; line breaks and tabs are."""
ONE_LINE = (
    "^[^\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064"
    "\\u2066-\\u2069\\u2028\\u2029\\ufeff\\ue000-\\uf8ff]*$"
)
"""The schemas' `printable(lines=False)`: no line break, tab, control or format character."""

Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT),
    printable(lines=True),
    Field(json_schema_extra={"pattern": NO_CONTROL}),
]
"""A paragraph: one or more lines."""
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME),
    printable(lines=False),
    Field(json_schema_extra={"pattern": ONE_LINE}),
]
"""A one-line name: a unit's name, a title, an issuer."""
UnitRef = Name
"""A unit named by its id, its canonical name or one of its aliases."""


class Strict(BaseModel):
    """Base of every data model: unknown keys are errors, instances are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(StrEnum):
    """Which government a unit belongs to."""

    county = "county"  # 汝州市 (the programme's own level)
    prefecture = "prefecture"  # 平顶山市 (the level above)

    @property
    def label(self) -> str:
        """本级 or 上级: for where the programme is not known; `Structure.level_name` names it."""
        return {"county": "本级", "prefecture": "上级"}[self.value]


class UnitKind(StrEnum):
    agency = "agency"  # 党政机关、事业单位
    organization = "organization"  # 群团组织
    company = "company"  # 企业

    @property
    def label(self) -> str:
        return {"agency": "机关事业单位", "organization": "群团组织", "company": "企业"}[self.value]


class Unit(Strict):
    id: Id = Field(title="单位编号", description="稳定的英文编号，用于文件名，如 rz-hrss")
    name: Name = Field(title="规范名称", description="单位的规范中文名称")
    level: Level = Field(
        title="层级",
        description="county 为本级单位（如汝州市、县的单位），prefecture 为上级单位（如平顶山市的单位）；"
        "两级的名称见 units.yaml 的 structure",
    )
    kind: UnitKind = Field(default=UnitKind.agency, title="类别")
    aliases: tuple[Name, ...] = Field(default=(), title="别名", description="来源文件中的其他写法")
    reviewers: tuple[GitHubOwner, ...] = Field(
        default=(),
        title="审核人",
        description="审核本单位进度文件的 GitHub 用户（@用户名）或团队（@组织/团队），用于 CODEOWNERS",
    )


class BlockName(Strict):
    """One block of the programme: the word a project is filed under and its heading."""

    name: Name = Field(title="板块简称", description="项目 block 一栏填写的字，如 市、省、县")
    title: Name = Field(title="板块标题", description="通报中的标题，如 市重点民生实事")


DEFAULT_BLOCKS = (
    BlockName(name="市", title="市重点民生实事"),
    BlockName(name="省", title="省重点民生实事"),
)


class Structure(Strict):
    """Whose programme it is: the two levels' names, who verifies, the blocks. The defaults are
    Ruzhou's (平顶山市 assigns the items, its units verify and certify them)."""

    county: Name = Field(
        default="汝州市",
        title="本级名称",
        description="county 层级单位所属的政府，如 汝州市、宝丰县",
    )
    short: Name = Field(
        default="市",
        title="本级简称",
        description="通报中“我市”“全市”的“市”；县的方案写 县",
    )
    prefecture: Name = Field(
        default="平顶山市",
        title="上级名称",
        description="prefecture 层级单位所属的政府；统一安排实施的指标由它的单位实施",
    )
    verifiers: Level = Field(
        default=Level.prefecture,
        title="初核单位的层级",
        description="prefecture：上级单位初核（汝州市的写法）；county：本级单位（如县督查局）初核",
    )
    certifiers: Level = Field(
        default=Level.prefecture, title="认定单位的层级", description="同 verifiers"
    )
    blocks: tuple[BlockName, ...] = Field(
        default=DEFAULT_BLOCKS,
        min_length=1,
        title="板块",
        description="项目可归入的板块及其在通报中的标题；省略时为 市（市重点民生实事）和 省（省重点民生实事）",
    )

    @property
    def assigned_from_above(self) -> bool:
        """The items are the superior's (Ruzhou's take 平顶山市's, verified by its units); a
        county's own programme, verified by its own 督查局, has no superior's text."""
        return self.verifiers is Level.prefecture

    @property
    def source_title(self) -> str:
        """The heading of an indicator's source text: 平顶山市指标任务, or 指标任务原文."""
        return f"{self.prefecture}指标任务" if self.assigned_from_above else "指标任务原文"

    def level_name(self, level: Level) -> str:
        """汝州市 or 平顶山市: the government a unit of `level` belongs to, as configured."""
        return self.county if level is Level.county else self.prefecture

    @property
    def block_titles(self) -> dict[str, str]:
        return {b.name: b.title for b in self.blocks}


class UnitsFile(Strict):
    structure: Structure = Field(
        default_factory=Structure,
        title="方案结构",
        description="本级与上级的名称、初核和认定单位的层级、项目的板块；省略时为汝州市（上级平顶山市）的写法",
    )
    units: tuple[Unit, ...] = Field(min_length=1, title="单位列表")


class MetricKind(Enum):
    # A plain Enum: as a str subclass its member `count` would shadow str.count.
    count = "count"  # 数量：完成值 / 目标值
    rate = "rate"  # 比率（%）
    range = "range"  # 区间：以下限为完成标准
    prohibition = "prohibition"  # 禁止事项：不发生即完成
    milestone = "milestone"  # 节点事项：按阶段（开工、主体完工、竣工……）推进
    task = "task"  # 工作任务：无数量，完成于某日（建立机制、出台政策）

    @property
    def label(self) -> str:
        return {
            "count": "数量",
            "rate": "比率",
            "range": "区间",
            "prohibition": "禁止事项",
            "milestone": "节点事项",
            "task": "工作任务",
        }[self.value]

    @property
    def staged(self) -> bool:
        """A milestone or a task: no number, stages reached on dates (a task has one stage)."""
        return self in (MetricKind.milestone, MetricKind.task)


NonNegative = Annotated[float, Field(ge=0, le=MAX_AMOUNT, strict=True, allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0, le=100, strict=True, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=1, le=9999, strict=True)]
"""A serial number (序号, 发文顺序号): a whole number from 1 to 9999."""


def _date_only(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError("应为日期（不带时间），格式如 2023-06-25")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.match(DATE_PATTERN, value.strip()):
        try:
            return written_date(value)
        except ValueError:
            raise ValueError(f"日期“{value.strip()}”不存在") from None
    shown = str(value).lower() if isinstance(value, bool) else value
    raise ValueError(f"应为有效的日期，格式如 2023-06-25、2023-6-25 或 2023/6/25，实际是“{shown}”")


Date = Annotated[
    dt.date,
    BeforeValidator(_date_only),
    WithJsonSchema({"type": "string", "pattern": DATE_PATTERN}),
]
"""A date written as 2023-06-20, 2023-6-20 or 2023/6/20: never a number taken as a timestamp, nor a date
with a time (YAML reads only the first spelling as a date; the others are read here)."""


def _reported(value: Any) -> Any:
    """A reported value is a finite number of sane size or a short text (1.52万); never a bool,
    never blank."""
    if value is None:
        raise ValueError("数值未填写（冒号后是空的）：请填写年初至今累计值，如 1.52 或 1.52万")
    if isinstance(value, bool):
        raise ValueError(f"应为数字，实际是“{str(value).lower()}”")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"应为有限的数字，实际是“{value}”")
        if abs(value) > MAX_AMOUNT:  # an int of 400 digits is compared, never made a float
            raise ValueError("数值过大（超过 1万亿），请核对")
    elif isinstance(value, str) and len(value) > 40:
        raise ValueError("数值文字过长（最多 40 个字符），应为数字，可带“万”，如 1.52万")
    return value


ReportedValue = Annotated[float | str, BeforeValidator(_reported)]
"""A cumulative value as a unit writes it: 1.52, "1.52万", "85%"."""


class Metric(Strict):
    """One measurable part of Ruzhou's target."""

    id: Id = Field(title="指标项编号")
    name: Name = Field(title="名称", description="如 技能培训、宫颈癌筛查")
    aliases: tuple[Name, ...] = Field(
        default=(), title="别名", description="命令行中也可用来指这一指标项的简称或其他写法"
    )
    kind: MetricKind = Field(title="类型")
    value: NonNegative | None = Field(
        default=None,
        title="目标值",
        description="以基本单位计（2.72万人次写 27200）；比率写百分数（75% 写 75）；区间写下限",
    )
    maximum: NonNegative | None = Field(default=None, title="区间上限", description="仅 range 类型")
    unit: Name | None = Field(default=None, title="基本单位", description="如 人次、所、%")
    display_unit: Name | None = Field(
        default=None, title="显示单位", description="如 万人次；省略时与基本单位相同"
    )
    sustained: Annotated[bool, Field(strict=True)] = Field(
        default=False,
        title="每季度保持",
        description="比率须在每个季度都达到目标（如抽验合格率），而非年底前累计达到",
    )
    stages: tuple[Name, ...] = Field(
        default=(),
        title="阶段",
        description="仅 milestone 类型：按先后排列的阶段名称，如 [开工, 主体完工, 竣工, 投入使用]",
    )
    due: Date | None = Field(
        default=None,
        title="完成时限",
        description="仅 task 类型：应完成的日期；落实方案另有时间节点时以方案为准，都未写时为年底",
    )

    @model_validator(mode="after")
    def _coherent(self) -> Metric:
        kind = self.kind
        if kind.staged:
            return self._staged()
        if self.stages:
            raise FieldError("stages", "只有节点事项（milestone）可以填写阶段 stages")
        if self.due is not None:
            raise FieldError("due", "只有工作任务（task）可以填写完成时限 due")
        if kind is MetricKind.prohibition:
            if self.value not in (None, 0):
                raise FieldError("value", "禁止事项（prohibition）不设目标值")
            return self
        if self.value is None:
            raise ValueError(f"{kind.label}类指标项必须填写目标值 value")
        if self.unit is None:
            raise ValueError(f"{kind.label}类指标项必须填写单位 unit")
        if kind is MetricKind.rate:
            if self.unit != "%":
                raise FieldError("unit", "比率类指标项的单位必须是 %")
            if self.value > 100:
                raise FieldError("value", f"比率目标 {self.value:g}% 超过 100%")
        if kind is MetricKind.range:
            if self.maximum is None:
                raise ValueError("区间类指标项必须填写上限 maximum")
            if self.maximum < self.value:
                raise FieldError("maximum", f"区间上限 {self.maximum:g} 小于下限 {self.value:g}")
        elif self.maximum is not None:
            raise FieldError("maximum", "只有区间类指标项可以填写上限 maximum")
        if self.sustained and kind is not MetricKind.rate:
            raise FieldError("sustained", "只有比率类指标项可以设置 sustained")
        return self

    def _staged(self) -> Metric:
        label = self.kind.label
        for key in ("value", "maximum", "unit", "display_unit"):
            if getattr(self, key) is not None:
                raise FieldError(key, f"{label}（{self.kind.value}）没有数量，不填写 {key}")
        if self.sustained:
            raise FieldError("sustained", "只有比率类指标项可以设置 sustained")
        if self.kind is MetricKind.task:
            if self.stages:
                raise FieldError("stages", "工作任务（task）没有阶段，完成即可：不填写 stages")
            return self
        if self.due is not None:
            raise FieldError("due", "节点事项各阶段的日期写在落实方案中，不填写 due")
        if not self.stages:
            raise FieldError(
                "stages", "节点事项（milestone）必须填写阶段 stages，如 [开工, 主体完工, 竣工]"
            )
        seen: set[str] = set()
        for stage in self.stages:
            if stage in seen:
                raise FieldError("stages", f"阶段“{stage}”重复")
            seen.add(stage)
        return self

    @property
    def steps(self) -> tuple[str, ...]:
        """The stages a milestone passes, in order; a task's one stage is 完成."""
        if self.kind is MetricKind.task:
            return (TASK_STAGE,)
        return self.stages

    @property
    def base_target(self) -> tuple[float, str]:
        """The target in base units with its unit; a prohibition's is zero incidents (起); a
        milestone's or a task's is its stages (a task has one)."""
        if self.kind is MetricKind.prohibition:
            return 0.0, "起"
        if self.kind.staged:
            return float(len(self.steps)), ""
        assert self.value is not None
        return self.value, self.unit or ""


TASK_STAGE = "完成"
"""A task's only stage: done on a date."""

Schedule = Annotated[tuple[Percent, ...], Field(min_length=4, max_length=4)]


class Target(Strict):
    """Ruzhou's share of an indicator."""

    text: Text = Field(title="本级指标任务原文")
    metrics: tuple[Metric, ...] = Field(default=(), title="指标项")
    delegated_to: tuple[UnitRef, ...] = Field(
        default=(),
        title="上级实施单位",
        description="由上级统一安排实施时，写上级的实施单位；此时不得填写 metrics",
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Target:
        if self.delegated_to and self.metrics:
            raise FieldError("metrics", "由上级统一实施的指标不能再设本级的指标项（metrics）")
        if not self.delegated_to and not self.metrics:
            raise ValueError("指标任务须有 metrics，或以 delegated_to 注明由上级统一实施")
        staged = [m for m in self.metrics if m.kind.staged]
        if staged and len(self.metrics) > 1:
            raise FieldError(
                "metrics",
                f"指标项“{staged[0].id}”是{staged[0].kind.label}：这样的指标只能有这一个指标项"
                "（其他内容另设指标）",
            )
        return self

    @property
    def delegated(self) -> bool:
        return bool(self.delegated_to)


class Indicator(Strict):
    id: Id = Field(title="指标编号")
    name: Text | None = Field(
        default=None,
        title="名称",
        description="指标的中文简称，如 两癌筛查；省略时为唯一指标项的名称，或指标任务原文",
    )
    aliases: tuple[Text, ...] = Field(
        default=(), title="别名", description="命令行中也可用来指这一指标的简称或其他写法"
    )
    text: Text = Field(
        title="指标任务原文",
        description="上级下达的指标任务（如平顶山市指标任务），或本级方案的原文",
    )
    target: Target = Field(title="本级指标任务")
    lead: tuple[UnitRef, ...] = Field(
        default=(), title="牵头单位", description="省略时沿用项目的牵头单位"
    )
    responsible: tuple[UnitRef, ...] | None = Field(
        default=None, title="责任单位", description="省略时沿用项目的责任单位"
    )
    verifiers: tuple[UnitRef, ...] | None = Field(
        default=None, title="初核单位", description="省略时沿用项目的初核单位"
    )
    certifiers: tuple[UnitRef, ...] | None = Field(
        default=None, title="认定单位", description="省略时沿用项目的认定单位"
    )
    schedule: Schedule | None = Field(
        default=None,
        title="时序进度",
        description="第一至四季度末应完成的百分比，如 [10, 30, 60, 100]；省略时为 25/50/75/100",
    )

    @property
    def label(self) -> str:
        """The indicator's Chinese name: `name`, else its only metric's name, else its text."""
        if self.name:
            return self.name
        metrics = self.target.metrics
        return metrics[0].name if len(metrics) == 1 else self.text.rstrip("。")

    @model_validator(mode="after")
    def _schedule_rises(self) -> Indicator:
        s = self.schedule
        if s is not None:
            if any(b < a for a, b in itertools.pairwise(s)):
                raise FieldError("schedule", "时序进度 schedule 必须逐季度不减")
            if s[-1] != 100:
                raise FieldError("schedule", "时序进度 schedule 第四季度必须为 100")
        return self


class Criterion(Strict):
    """One acceptance criterion of 附件2, verbatim, with the id acceptance records point at."""

    id: Id = Field(
        title="验收标准编号",
        description="在整个指标目录中唯一且永不改变（如 employment-1）；"
        "调整顺序或措辞时保留原编号，新增条目使用新编号，验收记录按编号对应",
    )
    text: Text = Field(title="验收标准原文")


class StandardSection(Strict):
    """One group of 附件2's acceptance checklist."""

    topic: Name | None = Field(default=None, title="验收事项", description="如 扩大重点群体就业")
    items: tuple[Criterion, ...] = Field(min_length=1, title="验收标准条目")
    indicators: tuple[Id, ...] = Field(default=(), title="对应指标编号")


def project_label(block: object, number: int, title: str) -> str:
    """【市】1. 开展职业技能培训…: the project's block (市 or 省 重点民生实事) set apart from its
    number, which otherwise reads as one word (市1.)."""
    return f"【{block}】{number}. {title}"


class Project(Strict):
    id: Id = Field(title="项目编号")
    block: Name = Field(
        title="所属板块",
        description="市 为市重点民生实事，省 为省重点民生实事；可用的板块见 units.yaml 的 structure.blocks",
    )
    number: Count = Field(title="序号")
    title: Name = Field(title="项目名称")
    lead: tuple[UnitRef, ...] = Field(title="牵头单位")
    responsible: tuple[UnitRef, ...] = Field(default=(), title="责任单位")
    verifiers: tuple[UnitRef, ...] = Field(
        default=(),
        title="初核单位",
        description="上级或本级的单位，层级见 units.yaml 的 structure（verifiers）",
    )
    certifiers: tuple[UnitRef, ...] = Field(
        default=(),
        title="认定单位",
        description="上级或本级的单位，层级见 units.yaml 的 structure（certifiers）",
    )
    indicators: tuple[Indicator, ...] = Field(default=(), title="指标")
    standards: tuple[StandardSection, ...] = Field(default=(), title="验收标准（附件2）")


class Programme(Strict):
    year: Annotated[int, Field(ge=2000, le=2100, strict=True)] = Field(title="年度")
    document: Name = Field(title="文号", description="如 汝政办〔2023〕45号")
    issued: Date = Field(title="成文日期")
    issuer: Name = Field(title="发文机关")
    title: Name = Field(title="标题")
    basis: Text | None = Field(default=None, title="依据文件")
    report_to: UnitRef | None = Field(default=None, title="进展报送单位")


class IndicatorsFile(Strict):
    programme: Programme = Field(title="年度计划")
    projects: tuple[Project, ...] = Field(min_length=1, title="项目")
