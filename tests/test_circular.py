"""The circular's wording for each quarter, on hand-built summaries: ranking, year end, credit.

The summaries come from a small catalogue built here (two projects, three lead units), so every
figure the assertions name is visible in this file.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import TEMPLATES
from mscli.catalogue.config import CircularFacts
from mscli.catalogue.load import Catalogue
from mscli.catalogue.models import IndicatorsFile, UnitsFile
from mscli.catalogue.unit_index import UnitIndex
from mscli.progress.reports import ProgressFile, ProgressReport
from mscli.quarters import Quarter
from mscli.render.circular.context import build_context
from mscli.render.circular.templates import render_circular, sentence
from mscli.results.completion import Status, status_label
from mscli.results.issuance import CircularIssue, circular_issue
from mscli.results.summary import QuarterSummary, summarize
from mscli.yamlio.source import Source, parse_yaml

UNITS = {
    "units": [
        {"id": "rz-health", "name": "市卫生健康委", "level": "county"},
        {"id": "rz-disabled", "name": "市残联", "level": "county"},
        {"id": "rz-roads", "name": "市交通运输局", "level": "county"},
    ]
}


def count(value: float) -> dict[str, Any]:
    return {"id": "m", "name": "完成数", "kind": "count", "value": value, "unit": "个"}


def catalogue() -> Catalogue:
    """Project 1 is led by 市卫生健康委, but its row `rehab` by 市残联 (as 项目5 in the seed)."""
    data = {
        "programme": {
            "year": 2023,
            "document": "汝政办〔2023〕45号",
            "issued": "2023-05-26",
            "issuer": "汝州市人民政府办公室",
            "title": "关于明确责任单位的通知",
        },
        "projects": [
            {
                "id": "p1",
                "block": "市",
                "number": 1,
                "title": "妇幼健康",
                "lead": ["市卫生健康委"],
                "indicators": [
                    {
                        "id": "screening",
                        "text": "筛查",
                        "target": {"text": "100个", "metrics": [count(100)]},
                    },
                    {
                        "id": "rehab",
                        "text": "康复",
                        "lead": ["市残联"],
                        "target": {"text": "40个", "metrics": [count(40)]},
                    },
                ],
            },
            {
                "id": "p2",
                "block": "市",
                "number": 2,
                "title": "农村公路",
                "lead": ["市交通运输局"],
                "indicators": [
                    {
                        "id": "roads",
                        "text": "公路",
                        "target": {"text": "20个", "metrics": [count(20)]},
                    }
                ],
            },
        ],
    }
    return Catalogue(
        IndicatorsFile.model_validate(data), UnitIndex(UnitsFile.model_validate(UNITS).units)
    )


def report(
    unit: str, quarter: int, submitted: str, entries: dict[str, dict[str, Any]]
) -> ProgressReport:
    data = ProgressFile.model_validate({"submitted": submitted, "indicators": entries})
    return ProgressReport(
        unit, 2023, quarter, data, Source(f"{unit}.yaml", None), Path(f"{unit}.yaml")
    )


ROADS_LAGGING = {
    "values": {"m": 1},
    "progress": "完成路基1公里。",
    "issues": "征地协调难度大",
    "next_steps": "下步将增加施工班组。",
}


def quarter_summary(
    quarter: int, *, screening: float = 30, roads: dict[str, Any] | None = None
) -> QuarterSummary:
    """市卫生健康委 and 市交通运输局 report on time; 市残联 never does."""
    deadline = Quarter(2023, quarter).deadline(25).isoformat()
    reports = [
        report("rz-health", quarter, deadline, {"screening": {"values": {"m": screening}}}),
        report("rz-roads", quarter, deadline, {"roads": roads or ROADS_LAGGING}),
    ]
    return summarize(catalogue(), reports, quarter=quarter)


def body(summary: QuarterSummary, issue: CircularIssue | None = None) -> tuple[str, dict[str, Any]]:
    facts = CircularFacts()
    chosen, _ = circular_issue(
        facts=facts, quarter=Quarter(2023, summary.quarter), deadline=summary.deadline
    )
    rendered = render_circular(
        summary=summary, facts=facts, issue=issue or chosen, templates=TEMPLATES
    )
    return rendered.body, {
        "title": "".join(rendered.title),
        "attachment": rendered.attachment_title,
        **rendered.context,
    }


@pytest.mark.parametrize("quarter", [1, 3])
def test_first_and_third_quarters_have_no_ranking(quarter: int) -> None:
    text, context = body(quarter_summary(quarter))
    assert not context["ranked"] and context["ranking_kind"] == ""
    assert "排名" not in text and "评价" not in text and "年中" not in text and "年末" not in text
    assert f"第{Quarter(2023, quarter).next.cn}季度推进情况报送" in text


def test_second_quarter_ranks_for_the_mid_year_evaluation() -> None:
    text, context = body(quarter_summary(2))
    assert context["ranking_kind"] == "年中" and context["ranking_month"] == 7
    assert "7月份重点民生实事“年中”评价" in text and "年中得分及排名如下" in text
    assert "年末" not in text and "半年（年终）" not in text
    assert "| 1 | 市卫生健康委 |" in text or "| 1 | 市交通运输局 |" in text


def test_fourth_quarter_closes_the_year() -> None:
    text, context = body(quarter_summary(4, screening=100))
    assert context["title"] == "关于2023年重点民生实事全年完成情况的通报"
    assert context["attachment"] == "2023年重点民生实事指标全年完成情况表"
    assert text.startswith(
        "按照《关于明确责任单位的通知》（汝政办〔2023〕45号）要求，现将2023年全市重点民生实事全年完成情况"
    )
    # screening done, roads short of its target, rehab never reported: 1 done, 2 not
    assert "全年已完成1项，未完成2项（其中1项未报送完成情况）" in text
    assert "，未完成（牵头单位：市交通运输局）" in text
    assert "市残联未报送完成情况，按未完成计" in text
    assert "**" not in text
    assert "滞后" not in text and "倒排工期" not in text
    assert "12月份重点民生实事“年末”评价" in text and "年中" not in text
    assert "附件2验收标准" in text and "2024年重点民生实事" in text
    assert "季度推进情况报送" not in text and "第一季度" not in text


def test_year_end_status_words() -> None:
    assert [status_label(s, year_end=True) for s in Status] == [
        "已完成",
        "未完成",
        "未完成",
        "未完成",
        "未完成",
        "未报送",
        "上级实施",
    ]
    assert [status_label(s, year_end=False) for s in Status] == [s.label for s in Status]
    context = build_context(
        quarter_summary(4), CircularFacts(), CircularIssue(None, dt.date(2023, 12, 31), False)
    )
    assert [(s["key"], s["label"], s["count"]) for s in context["statuses"]] == [
        ("unfinished", "未完成", 2),
        ("missing", "未报送", 1),
    ]


def test_each_indicator_is_credited_to_its_own_lead_unit() -> None:
    text, context = body(quarter_summary(2))
    project = context["projects"][0]
    assert project["lead_unit"] == "市卫生健康委"
    assert [
        (lead["name"], lead["total"], [(s["label"], s["count"]) for s in lead["statuses"]])
        for lead in project["leads"]
    ] == [
        ("市卫生健康委", 1, [("滞后", 1)]),
        ("市残联", 1, [("未报送", 1)]),
    ]
    assert "市卫生健康委牵头1项指标：滞后1项；\n市残联牵头1项指标：未报送1项。" in text
    assert "市卫生健康委牵头2项" not in text


def test_per_indicator_figures_and_the_units_own_words() -> None:
    _, context = body(quarter_summary(2))
    roads = next(i for i in context["indicators"] if i["id"] == "roads")
    assert {
        k: roads[k] for k in ("target", "actual", "completion", "schedule", "status", "lead_unit")
    } == {
        "target": "完成数20个",
        "actual": "1个",
        "completion": "5.0%",
        "schedule": "50%",
        "status": "严重滞后",
        "lead_unit": "市交通运输局",
    }
    assert (roads["progress"], roads["issues"], roads["next_steps"]) == (
        "完成路基1公里。",
        "征地协调难度大",
        "下步将增加施工班组。",
    )
    rehab = next(i for i in context["indicators"] if i["id"] == "rehab")
    assert (rehab["reported"], rehab["issues"], rehab["lead_unit"]) == (False, "", "市残联")


def test_a_lagging_indicators_problems_and_plans_are_quoted() -> None:
    text, _ = body(quarter_summary(2))
    item = next(line for line in text.splitlines() if "农村公路：" in line)
    assert "，严重滞后（牵头单位：市交通运输局）" in item
    assert item.endswith("存在问题：征地协调难度大。下步将增加施工班组。")
    silent = quarter_summary(2, roads={"values": {"m": 1}})
    text, _ = body(silent)
    item = next(line for line in text.splitlines() if "农村公路：" in line)
    assert item.endswith("严重滞后（牵头单位：市交通运输局）。")  # both items silent: said once
    assert (
        text.count("未说明") == 1 and "其中，第1、2项的牵头单位未说明滞后原因和下步打算。" in text
    )
    alone, _ = body(quarter_summary(2, screening=60, roads={"values": {"m": 1}}))
    item = next(line for line in alone.splitlines() if "农村公路：" in line)
    assert item.endswith("牵头单位未说明滞后原因和下步打算。") and "其中，第" not in alone


def test_units_grouped_by_every_timeliness_value() -> None:
    text, context = body(quarter_summary(2))
    groups = {g["key"]: [u["name"] for u in g["units"]] for g in context["timeliness"]}
    assert groups["missing"] == ["市残联"]
    assert "市残联截至通报时仍未报送第二季度进展情况" in text


def test_sentence_filter() -> None:
    assert sentence(" 征地难 ") == "征地难。"
    assert sentence("已完成。") == "已完成。"
    assert sentence("") == ""


CONFIG = """circular:
  quarters:
    2:
      number: 52
      date: 2023-07-10
    3:
      number: 52
      date: 2023-07-10
