"""A .docx to PDF through LibreOffice (`soffice --headless --convert-to pdf`), when it is installed.

LibreOffice runs with a private, throw-away profile, so a conversion works while the user has
LibreOffice open, and two conversions never share state.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from mscli.oserrors import reason
from mscli.problems import MscliError

OFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 300
NO_OFFICE = (
    "未找到 LibreOffice（soffice 命令），无法生成 PDF。请先安装 LibreOffice 和中文字体"
    "（Debian/Ubuntu：apt-get install libreoffice-writer-nogui fonts-noto-cjk；"
    "Windows/macOS：从 libreoffice.org 安装），或用环境变量 MSCLI_SOFFICE 指定 soffice 的路径；"
    "也可以只生成 .docx 后用 WPS 或 Word 另存为 PDF。"
)
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def find_office() -> str | None:
    """The soffice program: MSCLI_SOFFICE when set, else the first on PATH; None when absent."""
    chosen = os.environ.get("MSCLI_SOFFICE")
    if chosen:
        return shutil.which(chosen)
    return next((found for name in OFFICE_NAMES if (found := shutil.which(name))), None)


def require_office() -> str:
    office = find_office()
    if office is None:
        raise MscliError(NO_OFFICE)
    return office


FONTS_CONF = Path(__file__).with_name("fonts") / "office-fonts.conf"
"""Aliases from the 公文 fonts a .docx names to the CJK faces a machine has (see the file)."""


def font_environment() -> dict[str, str]:
    """The environment LibreOffice runs in: the user's, with mscli's font aliases unless the
    user chose a fontconfig file of their own (FONTCONFIG_FILE)."""
    found = dict(os.environ)
    if "FONTCONFIG_FILE" not in found and FONTS_CONF.is_file():
        found["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return found


def substituted_fonts(families: tuple[str, ...]) -> list[tuple[str, str]]:
    """(font the document names, face LibreOffice will draw it in) for each of `families` this
    machine lacks, as fontconfig resolves them for LibreOffice; [] where fontconfig's tools are
    absent (Windows, macOS), whose LibreOffice says nothing either."""
    if shutil.which("fc-list") is None or shutil.which("fc-match") is None:
        return []
    env = font_environment()
    found = []
    for family in families:
        try:
            listed = subprocess.run(
                ["fc-list", family, "family"], capture_output=True, text=True, env=env, timeout=30
            ).stdout
            if listed.strip():
                continue
            face = subprocess.run(
                ["fc-match", "-f", "%{family}", family],
                capture_output=True, text=True, env=env, timeout=30,
            ).stdout  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            return []
        found.append((family, face.split(",")[0].strip() or "（无）"))
    return found


def convert(source: Path, *, office: str) -> Path:
    """Convert `source` (a .docx) to a PDF beside it, the 公文 fonts aliased to the machine's CJK
    faces (font_environment); the PDF's path, or MscliError."""
    with tempfile.TemporaryDirectory(prefix="mscli-office-") as profile:
        command = [
            office,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(source.parent),
            str(source),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                env=font_environment(),
            )
        except subprocess.TimeoutExpired:
            raise MscliError(f"LibreOffice 转换 PDF 超时（{TIMEOUT_SECONDS} 秒）") from None
        except OSError as exc:
            raise MscliError(f"无法运行 LibreOffice（{office}）：{reason(exc)}") from None
    target = source.with_suffix(".pdf")
    if done.returncode != 0 or not target.is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()
        why = f"：{detail[-1]}" if detail else ""
        raise MscliError(
            f"LibreOffice 未能把 {source.name} 转换为 PDF（退出码 {done.returncode}）{why}"
        )
    return target


def page_count(pdf: Path) -> int:
    """Pages of a PDF that LibreOffice wrote (its page objects are never compressed)."""
    return len(_PAGE.findall(pdf.read_bytes()))
