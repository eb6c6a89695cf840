"""A small stdio client of the Language Server Protocol, to drive VS Code's YAML language server
(the npm package yaml-language-server) as the editor does: initialise with a UI locale, send the
extension's settings, open a file, collect the diagnostics it publishes, ask for hover and completion.

`installed_server()` installs the server from npm into a cache folder once (MSCLI_YLS_DIR, else
~/.cache/mscli-tests/yaml-language-server) and returns the command that starts it, or the reason
it cannot (no node, no npm, no registry).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Mapping
from pathlib import Path
from queue import Empty, Queue
from typing import Any

VERSION = "1.25.0"
"""The yaml-language-server these tests were written against (VS Code's YAML extension 1.18)."""


def installed_server() -> tuple[list[str] | None, str]:
    """(the command that starts the server, "") or (None, why it cannot be had)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        return None, "node 或 npm 未安装：无法运行 yaml-language-server"
    folder = Path(
        os.environ.get("MSCLI_YLS_DIR")
        or Path.home() / ".cache" / "mscli-tests" / f"yaml-language-server-{VERSION}"
    )
    script = folder / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
    if not script.exists():
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [
                npm,
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                f"yaml-language-server@{VERSION}",
            ],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0 or not script.exists():
            return None, f"npm install yaml-language-server 失败：{done.stderr.strip()[-300:]}"
    return [node, str(script), "--stdio"], ""


class Client:
    """One server process; `diagnostics(uri, text)` opens a document and waits for its report."""

    def __init__(self, command: list[str], *, locale: str, settings: Mapping[str, Any]) -> None:
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self._next = 0
        self._replies: dict[int, Queue[Any]] = {}
        self._published: Queue[dict[str, Any]] = Queue()
        self._lock = threading.Lock()
        self._settings = dict(settings)
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": None,
                "locale": locale,
                "capabilities": {
                    "textDocument": {
                        "publishDiagnostics": {},
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {"completionItem": {"snippetSupport": True}},
                    },
                    "workspace": {"configuration": True},
                },
                "initializationOptions": {},
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self._settings})

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        stdin = self._process.stdin
        assert stdin is not None
        with self._lock:
            stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
            stdin.flush()

    def _read(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        while True:
            length = 0
            while True:
                line = stdout.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            message = json.loads(stdout.read(length).decode("utf-8"))
            if "id" in message and "method" in message:  # the server asks us
                result: Any = None
                if message["method"] == "workspace/configuration":
                    items = message["params"]["items"]
                    result = [self._settings.get(i.get("section", ""), None) for i in items]
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            elif "id" in message:
                self._replies.setdefault(message["id"], Queue()).put(message)
            elif message.get("method") == "textDocument/publishDiagnostics":
                self._published.put(message["params"])

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        self._next += 1
        number = self._next
        queue = self._replies.setdefault(number, Queue())
        self._send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
        reply = queue.get(timeout=timeout)
        del self._replies[number]
        return reply.get("result")

    def open(self, uri: str, text: str) -> None:
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )

    def close(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def diagnostics(self, uri: str, text: str, timeout: float = 30) -> list[dict[str, Any]]:
        """Open the document and return what the server publishes for it (after validation)."""
        self.open(uri, text)
        try:
            while True:
                params = self._published.get(timeout=timeout)
                if params["uri"] == uri:
                    found: list[dict[str, Any]] = params["diagnostics"]
                    return found
        except Empty:
            raise TimeoutError(f"no diagnostics for {uri}") from None
        finally:
            self.close(uri)

    def hover(self, uri: str, line: int, character: int) -> str:
        result = self.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        if not result:
            return ""
        contents = result["contents"]
        return str(contents["value"] if isinstance(contents, dict) else contents)

    def completion(self, uri: str, line: int, character: int) -> list[str]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        items = result["items"] if isinstance(result, dict) else (result or [])
        return [str(item["label"]) for item in items]

    def stop(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self._process.wait(timeout=10)
        except (Empty, subprocess.TimeoutExpired, BrokenPipeError, OSError):
            self._process.kill()
            self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                stream.close()


SETTINGS: dict[str, Any] = {
    "yaml": {
        "validate": True,
        "hover": True,
        "completion": True,
        "format": {"enable": False},
        "schemaStore": {"enable": False},
        "schemas": {},
        "yamlVersion": "1.2",
    }
}
"""The YAML extension's defaults as a clerk has them, without SchemaStore (no network here)."""
