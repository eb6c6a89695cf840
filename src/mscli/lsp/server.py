"""The language server over stdio (pygls): after every edit it runs the checks of `mscli validate`
on the data folder, with the open files' unsaved text in place of the disk's (mscli.buffers), and
publishes each file's problems — the same codes, Chinese messages, lines and columns — for every
file that has some, so that an edit that breaks another file (a renamed indicator id) shows there
too. Completion and hover come from mscli.lsp.knowledge; "是不是…" problems get a quick fix.

A server error is logged to the editor and the server keeps serving: the clerk is never left
without diagnostics because of one bad keystroke.
"""

from __future__ import annotations

import functools
import re
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from mscli.buffers import unsaved
from mscli.catalogue.load import INDICATORS_FILE
from mscli.lsp.knowledge import choices, describe
from mscli.lsp.spot import Spot, spot
from mscli.problems import Problem, Severity
from mscli.results.validation import check_folder
from mscli.yamlio.memo import Memo, remembered
from mscli.yamlio.modeline import kind_of
from mscli.years.dataset import Dataset
from mscli.years.kept import ARCHIVE_DIR

SEVERITY = {
    Severity.error: lsp.DiagnosticSeverity.Error,
    Severity.warning: lsp.DiagnosticSeverity.Warning,
    Severity.notice: lsp.DiagnosticSeverity.Information,
}
_TOKEN = re.compile(r"[^\s:{}\[\],#]+")
_CANDIDATES = re.compile(r"是不是((?:“[^”]+”、?)+)？")


@dataclass
class State:
    """What the server knows between messages."""

    data: Path | None = None
    """The data folder given by `mscli lsp --data`; else found from each open file."""
    published: dict[Path, set[str]] = field(default_factory=dict)
    """Per data folder, the URIs last given problems (to clear them once they are fixed)."""
    datasets: dict[Path, list[Dataset]] = field(default_factory=dict)


def data_folder(path: Path, given: Path | None) -> Path | None:
    """The data folder a file belongs to: the one given, else its nearest ancestor holding
    indicators.yaml that is not a kept year's folder (archive/<year>/)."""
    if given is not None:
        return given.resolve()
    for folder in path.resolve().parents:
        if (folder / INDICATORS_FILE).is_file() and folder.parent.name != ARCHIVE_DIR:
            return folder
    return None


def utf16_column(line: str, column: int) -> int:
    """A 0-based character column as LSP counts it (UTF-16 code units)."""
    return len(line[:column].encode("utf-16-le")) // 2


def char_column(line: str, utf16: int) -> int:
    """An LSP column (UTF-16 code units) as a character column of `line`."""
    return len(line.encode("utf-16-le")[: utf16 * 2].decode("utf-16-le", "ignore"))


def problem_range(problem: Problem, lines: Sequence[str]) -> lsp.Range:
    """From the problem's line and column to the end of the word there (the whole first line
    for a problem about the file as a whole)."""
    row = max(problem.line - 1, 0)
    text = lines[row] if row < len(lines) else ""
    if not problem.line:
        start, end = 0, len(text.rstrip())
    else:
        start = min(max(problem.column - 1, 0), len(text))
        token = _TOKEN.match(text, start)
        end = token.end() if token else min(start + 1, len(text))
    return lsp.Range(
        lsp.Position(row, utf16_column(text, start)), lsp.Position(row, utf16_column(text, end))
    )


def diagnostic(problem: Problem, lines: Sequence[str]) -> lsp.Diagnostic:
    return lsp.Diagnostic(
        range=problem_range(problem, lines),
        message=problem.message,
        severity=SEVERITY[problem.severity],
        code=problem.code,
        source="mscli",
        data={"line": 0} if not problem.line else None,  # about the file as a whole
    )


def problem_file(problem: Problem, data: Path) -> Path:
    """The file a problem is about (problems name it relative to the data folder's parent)."""
    named = Path(problem.file)
    return named if named.is_absolute() else data.parent / named