"""


def facts_and_source(text: str = CONFIG) -> tuple[CircularFacts, Source]:
    source, problems = parse_yaml(text.encode(), file="data/config.yaml")
    assert source is not None and not problems
    return CircularFacts.model_validate(source.data["circular"]), source


def test_each_quarter_has_its_own_number_and_date() -> None:
    facts, source = facts_and_source(
        "circular:\n  quarters:\n    2: {number: 52, date: 2023-07-10}\n    3: {number: 71}\n"
    )
    q2 = Quarter(2023, 2)
    issue, warnings = circular_issue(
        facts=facts, quarter=q2, deadline=q2.deadline(25), source=source
    )
    assert (issue.number, issue.date, warnings) == (52, dt.date(2023, 7, 10), [])
    q1 = Quarter(2023, 1)
    issue, warnings = circular_issue(
        facts=facts, quarter=q1, deadline=q1.deadline(25), source=source
    )
    assert (issue.number, issue.date, issue.dated, warnings) == (
        None,
        dt.date(2023, 3, 31),
        False,
        [],
    )


def test_a_reused_number_and_an_early_date_are_warned_with_their_lines() -> None:
    facts, source = facts_and_source()
    q3 = Quarter(2023, 3)
    issue, warnings = circular_issue(
        facts=facts, quarter=q3, deadline=q3.deadline(25), source=source
    )
    assert issue.number == 52  # kept, but never silently
    by_code = {w.code: w for w in warnings}
    date = by_code["circular-date"]
    assert date.where is not None and date.where.line == 8
    assert "2023年7月10日" in date.message and "早于本季度报送截止日 2023年9月25日" in date.message
    assert "data/config.yaml 第 8 行" in date.message
    number = by_code["circular-number"]
    assert number.where is not None and number.where.line == 7
    assert "已用于2023年第二季度通报，见 data/config.yaml 第 4 行" in number.message


def test_options_win_over_the_config_and_are_checked_too() -> None:
    facts, source = facts_and_source()
    q3 = Quarter(2023, 3)
    issue, warnings = circular_issue(
        facts=facts,
        quarter=q3,
        deadline=q3.deadline(25),
        number=71,
        date=dt.date(2023, 10, 8),
        source=source,
    )
    assert (issue.number, issue.date, warnings) == (71, dt.date(2023, 10, 8), [])
    _, warnings = circular_issue(
        facts=facts,
        quarter=q3,
        deadline=q3.deadline(25),
        number=52,
        date=dt.date(2023, 9, 1),
        source=source,
    )
    assert sorted(w.code for w in warnings) == ["circular-date", "circular-number"]
    assert all(w.where is None for w in warnings)
    assert any("（--number）" in w.message for w in warnings)


def test_docs_list_every_variable() -> None:
    """docs/templates.md names every key a template can reach, at every level."""
    docs = (TEMPLATES.parent / "docs" / "templates.md").read_text(encoding="utf-8")
    _, context = body(quarter_summary(2))
    project = context["projects"][0]
    levels = {
        "top": context,
        "project": project,
        "lead": project["leads"][0],
        "indicator": project["indicators"][0],
        "metric": project["indicators"][0]["metrics"][0],
        "unit": context["units"][0],
        "timeliness": context["timeliness"][0],
        "status": context["statuses"][0],
        "block": context["blocks"][0],
        "programme": context["programme"],
    }
    missing = [
        f"{level}.{key}"
        for level, values in levels.items()
        for key in values
        if key not in ("title", "attachment")  # added by body() above, not the context
        and f"`{key}`" not in docs
        and not re.search(rf"[`{{,\s.]{re.escape(key)}[`}},.]", docs)
    ]
    assert missing == []
