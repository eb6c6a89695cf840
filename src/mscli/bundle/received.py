"""Bundles a prefecture received (mscli rank): each file read as the model says, with file, line
and column for every problem, then checked against the others: one year, one bundle per county,
the same indicators in every bundle."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mscli.bundle.models import Bundle
from mscli.oserrors import reason
from mscli.problems import Problem
from mscli.yamlio.load import parse_model, read_limited
from mscli.yamlio.source import Source


@dataclass(frozen=True)
class Received:
    file: str
    bundle: Bundle
    source: Source


def read_bundles(
    paths: list[Path], *, year: int | None = None
) -> tuple[list[Received], list[Problem]]:
    """Every readable bundle of `paths` and every problem found in them, all at once. JSON is read
    by the same reader as the YAML data files (JSON is YAML), so problems carry positions."""
    received: list[Received] = []
    problems: list[Problem] = []
    for path in paths:
        file = path.as_posix()
        try:
            raw = read_limited(path)
        except OSError as exc:
            problems.append(Problem(file, 1, 1, "io", f"无法读取数据包：{reason(exc)}"))
            continue
        bundle, source, found = parse_model(raw, Bundle, file=file)
        problems += found
        if bundle is not None and source is not None:
            received.append(Received(file, bundle, source))
    return received, problems + _across(received, year)


def _across(received: list[Received], year: int | None) -> list[Problem]:
    problems: list[Problem] = []
    wanted = year if year is not None else (received[0].bundle.year if received else None)
    reference = next((r for r in received if r.bundle.year == wanted), None)
    known = {i.id: i for i in reference.bundle.indicators} if reference else {}
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
                    f"指标“{indicator.name}”（{indicator.id}）不在 {reference and reference.file} "
                    "的指标目录中：各县的数据包应来自同一份指标目录"
                )
                problems.append(where(("indicators", n, "id")).problem("bundle-indicator", message))
        missing = "、".join(
            i.name for k, i in known.items() if k not in {i.id for i in b.indicators}
        )
        if missing:
            message = f"{b.county}的数据包缺少指标：{missing}"
            problems.append(where(("indicators",)).problem("bundle-indicator", message))
    return problems
