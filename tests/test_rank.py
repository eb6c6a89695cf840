"""mscli rank (#27): the prefecture ranks its counties per project from their bundles, checked
against hand computation (ties, the small field, the penalty for last place twice, rank change)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import copy_data, invoke
from mscli.bundle.models import Bundle
from mscli.catalogue.config import RankingRules
from mscli.results.county_ranking import Evaluation, rank_counties

# One project, two indicators: a count (target 100) and a milestone of three stages.
INDICATORS = [
    {"id": "beds", "name": "新增床位", "project_id": "care", "project": "养老服务",
     "lead_unit": "民政局", "metrics": [{"id": "beds", "name": "新增床位", "kind": "count",
                                       "target": 100, "unit": "张"}]},
    {"id": "centre", "name": "服务中心建设", "project_id": "care", "project": "养老服务",
     "lead_unit": "民政局", "metrics": [{"id": "centre", "name": "服务中心建设", "kind": "milestone",
                                       "stages": ["开工", "主体完工", "投入使用"]}]},
]  # fmt: skip
STAGES = ["开工", "主体完工", "投入使用"]


def county(name: str, q2: tuple[float, int], q4: tuple[float, int] | None, *, late: bool = False,
           year: int = 2023) -> dict[str, Any]:  # fmt: skip
    """A county whose beds reached `x` of 100 and whose centre reached `n` stages, per quarter."""

    def quarter(number: int, beds: float, stages: int) -> dict[str, Any]:
        rate = beds / 100
        return {
            "quarter": number,
            "deadline": f"2023-{number * 3:02d}-25",
            "indicators": [
                {"id": "beds", "status": "已完成" if rate >= 1 else "滞后", "completion": rate,
                 "schedule": 0.5, "metrics": [{"id": "beds", "value": beds, "completion": rate}]},
                {"id": "centre", "status": "已完成" if stages == 3 else "按序时",
                 "metrics": [{"id": "centre", "reached": {s: "2023-05-01" for s in STAGES[:stages]}}]},
            ],
            "submissions": [{"unit_id": "mz", "unit": "民政局", "submitted": "2023-06-20",
                             "timeliness": "迟报" if late else "按时报送"}],
        }  # fmt: skip

    quarters = [quarter(2, *q2)] + ([quarter(4, *q4)] if q4 else [])
    return {
        "format": "mscli-bundle", "version": 1, "county": name, "prefecture": "平顶山市",
        "year": year, "document": "某政办〔2023〕1号",
        "made": {"date": "2024-01-05", "as_of": "2024-01-05", "mscli": "0.1.0"},
        "indicators": INDICATORS, "quarters": quarters,
    }  # fmt: skip


def bundles(*counties: dict[str, Any]) -> list[Bundle]:
    return [Bundle.model_validate(c) for c in counties]


def test_scores_ties_and_points_in_a_field_of_six() -> None:
    six = bundles(
        county("甲县", (50, 1), (100, 3)),  # 年末 (100 + 100) / 2 = 100
        county("乙县", (40, 2), (90, 3)),  # (90 + 100) / 2 = 95
        county("丙县", (60, 0), (90, 3)),  # 95: tied with 乙县
        county("丁县", (80, 3), (70, 2)),  # (70 + 66.67) / 2 = 68.33
        county("戊县", (10, 0), (30, 1)),  # (30 + 33.33) / 2 = 31.67
        county("己县", (20, 0), None),  # no Q4 in the bundle: 0
    )
    (care,) = rank_counties(six, Evaluation.end).projects
    got = [(c.county, c.score, c.rank, c.points) for c in care.counties]
    assert got == [
        ("甲县", 100.0, 1, 100.0),
        ("乙县", 95.0, 2, 80.0),
        ("丙县", 95.0, 2, 80.0),  # 两个并列第2，下一名从第4名开始
        ("丁县", 68.33, 4, 40.0),
        ("戊县", 31.67, 5, 20.0),
        ("己县", 0.0, 6, 0.0),
    ]
    assert not care.counties[-1].reported
    # 年中 (Q2): 甲 (50+33.33)/2=41.67, 乙 (40+66.67)/2=53.33, 丙 30, 丁 (80+100)/2=90, 戊 5, 己 10
    (mid,) = rank_counties(six, Evaluation.mid).projects
    assert [(c.county, c.rank) for c in mid.counties] == [
        ("丁县", 1), ("乙县", 2), ("甲县", 3), ("丙县", 4), ("己县", 5), ("戊县", 6),
    ]  # fmt: skip
    changes = {c.county: c.change for c in care.counties}
    assert changes == {"甲县": 2, "乙县": 0, "丙县": 2, "丁县": -3, "戊县": 1, "己县": -1}
    assert all(c.change is None for c in mid.counties)


def test_the_small_field_and_last_place_twice() -> None:
    three = bundles(
        county("甲县", (90, 3), (100, 3)),
        county("乙县", (50, 1), (80, 2)),
        county("丙县", (10, 0), (20, 0)),  # last at 年中 and at 年末
    )
    (care,) = rank_counties(three, Evaluation.end).projects
    assert [(c.county, c.rank, c.points, c.penalty) for c in care.counties] == [
        ("甲县", 1, 100.0, 0.0),
        ("乙县", 2, 90.0, 0.0),
        ("丙县", 3, 75.0, 5.0),  # 80 − 5
    ]
    rules = RankingRules(small_field=2, last_place_penalty=0)
    (linear,) = rank_counties(three, Evaluation.end, rules).projects
    assert [c.points for c in linear.counties] == [100.0, 50.0, 0.0]


def test_counties_all_tied_are_not_last() -> None:
    """Two counties with the same figures at 年中 and 年末: both first, neither loses points."""
    two = bundles(county("甲县", (50, 1), (100, 3)), county("乙县", (50, 1), (100, 3)))
    (care,) = rank_counties(two, Evaluation.end).projects
    assert [(c.rank, c.points, c.penalty) for c in care.counties] == [(1, 100.0, 0.0)] * 2


def test_weights_bring_in_timeliness() -> None:
    two = bundles(county("甲县", (50, 1), (90, 3), late=True), county("乙县", (50, 1), (90, 3)))
    rules = RankingRules(completion_weight=0.8, timeliness_weight=0.2)
    (care,) = rank_counties(two, Evaluation.end, rules).projects
    assert [(c.county, c.score) for c in care.counties] == [("乙县", 96.0), ("甲县", 76.0)]


def write(folder: Path, name: str, content: dict[str, Any]) -> Path:
    path = folder / f"{name}.mscli.json"
    path.write_text(json.dumps(content, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_rank_names_the_counties_that_have_not_finished(tmp_path: Path) -> None:
    write(tmp_path, "a", county("甲县", (50, 1), (100, 3)))
    write(tmp_path, "b", county("乙县", (40, 2), (90, 3)))
    write(tmp_path, "c", county("丙县", (60, 0), (100, 3)))
    result = invoke("rank", tmp_path, "-f", "json")
    assert result.exit_code == 0, result.output
    (care,) = json.loads(result.stdout)["projects"]
    assert care["finished"] == "除乙县外，其余县（市、区）均已完成"
    assert [c["county"] for c in care["counties"]] == ["甲县", "丙县", "乙县"]
    table = invoke("rank", tmp_path)
    assert "2023年重点民生实事年末评价排名" in table.stdout
    assert "除乙县外，其余县（市、区）均已完成" in table.stdout


def test_bundles_of_another_year_an_unknown_task_or_a_county_twice(tmp_path: Path) -> None:
    write(tmp_path, "a", county("甲县", (50, 1), (100, 3)))
    write(tmp_path, "b", county("乙县", (40, 2), (90, 3), year=2022))
    write(tmp_path, "c", county("甲县", (60, 0), (100, 3)))
    odd = county("丙县", (60, 0), (100, 3))
    odd["indicators"] = [{**INDICATORS[0], "id": "beds-new"}, INDICATORS[1]]
    write(tmp_path, "d", odd)
    bad = county("丁县", (60, 0), (100, 3))
    bad["quarters"][0]["quarter"] = 5
    write(tmp_path, "e", bad)
    result = invoke("rank", tmp_path)
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "b.mscli.json 6:11 错误 乙县的数据包是 2022 年的，这里排名的是 2023 年" in text
    assert "c.mscli.json 4:13 错误 甲县已有数据包" in text
    assert "d.mscli.json" in text and "指标“新增床位”（beds-new）不在" in text
    assert "丙县的数据包缺少指标：新增床位" in text
    assert "e.mscli.json" in text  # quarter 5: refused by the model, with its line
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bundles_the_counties_made_rank_end_to_end(tmp_path: Path) -> None:
    """Two counties' real bundles (mscli bundle on the frozen data, the second renamed)."""
    data = copy_data(tmp_path / "data")
    out = tmp_path / "in"
    out.mkdir()
    made = invoke("bundle", "-d", data, "-o", out / "a.json", "--as-of", "2023-07-10")
    assert made.exit_code == 0, made.output
    second = json.loads((out / "a.json").read_text("utf-8"))
    second["county"] = "宝丰县"
    (out / "b.json").write_text(json.dumps(second, ensure_ascii=False), encoding="utf-8")
    result = invoke("rank", out, "-e", "年中", "-f", "json")
    assert result.exit_code == 0, result.output
    projects = json.loads(result.stdout)["projects"]
    assert projects and all(len(p["counties"]) == 2 for p in projects)
    # the same data twice: every project a tie for first
    assert all({c["rank"] for c in p["counties"]} == {1} for p in projects)


