"""Reading reported amounts the ways clerks write them, and writing files without surprises."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mscli.files import write_text_atomic
from mscli.quantities import show, to_base


@pytest.mark.parametrize(
    ("raw", "unit", "display", "expected"),
    [
        (1.52, "人次", "万人次", 15200),
        ("1.52万", "人次", "万人次", 15200),
        ("1.52万人次", "人次", "万人次", 15200),
        ("15200人次", "人次", "万人次", 15200),
        ("１８５", "户", None, 185),  # full-width digits
        ("96.5%", "%", None, 96.5),
        ("3,500", "人", None, 3500),
        (1.13, "人", "万人", 11300),  # exactly, so it never looks smaller than "1.13万"
    ],
)
def test_to_base(raw: float | str, unit: str, display: str | None, expected: float) -> None:
    assert to_base(raw, unit, display) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("一万五", "无法读取的数值“一万五”"),
        ("1.52万户", "单位“户”与指标项单位“人次”不符"),
        ("12个", "单位“个”与指标项单位“万人次”不符"),
    ],
)
def test_to_base_refuses_in_chinese(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        to_base(raw, "人次", "万人次")


def test_show_uses_the_display_unit() -> None:
    assert show(27200, "人次", "万人次") == "2.72万人次"
    assert show(95.22, "千米") == "95.22千米"


def test_atomic_write_keeps_ordinary_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        new = write_text_atomic(tmp_path / "new.txt", "一\n")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        old = tmp_path / "old.txt"
        old.write_text("旧\n", encoding="utf-8")
        old.chmod(0o664)
        write_text_atomic(old, "新\n", force=True)
        assert stat.S_IMODE(old.stat().st_mode) == 0o664
        assert old.read_text(encoding="utf-8") == "新\n"
    finally:
        os.umask(umask)
