"""What `validate` passes, every command can render: hostile values in every field, then report.

Each example replaces one value (catalogue, config or a progress file) with something a careless
or hostile user could write: nan, inf, huge or negative numbers, booleans, control characters,
very long texts, format strings, empty values, lists, dates as numbers. `validate` must end with
0 or 1 and no traceback; when it passes, `report` must write the Markdown and the docx.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import CASES, FIXTURE_DATA, TEMPLATES, invoke

HOSTILE: list[Any] = [
    float("nan"),
    float("inf"),
    -1e308,
    10**400,
    -1,
    0,
    True,
    None,
    "",
    " ",
    "\x07铃",
    "标\u202e题",
    "换\n行",
    "汝" * 300,
    "9" * 400,
    "1" * 50 + "万",
    "{year.__class__.__mro__}",
    "{number:>999999999}",
    "{{ 9 ** 9 ** 9 }}",
    '=HYPERLINK("x")',
    20230620,
    "2023-02-30",
    [],
    {},
    ["a", {"b": 1}],
]

PROGRESS = """\
submitted: 2023-06-20
contact: 张某某
indicators:
  skill-training:
    values:
      trainees: 1.52
    progress: 累计完成培训1.52万人次。
    issues: 补贴申领资料不规范。
    next_steps: 加强监管。
    evidence:
      - title: 培训台账
        link: 佐证/台账.xlsx
"""
FILES = {
    "units.yaml": (CASES / "base" / "units.yaml").read_text(encoding="utf-8"),
    "indicators.yaml": (CASES / "base" / "indicators.yaml").read_text(encoding="utf-8"),
    "config.yaml": (FIXTURE_DATA / "config.yaml").read_text(encoding="utf-8"),
    "progress/2023-Q2/rz-hrss.yaml": PROGRESS,
}
_YAML = YAML(typ="safe", pure=True)
_YAML.allow_unicode = True


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


PARSED = {name: _YAML.load(text) for name, text in FILES.items()}
TARGETS = [(name, path) for name, data in PARSED.items() for path in _paths(data)]


def _replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: (_replaced(v, rest, value) if k == head else v) for k, v in data.items()}
    return [(_replaced(v, rest, value) if i == head else v) for i, v in enumerate(data)]


def _dump(data: Any) -> str:
    stream = io.StringIO()
    _YAML.dump(data, stream)
    return stream.getvalue()


def test_there_are_many_targets() -> None:
    assert len(TARGETS) * len(HOSTILE) >= 1000


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(target=st.sampled_from(TARGETS), value=st.sampled_from(HOSTILE))
def test_hostile_value_is_refused_or_rendered(
    tmp_path_factory: Any, target: tuple[str, tuple[Any, ...]], value: Any
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    data = root / "data"
    for name, text in FILES.items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(text, encoding="utf-8")
    name, path = target
    (data / name).write_text(_dump(_replaced(PARSED[name], path, value)), encoding="utf-8")

    checked = invoke("validate", "--data", data)
    assert checked.exception is None or isinstance(checked.exception, SystemExit), checked.exception
    assert checked.exit_code in (0, 1), checked.output
    if checked.exit_code == 0:
        for form in ("md", "docx"):
            out = root / f"circular.{form}"
            result = invoke(
                "report",
                "-q",
                "2",
                "--data",
                data,
                "--templates",
                TEMPLATES,
                "-f",
                form,
                "-o",
                out,
            )
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                name,
                path,
                value,
                result.exception,
            )
            assert result.exit_code == 0, (name, path, value, result.output)
            assert out.stat().st_size > 0
    shutil.rmtree(root)


def test_an_unbreakable_run_in_a_text_still_lays_out_the_attachment(tmp_path: Path) -> None:
    """Found by the fuzz above: 400 digits in an indicator's text gave a column a negative width."""
    data = tmp_path / "data"
    for name, text in FILES.items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(text, encoding="utf-8")
    digits = "9" * 400
    path = ("projects", 1, "indicators", 1, "text")
    changed = _replaced(PARSED["indicators.yaml"], path, digits)
    (data / "indicators.yaml").write_text(_dump(changed), encoding="utf-8")
    out = tmp_path / "circular.docx"
    result = invoke("report", "-q", "2", "--data", data, "--templates", TEMPLATES, "-o", out)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    widths = [c.width for t in document.tables for c in t.columns if c.width is not None]
    assert widths and min(widths) > 0
    assert any(digits in cell.text for t in document.tables for row in t.rows for cell in row.cells)
