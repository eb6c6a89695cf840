"""Look-alike units do not pass `validate` (issue #23, item 6).

A second unit whose name differs from another's only by an invisible character (U+200B), by a
look-alike (巿 U+5DFF for 市, a Kangxi radical, katakana ロ for 口) or by case, and an alias that is
another unit's id, would let a reference or a reviewer's eye pick the wrong unit. Format
characters are refused in names and aliases; names, aliases and ids that fold together are
errors, each naming the other's file:line:col.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import FIXTURE_DATA, copy_data, invoke

UNITS = YAML(typ="safe").load((FIXTURE_DATA / "units.yaml").read_text(encoding="utf-8"))["units"]
COUNTY = [u for u in UNITS if u["level"] == "county"]


def add_unit(data: Path, unit_id: str, name: str, aliases: list[str] | None = None) -> int:
    """Append a county unit to units.yaml; the line of its name."""
    path = data / "units.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    line = text.count("\n") + 2
    entry = (
        f"  - id: {unit_id}\n    name: {json.dumps(name, ensure_ascii=False)}\n    level: county\n"
    )
    if aliases is not None:
        entry += f"    aliases: {json.dumps(aliases, ensure_ascii=False)}\n"
    path.write_text(text + entry, encoding="utf-8")
    return line


def problems(data: Path) -> tuple[int, list[dict[str, Any]]]:
    result = invoke("validate", "-f", "json", "--data", data)
    return result.exit_code, json.loads(result.stdout)


def at_line(found: list[dict[str, Any]], line: int) -> list[dict[str, Any]]:
    return [p for p in found if p["file"] == "data/units.yaml" and p["line"] == line]


def test_a_name_with_a_zero_width_space_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    line = add_unit(data, "rz-fake", "市人力资源和\u200b社会保障局")
    code, found = problems(data)
    assert code == 1
    (problem,) = at_line(found, line)
    assert "不可见的格式字符 U+200B" in problem["message"]


def test_an_alias_that_is_only_a_zero_width_space_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    line = add_unit(data, "rz-fake", "市假冒局", ["\u200b"])
    code, found = problems(data)
    assert code == 1
    assert any("U+200B" in p["message"] for p in at_line(found, line + 2))


def test_a_look_alike_character_names_both_places(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    line = add_unit(data, "rz-fake", "巿人力资源和社会保障局")
    code, found = problems(data)
    assert code == 1
    (problem,) = at_line(found, line)
    assert problem["code"] == "lookalike-name"
    assert problem["message"] == (
        "名称或别名“巿人力资源和社会保障局”与单位“rz-hrss”的“市人力资源和社会保障局”"
        "（data/units.yaml:8:11）看起来相同（“巿”U+5DFF 与“市”U+5E02），"
        "会被当成同一个单位；请改正其中一处"
    )


def test_an_alias_equal_to_another_units_id(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    line = add_unit(data, "rz-fake", "市假冒局", ["RZ-HRSS"])
    code, found = problems(data)
    assert code == 1
    (problem,) = at_line(found, line + 2)
    assert problem["code"] == "lookalike-id"
    assert "单位编号“rz-hrss”（data/units.yaml:7:9）" in problem["message"]


FORMAT = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u180e", "\U000e0041"]
"""Format characters (Unicode category Cf) that show nothing."""
LOOKS = {
    "市": ["巿"],
    "人": ["\u2f08"],  # KANGXI RADICAL MAN
    "力": ["カ", "\u2f12"],
    "口": ["ロ", "\u2f1d"],
    "工": ["エ", "\u2f2f"],
    "门": ["⻔"],
    "长": ["⻓"],
    "一": ["ー"],
    "(": ["（"],
    ")": ["）"],
}


@st.composite
def look_alike(draw: st.DrawFn) -> tuple[str, str]:
    """An existing county unit's name or alias, and a variant that looks the same."""
    unit = draw(st.sampled_from(COUNTY))
    original = draw(st.sampled_from([unit["name"], *unit.get("aliases", [])]))
    chars = list(original)
    for index, char in enumerate(chars):
        if char in LOOKS and draw(st.booleans()):
            chars[index] = draw(st.sampled_from(LOOKS[char]))
    for _ in range(draw(st.integers(0 if chars != list(original) else 1, 3))):
        chars.insert(draw(st.integers(0, len(chars))), draw(st.sampled_from(FORMAT)))
    if draw(st.booleans()):
        chars.insert(draw(st.integers(0, len(chars))), " ")
    return original, "".join(chars).strip()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pair=look_alike(), as_alias=st.booleans())
def test_no_look_alike_unit_passes(tmp_path: Path, pair: tuple[str, str], as_alias: bool) -> None:
    original, variant = pair
    data = copy_data(Path(tempfile.mkdtemp(dir=tmp_path)) / "data")
    if as_alias:
        line = add_unit(data, "rz-fake", "市某某新设局", [variant]) + 2
    else:
        line = add_unit(data, "rz-fake", variant)
    code, found = problems(data)
    assert code == 1, (original, variant)
    assert at_line(found, line), (original, variant, found)
