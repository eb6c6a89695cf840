"""`mscli site`: the dashboard, a static page that opens from a file with no network."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mscli.cli.app import AsOf, DataDir, Force, LatestQuarter, Year, app, check_export, load
from mscli.problems import MscliError
from mscli.render.terminal.console import say

if TYPE_CHECKING:
    from mscli.results.county_ranking import CountyRanking
    from mscli.years.dataset import Dataset

DEFAULT_OUTPUT = Path("output/site")
PAGE = "index.html"


@app.command()
def site(
    year: Year = None,
    quarter: LatestQuarter = None,
    as_of: AsOf = None,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="写入的文件夹（其中的 index.html 即看板）。"),
    ] = DEFAULT_OUTPUT,
    data: DataDir = Path("data"),
    force: Force = False,
) -> None:
    """生成看板：一个可直接用浏览器打开的静态网页（不访问网络），含总体情况、各项目、各牵头单位、每项指标的各季度完成情况、催办和验收事项，可按单位、项目、状态筛选和搜索，可打印（A4）。"""
    from mscli.files import write_text_atomic
    from mscli.render.site.page import build_page
    from mscli.results.acceptance import build_checklist, final_summary, latest_quarter
    from mscli.results.escalation import escalations
    from mscli.results.history import build_history
    from mscli.results.nodes import node_warnings
    from mscli.results.projection import project
    from mscli.results.reminders import build_reminders
    from mscli.results.summary import summarize
    from mscli.results.supervision import unit_levels

    dataset = load(data, year=year)  # any kept year; one without a catalogue stops with exit 2
    year = dataset.catalogue.programme.year
    reports = list(dataset.reports)
    shown = quarter or latest_quarter(reports, year)
    with_reports = {r.quarter for r in reports if r.year == year}
    quarters = [q for q in range(1, shown + 1) if q in with_reports or q == shown]
    today = dt.date.today()
    judged = as_of or today  # a past year's dashboard rebuilt today: as it stood on a day
    summaries = tuple(
        summarize(
            dataset.catalogue,
            reports,
            quarter=q,
            year=year,
            rules=dataset.config.status,
            as_of=judged,
            plans=list(dataset.plans),
        )
        for q in quarters
    )
    checklist = (
        build_checklist(
            catalogue=dataset.catalogue,
            records=list(dataset.acceptance),
            summary=final_summary(dataset, year=year),
        )
        if dataset.acceptance
        else None
    )
    past = build_history(
        dataset.catalogue,
        reports,
        year=year,
        as_of=judged,
        rules=dataset.config.status,
        plans=list(dataset.plans),
        up_to=shown,
    )
    escalated = escalations(past, dataset.config.escalation)
    page = build_page(
        summaries=summaries,
        reminders=build_reminders(
            summary=summaries[-1],
            reports=reports,
            nodes=node_warnings(
                dataset.catalogue,
                dataset.reports,
                dataset.plans,
                as_of=summaries[-1].as_of,
                days=dataset.config.status.node_warning_days,
            ),
            levels=unit_levels(summaries[-1], escalated),
            plans=list(dataset.plans),
            audience=dataset.config.reminders.audience,
        ),
        checklist=checklist,
        generated=today,
        projection=project(
            dataset.catalogue,
            reports,
            quarter=shown,
            as_of=judged,
            rules=dataset.config.projection,
            year=year,
            plans=list(dataset.plans),
        ),
        escalated=escalated,
        history=past,
        ranking=_county_ranking(dataset),
    )
    target = output / PAGE
    check_export(target, data)
    if output.exists() and not output.is_dir():
        raise MscliError(f"{output} 不是文件夹")
    write_text_atomic(target, page.html, force=force)
    shown_quarters = "、".join(f"第{q}季度" for q in page.quarters)
    say(f"已写入 {target}（{page.indicators} 项指标，{shown_quarters}）；用浏览器直接打开即可。")


def _county_ranking(dataset: Dataset) -> CountyRanking | None:
    """In a prefecture's repository, the counties ranked from bundles/<year>/ (年末 once a bundle
    holds the fourth quarter, else 年中); validate has reported what is wrong with them."""
    from mscli.bundle.received import bundle_files, read_bundles
    from mscli.problems import has_errors
    from mscli.results.county_ranking import Evaluation, rank_counties

    files = bundle_files(dataset.root, dataset.year)
    if not files:
        return None
    received, problems = read_bundles(files, year=dataset.year, catalogue=dataset.catalogue)
    if has_errors(problems) or not received:
        return None
    bundles = [r.bundle for r in received]
    end = any(q.quarter == 4 for b in bundles for q in b.quarters)
    return rank_counties(bundles, Evaluation.end if end else Evaluation.mid, dataset.config.ranking)