def prefecture(tmp_path: Path) -> Path:
    """A prefecture's repository: the frozen catalogue as its own, two counties' bundles received
    (the frozen data bundled, the second renamed) in bundles/2023/."""
    data = copy_data(tmp_path / "data")
    made = invoke("bundle", "-d", data, "-o", tmp_path / "a.json", "--as-of", "2023-07-10")
    assert made.exit_code == 0, made.output
    received = data / "bundles" / "2023"
    received.mkdir(parents=True)
    first = json.loads((tmp_path / "a.json").read_text("utf-8"))
    write(received, "a", first)
    write(received, "b", {**first, "county": "宝丰县"})
    return data


def test_the_prefectures_repository_checks_its_bundles_in_validate(tmp_path: Path) -> None:
    data = prefecture(tmp_path)
    result = invoke("validate", "-d", data)
    assert result.exit_code == 0, result.output  # warnings only
    text = " ".join(result.output.split())
    # two counties of 2.72万人次 each against the catalogue's 2.72万人次
    assert (
        "各县数据包中“技能培训”的年度目标之和为 5.44万人次，与本级指标任务 2.72万人次 不符" in text
    )
    odd = json.loads((data / "bundles" / "2023" / "b.mscli.json").read_text("utf-8"))
    odd["indicators"][0]["id"] = "skill-training-x"
    write(data / "bundles" / "2023", "b", odd)
    bad = invoke("validate", "-d", data)
    assert bad.exit_code == 1
    text = " ".join(bad.output.split())
    assert "data/bundles/2023/b.mscli.json" in text
    assert "指标“技能培训”（skill-training-x）不在本级指标目录中" in text
    assert "宝丰县的数据包缺少指标：技能培训" in text


