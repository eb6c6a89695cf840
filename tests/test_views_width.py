"""The terminal views at 80, 100 and 200 columns (and piped, which is 80): nothing wider than the
terminal, no number or status label split across lines, tables of every project aligned, the
Chinese name first and the id only where there is room."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from conftest import FIXTURE_DATA, invoke
from mscli.render.terminal import fit
from mscli.results.completion import Status

WIDTHS = (80, 100, 200)
LABELS = {s.label for s in Status}
PERCENT = re.compile(r"^(\d{1,3}\.\d%|\d{1,3}%|—)?$")


def view(*args: str, width: int) -> list[str]:
    result = invoke(*args, "--data", FIXTURE_DATA, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def status_json() -> list[dict[str, Any]]:
    result = invoke("status", "-q", "2", "--data", FIXTURE_DATA, "-f", "json")
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def cells(line: str) -> list[str]:
    """The cells of one row of a boxed table."""
    return [c.strip() for c in re.split("[│┃]", line)[1:-1]]


def column(lines: list[str], title: str) -> list[str]:
    """Every line's cell under `title` (the header is the first row with it)."""
    header = next(cells(line) for line in lines if title in cells(line))
    at = header.index(title)
    rows = [cells(line) for line in lines if line.startswith("│")]
    return [row[at] for row in rows if len(row) == len(header)]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", [("status", "-q", "2"), ("units", "-q", "2"), ("indicators",)])
def test_nothing_is_wider_than_the_terminal(args: tuple[str, ...], width: int) -> None:
    lines = view(*args, width=width)
    assert max(cell_len(line) for line in lines) <= width
    projection = next(
        (n for n, line in enumerate(lines) if line.startswith("按目前进度预计（")), None
    )
    tables = lines[:projection]  # status's own table of the year-end projection follows (#24)
    rules = {cell_len(line) for line in tables if line[:1] in "┏┌└"}
    assert len(rules) <= 1, "every project's table has the same column widths"


def test_acceptance_fits_too() -> None:
    for width in WIDTHS:
        lines = view("acceptance", width=width)
        assert max(cell_len(line) for line in lines) <= width


@pytest.mark.parametrize("width", (100, 200))
def test_status_table_keeps_numbers_and_labels_whole(width: int) -> None:
    lines = view("status", "-q", "2", width=width)
    statuses = [s for s in column(lines, "状态") if s]
    assert set(statuses) <= LABELS
    assert len(statuses) == 44  # one per indicator: never a label's second half on its own line
    for title in ("完成率", "时序"):
        assert all(PERCENT.match(cell) for cell in column(lines, title))
    targets = "".join(column(lines, "汝州市目标"))
    assert "技能培训2.72万人次" in targets  # wrapped, perhaps, but never inside 2.72万人次
    assert not any(cell.startswith(("人", "次", "%")) for cell in column(lines, "汝州市目标"))


def test_status_at_80_is_one_line_per_indicator() -> None:
    lines = view("status", "-q", "2", width=80)
    rows = status_json()
    assert "终端较窄" in lines[1]
    for row in rows:
        line = next(line for line in lines if line.startswith(row["name"][:8]))
        completion = "—" if row["completion"] is None else f"{row['completion'] * 100:.1f}%"
        assert re.search(rf"\s{re.escape(completion)}\s", line), line
        assert row["status"] in line.split()
    indicator_lines = [line for line in lines if any(s in line.split() for s in LABELS)]
    assert len(indicator_lines) == len(rows) == 44
    labels = "|".join(sorted(LABELS, key=len, reverse=True))
    ends = [list(re.finditer(rf"\s({labels})\s", line))[-1].start() for line in indicator_lines]
    starts = {cell_len(line[:end]) for line, end in zip(indicator_lines, ends, strict=True)}
    assert len(starts) == 1, "the columns line up across projects"


def test_name_leads_and_the_id_shows_only_with_room() -> None:
    wide = view("status", "-q", "2", width=200)
    narrow = view("status", "-q", "2", width=100)
    assert column(wide, "指标")[0] == "技能培训" and column(wide, "编号")[0] == "skill-training"
    assert not any("skill-training" in line for line in narrow)
    assert any(line.startswith("│ 技能培训 ") for line in narrow)
    assert status_json()[0]["name"] == "技能培训"  # and in JSON, beside the id


def test_units_never_split_a_status_count() -> None:
    for width in WIDTHS:
        lines = view("units", "-q", "2", width=width)
        token = "(" + "|".join(LABELS) + r")\d+"
        for cell in column(lines, "各状态指标数"):
            assert re.fullmatch(rf"({token}、)*({token})?", cell), (width, cell)
        assert all(re.fullmatch(r"\d+\.\d", s) for s in column(lines, "得分") if s)


def test_units_show_the_id_only_at_200() -> None:
    assert "rz-hrss" not in "\n".join(view("units", "-q", "2", width=80))
    assert "rz-hrss" in column(view("units", "-q", "2", width=200), "编号")


def test_indicators_at_80_do_not_wrap_unit_names_two_characters_a_line() -> None:
    lines = view("indicators", width=80)
    header = next(line for line in lines if line.startswith("┃"))
    widths = {c.strip(): cell_len(c) - 2 for c in header.split("┃")[1:-1]}
    assert widths["牵头单位"] >= 14  # 市人力资源和社会保障局 in two lines, not six
    assert len(lines) < 252  # the count before


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("技能培训2.72万人次", 10, ["技能培训", "2.72万人次"]),
        ("完成率100.0%，滞后", 8, ["完成率", "100.0%，", "滞后"]),
        ("示范乡镇2—3个（试点）", 13, ["示范乡镇2—3个", "（试点）"]),
    ],
)
def test_wrap_breaks_only_where_chinese_text_may(
    text: str, width: int, expected: list[str]
) -> None:
    assert fit.wrap(text, width) == expected


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("家庭医生签约服务", 14, ["家庭医生签约", "服务"]),  # widths in cells: 2 a character
        ("家庭医生签约服务）", 14, ["家庭医生签约", "服务）"]),
        ("家庭医生签约服务。", 14, ["家庭医生签约", "服务。"]),
        ("签约服务AB", 8, ["签约服务", "AB"]),  # not one character: kept as it falls
    ],
)
def test_a_wrapped_name_never_leaves_one_character_alone_even_with_its_punctuation(
    text: str, width: int, expected: list[str]
) -> None:
    assert fit.wrap(text, width) == expected


def test_fitted_renders_at_the_console_width() -> None:
    columns = (fit.Column("名称", "text", minimum=4), fit.Column("状态", "token"))
    rows = [("市人力资源和社会保障局", Text("严重滞后"))]

    def build(width: int) -> Any:
        layout = fit.lay_out(columns, rows, width)
        assert layout is not None
        yield fit.table(columns, layout, rows)

    console = Console(width=30, record=True)
    console.print(fit.Fitted(build))
    text = console.export_text()
    assert max(cell_len(line) for line in text.splitlines()) <= 30
    assert "严重滞后" in text
