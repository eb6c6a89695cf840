"""data/config.yaml: the thresholds of the status rules and the circular's facts.

Every key is optional; an absent file means the documented defaults.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from mscli.catalogue.models import Count, Date, GitHubOwner, Name, Percent, Strict, printable
from mscli.problems import Problem, display_path
from mscli.yamlio.load import read_model
from mscli.yamlio.pydantic_errors import FieldError
from mscli.yamlio.source import Source

CONFIG_FILE = "config.yaml"
Points = Percent


class StatusRules(Strict):
    """Percentage points between completion and the time schedule (时序进度)."""

    ahead: Points = Field(
        default=10, title="超序时幅度", description="完成率高出时序进度至少这么多个百分点为 超序时"
    )
    tolerance: Points = Field(
        default=0,
        title="按序时容差",
        description="完成率低于时序进度不超过这么多个百分点仍算 按序时",
    )
    serious: Points = Field(
        default=20,
        title="严重滞后界限",
        description="完成率低于时序进度超过这么多个百分点为 严重滞后，介于容差与此之间为 滞后",
    )
    far_above: Annotated[float, Field(gt=1, le=1000, strict=True, allow_inf_nan=False)] = Field(
        default=3, title="异常偏高倍数", description="报送值超过目标值的这么多倍时给出警告"
    )
    deadline_day: Annotated[int, Field(ge=1, le=31, strict=True)] = Field(
        default=25,
        title="报送截止日",
        description="每季度末月的这一天为报送截止日（超过该月天数时取月末）",
    )
    late_penalty: Points = Field(
        default=5, title="迟报扣分", description="排名得分中迟报扣除的分数"
    )
    year_record_weight: Points = Field(
        default=40,
        title="年末排名中前三季度的权重",
        description="年末得分 = 第四季度得分 ×（100 − 本值）% + 前三季度得分的平均 × 本值 %，"
        "只计有报送记录的季度；设为 0 时年末只按第四季度计分",
    )
    stages_serious: Annotated[int, Field(ge=1, le=99, strict=True)] = Field(
        default=2,
        title="节点事项严重滞后的逾期阶段数",
        description="节点事项（milestone）有这么多个阶段逾期未达到时为 严重滞后；只有一个阶段逾期为 滞后",
    )
    days_serious: Annotated[int, Field(ge=1, le=366, strict=True)] = Field(
        default=60,
        title="节点事项、工作任务严重滞后的逾期天数",
        description="节点事项的某一阶段或工作任务逾期超过这么多天仍未达到时为 严重滞后",
    )
    node_warning_days: Annotated[int, Field(ge=0, le=366, strict=True)] = Field(
        default=10,
        title="节点临期天数",
        description="落实方案的时间节点在这么多天内到期而尚未达成时为 临期",
    )

    @model_validator(mode="after")
    def _ordered(self) -> StatusRules:
        if self.serious < self.tolerance:
            raise ValueError("严重滞后界限 serious 不能小于按序时容差 tolerance")
        return self


Share = Annotated[float, Field(ge=0, le=200, strict=True, allow_inf_nan=False)]
"""A projected year-end rate in percent (a margin above 100% may be asked for)."""


class ProjectionRules(Strict):
    """The thresholds of the year-end projection (mscli.results.projection, 预计 v2)."""

    likely: Share = Field(
        default=100,
        title="可完成界限",
        description="按目前进度预计年底完成率不低于这么多（%）为 可完成",
    )
    unlikely: Share = Field(
        default=80,
        title="难以完成界限",
        description="按目前进度预计年底完成率低于这么多（%）为 难以完成；介于两者之间为 有风险",
    )
    circular_quarters: tuple[Annotated[int, Field(ge=1, le=4, strict=True)], ...] = Field(
        default=(2, 3),
        title="通报列出难以完成指标的季度",
        description="这些季度的通报加一段“按目前进度预计难以完成”的指标；默认第二、三季度"
        "（第一季度数据太少，第四季度通报写全年结果），写 [] 不加",
    )

    @model_validator(mode="after")
    def _ordered(self) -> ProjectionRules:
        if self.unlikely > self.likely:
            raise FieldError("unlikely", "难以完成界限 unlikely 不能大于可完成界限 likely")
        return self


class EscalationRules(Strict):
    """When an indicator behind schedule is escalated (mscli.results.escalation)."""

    supervise_after: Annotated[int, Field(ge=1, le=4, strict=True)] = Field(
        default=2,
        title="督办的连续滞后季度数",
        description="连续这么多个季度滞后（含严重滞后、未报送）时督办；默认 2，为督查督办平台的常见做法",
    )
    list_after: Annotated[int, Field(ge=1, le=4, strict=True)] = Field(
        default=1,
        title="挂牌督办的督办后仍滞后季度数",
        description="督办之后又有这么多个季度仍滞后时挂牌督办，并在通报中点名；默认 1",
    )
    document_number: Name | None = Field(
        default=None,
        title="督办通知发文字号格式",
        description="{year} 换为年度，{number} 换为发文顺序号（mscli duban --number 给出第一份的顺序号，"
        "其余依次加一）；省略时在通报的发文字号格式的“〔”前加“督”，如 汝政办督〔{year}〕{number}号",
    )
    due_days: Annotated[int, Field(ge=1, le=366, strict=True)] = Field(
        default=15,
        title="督办办结时限天数",
        description="督办通知成文日期之后这么多天为办结时限；默认 15 天",
    )

    @model_validator(mode="after")
    def _placeholders(self) -> EscalationRules:
        if self.document_number is not None and not document_number_ok(self.document_number):
            raise FieldError(
                "document_number",
                "督办通知发文字号格式 document_number 只能使用 {year} 和 {number} 两个占位符",
            )
        return self


Audience = Literal["contact", "leader"]


class ReminderRules(Strict):
    """When the scheduled 催办 runs and whom it names (mscli remind --on-schedule)."""

    days_before: tuple[Annotated[int, Field(ge=0, le=60, strict=True)], ...] = Field(
        default=(5, 2),
        title="截止前催办的天数",
        description="报送截止日前这些天各催办一次（0 为截止当天）；默认截止前 5 天、前 2 天",
    )
    days_after: tuple[Annotated[int, Field(ge=1, le=60, strict=True)], ...] = Field(
        default=(1,),
        title="截止后催办（督办）的天数",
        description="报送截止日后这些天各催办一次（按督办规则应督办的写作督办）；默认截止次日",
    )
    audience: tuple[Audience, ...] = Field(
        default=("contact", "leader"),
        min_length=1,
        title="催办对象",
        description="contact：落实方案中的责任人（企业微信、钉钉消息中按手机号 @ 提醒）；leader：责任领导；"
        "默认两者都写，为督查督办平台的常见做法（催办同时抄告责任领导）",
    )


Line = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    printable(lines=False),
]
"""A one-line list of names (主送机关, 抄送机关)."""
QuarterNumber = Annotated[int, Field(ge=1, le=4)]
_PLACEHOLDERS = {"year", "number"}


class CircularIssue(Strict):
    """One quarter's circular: its own number (发文顺序号) and date (成文日期)."""

    number: Count | None = Field(
        default=None,
        title="发文顺序号",
        description="本期通报的发文顺序号；未填写时留空，印制前手工填写",
    )
    date: Date | None = Field(
        default=None,
        title="成文日期",
        description="成文日期与印发日期，如 2023-07-10；未填写时为该季度的最后一天",
    )


