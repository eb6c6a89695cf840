"""Commands that maintain the repository around the data: schema, codeowners."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Annotated

import typer

from mscli.cli.app import DataDir, app, check_export, force_option, load, output_option, stop
from mscli.render.terminal.console import say


@app.command()
def schema(
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="写入 JSON Schema 的目录。")] = Path(
        "schemas"
    ),
    check: Annotated[
        bool,
        typer.Option("--check", help="只检查目录中的 Schema 是否与程序一致，不一致时退出码为 1。"),
    ] = False,
) -> None:
    """生成各类数据文件的 JSON Schema（编辑器据此补全和检查字段），写入 schemas/。"""
    from mscli.files import write_text_atomic
    from mscli.repo.schemas import KINDS, schema_text
    from mscli.yamlio.modeline import file_name

    stale = []
    for kind in KINDS:
        path = out_dir / file_name(kind)
        text = schema_text(kind)
        current = _written(path, len(text.encode("utf-8")))
        if current == text.encode("utf-8"):
            say(f"未变化  {path}")
            continue
        stale.append(path)
        if check:
            say(f"  {path}", label="已过期", style="red")
            continue
        write_text_atomic(path, text, force=True)
        say(f"{'已更新' if current is not None else '已创建'}  {path}")
    if check and stale:
        stop("Schema 与程序中的数据模型不一致：请运行 mscli schema 并提交 schemas/ 下的改动。")


def _written(path: Path, size: int) -> bytes | None:
    """The schema file's bytes, read no further than one byte past `size` (the schema it should
    be): a huge or sparse file is found stale at once, never read whole. None when absent or
    unreadable (it is then written, or reported stale)."""
    try:
        with path.open("rb") as handle:
            return handle.read(size + 1)
    except OSError:
        return None


def _repository_top(data: Path) -> Path:
    import subprocess

    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=data,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return Path.cwd()
    return Path(top)


@app.command()
def codeowners(
    data: DataDir = Path("data"),
    output: Annotated[
        Path | None, output_option("CODEOWNERS 文件路径；默认为仓库的 .github/CODEOWNERS。")
    ] = None,
    force: Annotated[bool, force_option("覆盖不是由 mscli 生成的已有 CODEOWNERS。")] = False,
) -> None:
    """按 units.yaml 的 reviewers 和 config.yaml 的 coordinators 生成 CODEOWNERS。"""
    from mscli.files import write_text_atomic
    from mscli.repo.codeowners import MARKER
    from mscli.repo.codeowners import codeowners as build

    dataset = load(data)
    top = _repository_top(data.resolve())
    try:
        relative = PurePosixPath(data.resolve().relative_to(top.resolve()).as_posix())
    except ValueError:
        relative = PurePosixPath(data.name)
    target = output or top / ".github" / "CODEOWNERS"
    check_export(target, data)
    text = build(dataset, data_path=relative)
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if current == text:
        say(f"未变化  {target}")
        return
    ours = current is not None and current.startswith(MARKER)
    write_text_atomic(target, text, force=force or ours)
    say(f"{'已更新' if current is not None else '已创建'}  {target}")
