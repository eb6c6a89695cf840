"""Bundles a prefecture received (mscli rank, and validate in the prefecture's repository, where
they lie in bundles/<year>/): each file read as the model says, with file, line and column for
every problem, then checked against the others: one year, one bundle per county, the same
indicators in every bundle, those of the prefecture's catalogue when there is one; and the
counties' targets against the prefecture's (a warning when their sum differs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mscli.bundle.models import Bundle
from mscli.catalogue.load import Catalogue
from mscli.oserrors import reason
from mscli.problems import Problem, Severity, display_path
from mscli.quantities import show
from mscli.yamlio.load import parse_model, read_limited
from mscli.yamlio.source import Source

BUNDLES_DIR = "bundles"


@dataclass(frozen=True)
class Received:
    file: str
    bundle: Bundle
    source: Source


def bundle_files(root: Path, year: int) -> list[Path]:
    """The bundles received for `year` in a prefecture's data folder, in name order."""
    folder = root / BUNDLES_DIR / str(year)
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def read_bundles(
    paths: list[Path],
    *,
    year: int | None = None,
    catalogue: Catalogue | None = None,
    root: Path | None = None,
) -> tuple[list[Received], list[Problem]]:
    """Every readable bundle of `paths` and every problem found in them, all at once. JSON is read
    by the same reader as the YAML data files (JSON is YAML), so problems carry positions. With
    the prefecture's `catalogue` the indicators must be its own and the targets are compared;
    `root`: the data folder the files are named from."""
    received: list[Received] = []
    problems: list[Problem] = []
    for path in paths:
        file = display_path(path, root) if root else path.as_posix()
        try:
            raw = read_limited(path)
        except OSError as exc:
            problems.append(Problem(file, 1, 1, "io", f"无法读取数据包：{reason(exc)}"))
            continue
        bundle, source, found = parse_model(raw, Bundle, file=file)
        problems += found
        if bundle is not None and source is not None:
            received.append(Received(file, bundle, source))
    problems += _across(received, year, catalogue)
    if catalogue is not None:
        wanted = year if year is not None else catalogue.programme.year
        folder = Path(BUNDLES_DIR) / str(wanted)
        shown = display_path(root / folder, root) if root else folder.as_posix()
        problems += _targets([r for r in received if r.bundle.year == wanted], catalogue, shown)
    return received, problems


def _across(
    received: list[Received], year: int | None, catalogue: Catalogue | None
) -> list[Problem]:
    problems: list[Problem] = []
    wanted = year if year is not None else (received[0].bundle.year if received else None)
    reference = next((r for r in received if r.bundle.year == wanted), None)
    known: dict[str, str] = (  # id → name
        {r.indicator.id: r.indicator.label for r in catalogue.rows()}
        if catalogue is not None
        else {i.id: i.name for i in reference.bundle.indicators}
        if reference
        else {}
    )
    against = (
        "本级指标目录" if catalogue is not None else f"{reference and reference.file}的指标目录"
    )
    first: dict[str, str] = {}
    for r in received:
        b, where = r.bundle, r.source.where
        if b.year != wanted:
            message = f"{b.county}的数据包是 {b.year} 年的，这里排名的是 {wanted} 年"
            problems.append(where(("year",)).problem("bundle-year", message))
            continue
        if b.county in first:
            message = f"{b.county}已有数据包 {first[b.county]}；每个县（市、区）只能有一个，请删除其中一个"
            problems.append(where(("county",)).problem("bundle-county", message))
            continue
        first[b.county] = r.file
        for n, indicator in enumerate(b.indicators):
            if indicator.id not in known:
                message = (
                    f"指标“{indicator.name}”（{indicator.id}）不在{against}中："
                    "各县的数据包应来自同一份指标目录"
                )
                problems.append(where(("indicators", n, "id")).problem("bundle-indicator", message))
        mine = {i.id for i in b.indicators}
        missing = "、".join(name for key, name in known.items() if key not in mine)
        if missing:
            message = f"{b.county}的数据包缺少指标：{missing}"
            problems.append(where(("indicators",)).problem("bundle-indicator", message))
    return problems


def _targets(counted: list[Received], catalogue: Catalogue, folder: str) -> list[Problem]:
    """A warning (on the bundles' folder) per quantity whose counties' targets do not add up to
    the prefecture's."""
    if not counted:
        return []
    shares: dict[tuple[str, str], float] = {}
    for r in counted:
        for indicator in r.bundle.indicators:
            for share in indicator.metrics:
                if share.target is not None:
                    key = (indicator.id, share.id)
                    shares[key] = shares.get(key, 0.0) + share.target
    problems = []
    for row in catalogue.rows():
        for metric in row.indicator.target.metrics:
            if metric.kind.staged or (row.indicator.id, metric.id) not in shares:
                continue
            total, unit = metric.base_target
            summed = shares[(row.indicator.id, metric.id)]
            if abs(summed - total) > 1e-6 * max(abs(total), 1):
                message = (
                    f"各县数据包中“{metric.name}”的年度目标之和为 "
                    f"{show(summed, unit, metric.display_unit)}，与本级指标任务 "
                    f"{show(total, unit, metric.display_unit)} 不符（{len(counted)} 个数据包）"
                )
                problems.append(Problem(folder, 1, 1, "bundle-target", message, Severity.warning))
    return problems
