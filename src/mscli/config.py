"""data/config.yaml: the thresholds of the status rules (and, later, the circular's facts).

Every key is optional; an absent file means the documented defaults.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from mscli.modelcheck import validate
from mscli.models import Strict
from mscli.problems import Problem, display_path
from mscli.yamlsource import read_yaml

CONFIG_FILE = "config.yaml"
Points = Annotated[float, Field(ge=0, le=100)]


class StatusRules(Strict):
    """Percentage points between completion and the time schedule (时序进度)."""

    ahead: Points = Field(
        default=10, title="超序时幅度", description="完成率高出时序进度至少这么多个百分点为 超序时"
    )
    tolerance: Points = Field(
        default=0, title="按序时容差", description="完成率低于时序进度不超过这么多个百分点仍算 按序时"
    )
    serious: Points = Field(
        default=20,
        title="严重滞后界限",
        description="完成率低于时序进度超过这么多个百分点为 严重滞后，介于容差与此之间为 滞后",
    )
    far_above: Annotated[float, Field(gt=1)] = Field(
        default=3, title="异常偏高倍数", description="报送值超过目标值的这么多倍时给出警告"
    )
    deadline_day: Annotated[int, Field(ge=1, le=31)] = Field(
        default=25, title="报送截止日", description="每季度末月的这一天为报送截止日"
    )
    late_penalty: Points = Field(default=5, title="迟报扣分", description="排名得分中迟报扣除的分数")

    @model_validator(mode="after")
    def _ordered(self) -> StatusRules:
        if self.serious < self.tolerance:
            raise ValueError("严重滞后界限 serious 不能小于按序时容差 tolerance")
        return self


class Config(Strict):
    status: StatusRules = Field(default_factory=StatusRules, title="进度状态规则")


def load_config(root: Path) -> tuple[Config | None, list[Problem]]:
    path = root / CONFIG_FILE
    if not path.exists():
        return Config(), []
    source, problems = read_yaml(path, file=display_path(path, root))
    if source is None:
        return None, problems
    config, more = validate(Config, source)
    return (None if problems else config), problems + more
