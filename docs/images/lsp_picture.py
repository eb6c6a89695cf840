"""Draws docs/images/lsp.png, the README's picture of a flagged line: `mscli lsp` is started on a
copy of the tests' data, the clerk's unsaved edit (a cumulative value below last quarter's) is
sent, and the diagnostic the server publishes is drawn under the line it names, as an editor
shows it. Needs Chromium (`apt-get install chromium`). Run from the repository root:

    .venv/bin/python docs/images/lsp_picture.py
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from lsp_client import Editor  # noqa: E402

CASE = ROOT / "tests" / "cases" / "progress-invalid" / "cumulative-decrease"
REPORT = Path("progress/2023-Q2/rz-hrss.yaml")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(ROOT / "tests" / "fixtures" / "data-2023", data)
        editor = Editor(Path(folder))
        try:
            uri = editor.open(data / REPORT)
            editor.change(uri, (CASE / REPORT).read_text(encoding="utf-8"))
            editor.settle()
            shown = editor.diagnostics[uri][0]
            text = editor.texts[uri].split("\n")
        finally:
            editor.close()
        row = shown["range"]["start"]["line"]
        start, end = shown["range"]["start"]["character"], shown["range"]["end"]["character"]
        lines = []
        for n in range(max(row - 4, 0), min(row + 4, len(text))):
            line = text[n]
            if n == row:
                body = (
                    html.escape(line[:start])
                    + f'<span class="bad">{html.escape(line[start:end])}</span>'
                    + html.escape(line[end:])
                )
            else:
                body = html.escape(line)
            lines.append(f'<div><span class="no">{n + 1}</span>{body}</div>')
            if n == row:
                lines.append(
                    f'<div class="tip"><b>{html.escape(shown["message"])}</b>'
                    f"<br>mscli({html.escape(shown['code'])}) · 未保存的修改即已检查</div>"
                )
        page = Path(folder) / "page.html"
        page.write_text(
            "<meta charset=utf-8><style>"
            "body{margin:0;background:#1e1e1e;color:#d4d4d4;font:15px 'Noto Sans Mono CJK SC',monospace}"
            "div{white-space:pre;padding:1px 12px}.no{display:inline-block;width:3em;color:#858585}"
            ".bad{text-decoration:underline wavy #f14c4c;text-underline-offset:3px}"
            ".tip{white-space:normal;margin:4px 0 4px 4em;max-width:760px;background:#252526;"
            "border:1px solid #454545;padding:8px 10px;font-family:'Noto Sans CJK SC',sans-serif}"
            "</style>" + "".join(lines),
            encoding="utf-8",
        )
        target = ROOT / "docs" / "images" / "lsp.png"
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--hide-scrollbars",
                "--window-size=900,300",
                f"--screenshot={target}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
        print(f"已写入 {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
