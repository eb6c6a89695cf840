"""A CODEOWNERS file from the data: each unit's progress files go to its reviewers, and the
definitions, config and templates to the coordinators."""

from __future__ import annotations

from pathlib import PurePosixPath

from mscli.catalogue.models import Level
from mscli.plans.records import PLANS_DIR
from mscli.problems import MscliError
from mscli.progress.reports import PROGRESS_DIR
from mscli.years.dataset import Dataset

MARKER = "# 由 mscli codeowners 生成"
HEADER = (
    f"{MARKER}，请勿手工修改：改 units.yaml 的 reviewers 或 config.yaml 的 coordinators 后重新运行。\n"
    "# 后面的规则优先；各单位的进度文件由本单位审核人审核，其余由统筹协调人审核。\n"
)


def codeowners(dataset: Dataset, *, data_path: PurePosixPath) -> str:
    """The file's text; `data_path` is the data folder relative to the repository's top."""
    coordinators = list(dataset.config.coordinators)
    units = [u for u in dataset.catalogue.index.units if u.level is Level.county and u.reviewers]
    if not coordinators and not units:
        raise MscliError(
            "没有可写入 CODEOWNERS 的审核人：请在 config.yaml 的 coordinators "
            "或 units.yaml 各单位的 reviewers 中填写 GitHub 用户（@用户名）或团队（@组织/团队）"
        )
    base = "/" + data_path.as_posix().strip("/") if data_path.as_posix() not in ("", ".") else ""
    lines = [HEADER]
    if coordinators:
        owners = " ".join(coordinators)
        lines.append("# 指标定义、单位名录、设置、模板和本文件\n")
        lines += [
            f"{pattern} {owners}\n"
            for pattern in (
                "*",
                f"{base}/indicators.yaml",
                f"{base}/units.yaml",
                f"{base}/config.yaml",
                "/templates/",
                "/schemas/",
                "/.github/",
            )
        ]
    if units:
        lines.append("\n# 各牵头单位的季度进度文件和年度落实方案\n")
        for unit in sorted(units, key=lambda u: u.id):
            owners = " ".join(dict.fromkeys((*unit.reviewers, *coordinators)))
            lines.append(f"{base}/{PROGRESS_DIR}/*/{unit.id}.yaml {owners}  # {unit.name}\n")
            lines.append(f"{base}/{PLANS_DIR}/*/{unit.id}.yaml {owners}  # {unit.name}落实方案\n")
    return "".join(lines)
