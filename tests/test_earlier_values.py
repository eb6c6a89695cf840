"""What came before a quarter: the latest earlier submitted value, across a quarter not reported.

One rule (progress.reports.earlier_reports / earlier_reading) serves validate's cumulative and
unchanged checks, new-quarter's pre-filled values, the fill-in workbook's 上季度累计值 and 催办's
last values. The case here: the unit reported Q1, sent nothing for Q2, and reports Q3.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from conftest import copy_data, invoke, replace_once, validated

Q1_LINE = "      trainees: 0.61\n"


@pytest.fixture
def no_q2(tmp_path: Path) -> Path:
    """rz-hrss's Q2 file is gone; its Q3 file is the Q1 file, dated in Q3, trainees as given."""
    data = copy_data(tmp_path / "data")
    (data / "progress/2023-Q2/rz-hrss.yaml").unlink()
    return data


def write_q3(data: Path, trainees: str, *, submitted: str = "2023-09-20") -> Path:
    text = (data / "progress/2023-Q1/rz-hrss.yaml").read_text(encoding="utf-8")
    text = text.replace("submitted: 2023-03-23", f"submitted: {submitted}")
    text = text.replace(Q1_LINE, f"      trainees: {trainees}\n")
    folder = data / "progress/2023-Q3"
    folder.mkdir(exist_ok=True)
    path = folder / "rz-hrss.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text.rstrip("\n")) + 1


def test_a_value_below_the_quarter_before_the_missing_one_is_an_error(no_q2: Path) -> None:
    q3 = write_q3(no_q2, "0.30")
    found = validated(no_q2)
    decrease = [p for p in found if p[3] == "cumulative-decrease"]
    assert decrease == [
        (
            "progress/2023-Q3/rz-hrss.yaml",
            line_of(q3, "      trainees: 0.30"),
            17,
            "cumulative-decrease",
            "技能培训的累计值 0.3万人次 低于第1季度 data/progress/2023-Q1/rz-hrss.yaml 中的 "
            "0.61万人次；累计值（年初至今）不应减少。如是更正此前报错的数字，"
            "请在该指标下写 correction: 更正说明",
        )
    ]


def test_a_draft_in_between_is_no_report(no_q2: Path) -> None:
    """Q2's file exists but was never submitted: Q3 is still compared with Q1, not the draft."""
    q1 = no_q2 / "progress/2023-Q1/rz-hrss.yaml"
    draft = (q1.read_text(encoding="utf-8")).replace("submitted: 2023-03-23", "submitted:")
    draft = draft.replace(Q1_LINE, "      trainees: 0.90\n")
    (no_q2 / "progress/2023-Q2/rz-hrss.yaml").write_text(draft, encoding="utf-8")
    write_q3(no_q2, "0.70")
    assert not [p for p in validated(no_q2) if p[3] == "cumulative-decrease"]
    replace_once(no_q2 / "progress/2023-Q3/rz-hrss.yaml", "trainees: 0.70", "trainees: 0.50")
    (message,) = [p[4] for p in validated(no_q2) if p[3] == "cumulative-decrease"]
    assert message.startswith("技能培训的累计值 0.5万人次 低于第1季度 data/progress/2023-Q1/")


def test_an_equal_value_across_the_gap_passes(no_q2: Path) -> None:
    write_q3(no_q2, "0.61")
    assert not [p for p in validated(no_q2) if p[3] == "cumulative-decrease"]


def test_new_quarter_starts_from_the_last_submitted_value(no_q2: Path) -> None:
    result = invoke("new-quarter", "-q", "3", "-d", no_q2)
    assert result.exit_code == 0, result.output
    text = (no_q2 / "progress/2023-Q3/rz-hrss.yaml").read_text(encoding="utf-8")
    assert "      trainees: 0.61  # 技能培训（万人次）：第1季度累计值，请改为年初至今累计值" in text


def test_the_workbook_shows_the_last_submitted_value(no_q2: Path) -> None:
    output = no_q2.parent / "hrss-Q3.xlsx"
    result = invoke("sheet", "export", "-q", "3", "-u", "rz-hrss", "-d", no_q2, "-o", output)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(output)["进度"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet[f"C{r}"].value == "技能培训")
    assert sheet[f"E{row}"].value == 0.61


def test_the_reminder_names_the_last_submitted_value(no_q2: Path) -> None:
    result = invoke("remind", "-q", "3", "--as-of", "2023-09-20", "-d", no_q2)
    assert result.exit_code == 0, result.output
    assert "   - 技能培训（目标2.72万人次，第1季度报送0.61万人次）" in result.output.splitlines()