class MscliServer(LanguageServer):
    def __init__(self, data: Path | None) -> None:
        from mscli import __version__

        super().__init__("mscli", __version__)
        self.state = State(data=data)
        self.memo = Memo()
        """Each file's parse and validation, kept while its bytes stay the same (yamlio.memo)."""

    def lines_of(self, path: Path) -> list[str]:
        document = self.workspace.text_documents.get(from_fs_path(str(path)) or "")
        if document is not None:
            return str(document.source).split("\n")
        try:
            return path.read_text(encoding="utf-8", errors="replace").split("\n")
        except OSError:
            return []

    def open_texts(self, data: Path) -> dict[Path, bytes]:
        found = {}
        for uri, document in self.workspace.text_documents.items():
            local = to_fs_path(uri)
            if local is not None and Path(local).resolve().is_relative_to(data):
                found[Path(local)] = document.source.encode("utf-8")
        return found

    def check(self, uri: str) -> None:
        """Check the data folder `uri` belongs to and publish every file's problems."""
        local = to_fs_path(uri)
        data = data_folder(Path(local), self.state.data) if local else None
        if data is None:
            return
        try:
            with unsaved(self.open_texts(data)), remembered(self.memo):
                checked = check_folder(data)  # every year kept: completion in any year's files
                datasets, problems = checked.datasets, checked.problems
        except Exception:  # logged; the editor keeps the last diagnostics
            self.window_log_message(
                lsp.LogMessageParams(lsp.MessageType.Error, traceback.format_exc())
            )
            return
        self.state.datasets[data] = datasets
        by_file: dict[Path, list[Problem]] = {}
        for problem in problems:
            by_file.setdefault(problem_file(problem, data), []).append(problem)
        now: set[str] = set()
        for path, found in by_file.items():
            target = from_fs_path(str(path)) or path.as_uri()
            lines = self.lines_of(path)
            self.publish(target, [diagnostic(p, lines) for p in found])
            now.add(target)
        for gone in self.state.published.get(data, set()) - now:
            self.publish(gone, [])
        self.state.published[data] = now

    def publish(self, uri: str, diagnostics: list[lsp.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
        )

    def cursor(self, uri: str, position: lsp.Position) -> Cursor | None:
        local = to_fs_path(uri)
        found = self.dataset_for(Path(local)) if local else None
        if local is None or found is None:
            return None
        source = str(self.workspace.get_text_document(uri).source)
        lines = source.split("\n")
        line = lines[position.line] if position.line < len(lines) else ""
        character = char_column(line, position.character)
        where = spot(source, position.line, character)
        return Cursor(found[0], found[1], Path(local), line, character, where)

    def dataset_for(self, path: Path) -> tuple[Dataset, str] | None:
        """The loaded year a file belongs to, and the file's kind."""
        data = data_folder(path, self.state.data)
        if data is None:
            return None
        kind = kind_of(path, data)
        datasets = self.state.datasets.get(data)
        if kind is None or not datasets:
            return None
        year = re.match(r"\d{4}", path.parent.name)
        chosen = next((d for d in datasets if year and d.year == int(year[0])), datasets[-1])
        return chosen, kind


@dataclass(frozen=True)
class Cursor:
    """Where a completion or hover request points: the file, its year and kind, the line and
    the spot (mscli.lsp.spot)."""

    dataset: Dataset
    kind: str
    path: Path
    line: str
    character: int
    spot: Spot


def word_at(line: str, character: int) -> str:
    for match in _TOKEN.finditer(line):
        if match.start() <= character <= match.end():
            return match[0].strip("'\"")
    return ""


P = TypeVar("P")
R = TypeVar("R")
Handler = Callable[[MscliServer, P], R]


def guarded(name: str) -> Callable[[Handler[P, R]], Handler[P, R | None]]:
    """The handler, with any exception logged to the editor and nothing answered instead."""

    def wrap(handler: Handler[P, R]) -> Handler[P, R | None]:
        @functools.wraps(handler)
        def run(ls: MscliServer, params: P) -> R | None:
            try:
                return handler(ls, params)
            except Exception:  # one bad request must not stop the server
                message = f"{name}：{traceback.format_exc()}"
                ls.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, message))
                return None

        return run

    return wrap


def build(data: Path | None = None) -> MscliServer:
    server = MscliServer(data)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    @guarded("didOpen")
    def did_open(ls: MscliServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    @guarded("didChange")
    def did_change(ls: MscliServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    @guarded("didSave")
    def did_save(ls: MscliServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    @guarded("didClose")
    def did_close(ls: MscliServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.check(params.text_document.uri)  # the disk's text counts again

    @server.feature(
        lsp.TEXT_DOCUMENT_COMPLETION,
        lsp.CompletionOptions(trigger_characters=[" ", "{", ","]),
    )
    @guarded("completion")
    def completion(ls: MscliServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
        at = ls.cursor(params.text_document.uri, params.position)
        if at is None:
            return None
        items = [
            lsp.CompletionItem(
                label=c.label,
                detail=c.detail,
                documentation=c.documentation or None,
                kind=lsp.CompletionItemKind.Value,
            )
            for c in choices(at.dataset, at.kind, at.path, at.spot)
        ]
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    @guarded("hover")
    def hover(ls: MscliServer, params: lsp.HoverParams) -> lsp.Hover | None:
        at = ls.cursor(params.text_document.uri, params.position)
        if at is None:
            return None
        word = word_at(at.line, at.character)
        text = describe(at.dataset, at.kind, at.path, word, at.spot)
        if text is None:
            return None
        return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, text))

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION)
    @guarded("codeAction")
    def code_action(ls: MscliServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        actions = []
        for diagnostic_ in params.context.diagnostics:
            found = _CANDIDATES.search(diagnostic_.message)
            if found is None or diagnostic_.source != "mscli":
                continue
            for candidate in re.findall(r"“([^”]+)”", found[1]):
                edit = lsp.TextEdit(diagnostic_.range, candidate)
                actions.append(
                    lsp.CodeAction(
                        title=f"改为“{candidate}”",
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic_],
                        edit=lsp.WorkspaceEdit(changes={params.text_document.uri: [edit]}),
                    )
                )
        return actions

    return server


def serve(data: Path | None) -> None:
    """Serve over stdio until the editor says exit."""
    build(data).start_io()