class CircularFacts(Strict):
    """The facts printed on the quarterly circular (季度通报) around the templates' wording."""

    issuer: Name = Field(
        default="汝州市人民政府办公室",
        title="发文机关",
        description="发文机关全称，用于题注和元数据",
    )
    print_header: Annotated[bool, Field(strict=True)] = Field(
        default=True,
        title="套印红头",
        description="是否印出红色发文机关标志和红色分隔线；用预印红头纸时设为 false",
    )
    header: Name = Field(
        default="汝州市人民政府办公室文件",
        title="发文机关标志",
        description="红头文字，一般为发文机关全称或规范化简称，可加“文件”二字",
    )
    document_number: Name = Field(
        default="汝政办〔{year}〕{number}号",
        title="发文字号格式",
        description="{year} 换为成文日期所在年度，{number} 换为发文顺序号；年度用六角括号，不加“第”，不编虚位",
    )
    addressees: Line = Field(
        default="各乡镇人民政府，市政府各部门，各街道办事处，有关单位",
        title="主送机关",
        description="主送机关名称，之间用全角逗号，末尾不加冒号（模板负责加冒号）",
    )
    copy_to: Line | None = Field(
        default="市委各部门，市人大常委会办公室，市政协办公室，市法院，市检察院",
        title="抄送机关",
        description="版记中的抄送机关，末尾不加句号；不需要抄送时写 null",
    )
    printer: Name = Field(
        default="汝州市人民政府办公室", title="印发机关", description="版记中的印发机关"
    )
    signer: Name = Field(
        default="汝州市人民政府办公室", title="署名", description="正文之后的发文机关署名"
    )
    quarters: dict[QuarterNumber, CircularIssue] = Field(
        default_factory=dict,
        title="各季度发文顺序号和成文日期",
        description="键为季度（1-4），如 2: {number: 52, date: 2023-07-10}；"
        "每期通报各有其发文顺序号和成文日期，不能沿用其他季度的",
        json_schema_extra={"propertyNames": {"enum": ["1", "2", "3", "4"]}},
    )

    @model_validator(mode="before")
    @classmethod
    def _one_number_per_quarter(cls, data: Any) -> Any:
        if isinstance(data, dict) and ("number" in data or "date" in data):
            raise ValueError(
                "发文顺序号和成文日期已改为按季度填写，请把 number、date 移到 quarters 下，"
                "如 quarters: {2: {number: 52, date: 2023-07-10}}"
            )
        return data

    @model_validator(mode="after")
    def _placeholders(self) -> CircularFacts:
        if not document_number_ok(self.document_number):
            raise FieldError(
                "document_number",
                "发文字号格式 document_number 只能使用 {year} 和 {number} 两个占位符，"
                "不能加格式说明（如 {number:03}）或属性（如 {year.real}）",
            )
        return self


