"""A minimal editor for the tests: starts `mscli lsp` as a subprocess and speaks LSP to it over
stdio (Content-Length framed JSON-RPC), as VS Code, Neovim or Helix would."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote

from mscli.lsp.server import char_column


class Editor:
    def __init__(self, root: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mscli", "lsp", *args],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.arrived: dict[str, float] = {}
        """When each URI's latest diagnostics arrived (time.perf_counter)."""
        self.logs: list[str] = []
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self._next = 0
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        answer = self.request(
            "initialize",
            {"processId": None, "rootUri": root.as_uri(), "capabilities": {}},
        )
        self.capabilities: dict[str, Any] = answer["result"]["capabilities"]
        self.server_info: dict[str, Any] = answer["result"].get("serverInfo", {})
        self.notify("initialized", {})

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                text = line.decode("ascii").strip()
                if not text:
                    break
                name, _, value = text.partition(":")
                headers[name.lower()] = value.strip()
            message = json.loads(stream.read(int(headers["content-length"])))
            if message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self.diagnostics[params["uri"]] = params["diagnostics"]
                self.arrived[params["uri"]] = time.perf_counter()
            elif message.get("method") == "window/logMessage":
                self.logs.append(message["params"]["message"])
            else:
                self.inbox.put(message)

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 60) -> dict[str, Any]:
        self._next += 1
        ident = self._next
        self._send({"id": ident, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            message = self.inbox.get(timeout=max(deadline - time.monotonic(), 0.01))
            if message.get("id") == ident:
                return message

    def settle(self) -> None:
        """Wait until the server has handled everything sent so far (its diagnostics included):
        it answers requests in order, so the answer to one more comes after them."""
        self.request("mscli/ping", None)

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.as_uri()
        self.texts[uri] = path.read_text(encoding="utf-8") if text is None else text
        self.versions[uri] = 1
        document = {"uri": uri, "languageId": "yaml", "version": 1, "text": self.texts[uri]}
        self.notify("textDocument/didOpen", {"textDocument": document})
        return uri

    def change(self, uri: str, text: str) -> None:
        """The clerk's unsaved edit: the whole text, as a full-sync editor sends it."""
        self.versions[uri] += 1
        self.texts[uri] = text
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": self.versions[uri]},
                "contentChanges": [{"text": text}],
            },
        )

    def at(self, uri: str, needle: str, offset: int = 0) -> dict[str, int]:
        """The LSP position just after `needle` (plus `offset` characters) in the open text."""
        text = self.texts[uri]
        index = text.index(needle) + len(needle) + offset
        line = text.count("\n", 0, index)
        start = text.rfind("\n", 0, index) + 1
        return {"line": line, "character": len(text[start:index].encode("utf-16-le")) // 2}

    def found(self, data: Path) -> set[tuple[str, int, int, str, str]]:
        """Every diagnostic now shown, as tests/cases/*/expected.txt writes problems: the file
        relative to the data folder, line and column from 1 (0, 0 for the file as a whole)."""
        seen = set()
        for uri, diagnostics in self.diagnostics.items():
            path = Path(unquote(uri.removeprefix("file://")))
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
            lines = self.texts.get(uri, text).split("\n")
            for d in diagnostics:
                start = d["range"]["start"]
                row = start["line"]
                line = lines[row] if row < len(lines) else ""
                column = char_column(line, start["character"]) + 1
                where = (0, 0) if d.get("data") == {"line": 0} else (row + 1, column)
                relative = path.relative_to(data).as_posix()
                seen.add((relative, *where, d["code"], d["message"]))
        return seen

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                if stream is not None:
                    stream.close()