def test_rank_in_the_prefectures_repository_uses_its_rules(tmp_path: Path) -> None:
    data = prefecture(tmp_path)
    ranked = invoke("rank", "-d", data, "-e", "年中", "-f", "json")
    assert ranked.exit_code == 0, ranked.output
    assert "年度目标之和" in ranked.stderr  # the warning is shown, the ranking still made
    first = json.loads(ranked.stdout)["projects"][0]
    assert [c["points"] for c in first["counties"]] == [100.0, 100.0]  # a tie, small field
    config = data / "config.yaml"
    config.write_text(
        config.read_text("utf-8") + "ranking:\n  small_field_points: [50, 40]\n", encoding="utf-8"
    )
    ruled = json.loads(invoke("rank", "-d", data, "-e", "年中", "-f", "json").stdout)
    assert [c["points"] for c in ruled["projects"][0]["counties"]] == [50.0, 50.0]
    config.write_text(
        config.read_text("utf-8").replace("[50, 40]", "[50, 40]\n  completion_weight: 0"),
        encoding="utf-8",
    )
    refused = invoke("rank", "-d", data)
    assert refused.exit_code == 1
    assert "完成率和按时报送的权重不能都为 0" in refused.output


def test_the_prefectures_dashboard_has_a_county_view(tmp_path: Path) -> None:
    data = prefecture(tmp_path)
    out = tmp_path / "site"
    result = invoke("site", "-d", data, "-q", "2", "--as-of", "2023-07-10", "-o", out)
    assert result.exit_code == 0, result.output
    page = (out / "index.html").read_text("utf-8")
    assert '<a href="#counties">各县排名</a>' in page
    assert "<h2>各县（市、区）年中评价排名</h2>" in page
    section = page.split('<section id="counties">')[1].split("</section>")[0]
    assert section.count("<td>汝州市</td>") == section.count("<td>宝丰县</td>") > 0
    assert "各县（市、区）均未全部完成。各县（市、区）合计：技能培训累计完成" in section
    plain = invoke("site", "-d", copy_data(tmp_path / "plain"), "-o", tmp_path / "p", "-q", "2")
    assert plain.exit_code == 0, plain.output
    assert 'id="counties"' not in (tmp_path / "p" / "index.html").read_text("utf-8")