def document_number_ok(pattern: str) -> bool:
    """Only bare {year} and {number}: no format spec, conversion, index or attribute to run."""
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        return False
    return all(
        name is None or (name in _PLACEHOLDERS and not spec and conversion is None)
        for _, name, spec, conversion in parts
    )


Weight = Annotated[float, Field(ge=0, le=100)]
RankPoints = Annotated[float, Field(ge=0, le=1000)]


class RankingRules(Strict):
    """How a prefecture ranks its counties per project (mscli rank, mscli.results.county_ranking).
    The defaults are mscli's, stated as such: the source fixes only 从高到低的顺序."""

    completion_weight: Weight = Field(
        default=1.0, title="完成率得分的权重", description="默认 1：只看完成率"
    )
    timeliness_weight: Weight = Field(
        default=0.0, title="按时报送得分的权重", description="该项目牵头单位按时报送的比例；默认 0"
    )
    small_field: Annotated[int, Field(ge=1, le=100, strict=True)] = Field(
        default=5,
        title="小范围排名的县数",
        description="参评的县不多于这个数时，名次分按 small_field_points；默认 5",
    )
    small_field_points: tuple[RankPoints, ...] = Field(
        default=(100, 90, 80, 70, 60),
        min_length=1,
        title="小范围排名的名次分",
        description="按名次依次给分；默认 100、90、80、70、60。参评的县更多时，第1名 100 分、末名 0 分，按名次等差",
    )
    last_place_penalty: RankPoints = Field(
        default=5.0,
        title="连续末位扣分",
        description="年中、年末都排末位的县年末扣这么多名次分；默认 5",
    )

    @model_validator(mode="after")
    def _weights(self) -> RankingRules:
        if self.completion_weight + self.timeliness_weight <= 0:
            raise FieldError("completion_weight", "完成率和按时报送的权重不能都为 0")
        return self


class Config(Strict):
    status: StatusRules = Field(default_factory=StatusRules, title="进度状态规则")
    circular: CircularFacts = Field(default_factory=CircularFacts, title="季度通报")
    projection: ProjectionRules = Field(
        default_factory=ProjectionRules, title="年底预计（按目前进度）"
    )
    escalation: EscalationRules = Field(default_factory=EscalationRules, title="督办规则")
    reminders: ReminderRules = Field(default_factory=ReminderRules, title="催办日程和对象")
    ranking: RankingRules = Field(
        default_factory=RankingRules,
        title="上级排名规则",
        description="上级对各县逐项目排名（mscli rank）",
    )
    coordinators: tuple[GitHubOwner, ...] = Field(
        default=(),
        title="统筹协调人",
        description="负责指标定义、设置和模板的 GitHub 用户（@用户名）或团队（@组织/团队），用于 CODEOWNERS",
    )


def load_config(root: Path, *, folder: Path | None = None) -> tuple[Config | None, list[Problem]]:
    """config.yaml of `folder` (default: the data folder `root`, the current year)."""
    path = (folder or root) / CONFIG_FILE
    if not path.exists() and not path.is_symlink():
        return Config(), []
    config, _, problems = read_model(path, Config, file=display_path(path, root), root=root)
    return config, problems


def config_source(root: Path, *, folder: Path | None = None) -> Source | None:
    """config.yaml as read, for the line a setting stands on (None when absent or unreadable)."""
    path = (folder or root) / CONFIG_FILE
    if not path.exists() and not path.is_symlink():
        return None
    _, source, _ = read_model(path, Config, file=display_path(path, root), root=root)
    return source
