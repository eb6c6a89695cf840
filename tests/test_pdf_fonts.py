"""LibreOffice is given mscli's 公文 font aliases unless the user chose a fontconfig file."""

from __future__ import annotations

import pytest

from mscli.render.circular.pdf import FONTS_CONF, font_environment


def test_the_aliases_ship_with_mscli_and_name_every_office_font() -> None:
    from mscli.render.circular.docx.styles import GONGWEN_FONTS

    text = FONTS_CONF.read_text(encoding="utf-8")
    assert all(f"<family>{family}</family>" in text for family in GONGWEN_FONTS)
    assert "<accept>" in text and "<prefer>" not in text  # an installed office font still wins


def test_the_users_fontconfig_file_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    assert font_environment()["FONTCONFIG_FILE"] == str(FONTS_CONF)
    monkeypatch.setenv("FONTCONFIG_FILE", "/etc/mine.conf")
    assert font_environment()["FONTCONFIG_FILE"] == "/etc/mine.conf"