def test_the_prefectures_circular_takes_its_own_issuer(tmp_path: Path) -> None:
    """In the prefecture's repository the ranking circular is issued as its config.yaml says (the
    frozen data's 汝州市人民政府办公室 here), not by the default for the bundles' 上级名称."""
    import docx

    data = prefecture(tmp_path)
    out = tmp_path / "r.docx"
    result = invoke("rank", "-d", data, "-e", "年中", "-o", out, "-n", "3", "--date", "2023-07-20")
    assert result.exit_code == 0, result.output
    text = [p.text for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    assert "汝政办〔2023〕3号" in text
    assert "平顶山市人民政府办公室" not in text
    bundles = invoke("rank", data / "bundles" / "2023", "-e", "年中", "-o", tmp_path / "d.docx")
    assert bundles.exit_code == 0, bundles.output
    given = [p.text for p in docx.Document(str(tmp_path / "d.docx")).paragraphs if p.text.strip()]
    assert "平顶山市人民政府办公室" in given  # the default for the bundles' prefecture


def test_each_project_gives_the_counties_total_against_the_target(tmp_path: Path) -> None:
    from mscli.render.text import totals_sentence

    six = bundles(
        county("甲县", (50, 1), (100, 3)),
        county("乙县", (40, 2), (90, 3)),
        county("丙县", (60, 0), (90, 3)),
        county("丁县", (80, 3), (70, 2)),
        county("戊县", (10, 0), (30, 1)),
        county("己县", (20, 0), None),  # no Q4: nothing added
    )
    (care,) = rank_counties(six, Evaluation.end).projects
    (beds,) = care.totals  # the milestone has no total
    assert (beds.value, beds.target) == (380, 600)  # 100+90+90+70+30; six targets of 100
    assert (
        totals_sentence(care)
        == "各县（市、区）合计：新增床位累计完成380张，为年度目标600张的63.3%。"
    )
    (own,) = rank_counties(six, Evaluation.end, targets={("beds", "beds"): 400}).projects
    assert own.totals[0].target == 400  # the prefecture's own catalogue wins


def test_the_prefectures_totals_use_its_own_targets(tmp_path: Path) -> None:
    data = prefecture(tmp_path)
    sent = json.loads((data / "bundles" / "2023" / "a.mscli.json").read_text("utf-8"))
    (q2,) = [q for q in sent["quarters"] if q["quarter"] == 2]
    reported = next(i for i in q2["indicators"] if i["id"] == "skill-training")
    ranked = json.loads(invoke("rank", "-d", data, "-e", "年中", "-f", "json").stdout)
    totals = [t for p in ranked["projects"] for t in p["totals"] if t["name"] == "技能培训"]
    assert totals == [
        {
            "name": "技能培训",
            "unit": "人次",
            "value": 2 * reported["metrics"][0]["value"],
            "target": 27200,  # the catalogue's, not the two counties' 54,400
            "completion": 2 * reported["metrics"][0]["value"] / 27200,
        }
    ]
