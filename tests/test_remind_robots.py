"""Reminder cadence and audience from config, and the 企业微信 / 钉钉 group robots' message
bodies, posted to a local HTTP server this test starts (never a real address)."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from conftest import FIXTURES, invoke

COUNTY = FIXTURES / "county-2023"
BEFORE = "2023-12-23"  # two days before the Q4 deadline (25 December)


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """青山县 with 县商务局's Q4 report not yet submitted (its plan names 赵明 and 钱磊)."""
    data = tmp_path / "data"
    shutil.copytree(COUNTY, data)
    path = data / "progress" / "2023-Q4" / "qs-commerce.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("submitted: 2023-12-25", "submitted:"),
        encoding="utf-8",
    )
    return data


def test_the_reminder_names_the_plans_people(county: Path) -> None:
    result = invoke("remind", "-q", "4", "--as-of", BEFORE, "-d", county)
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith("1. 县商务局"))
    assert "责任人 钱磊（13637500003），责任领导 赵明（副局长）" in line


def test_the_audience_comes_from_config(county: Path) -> None:
    with (county / "config.yaml").open("a", encoding="utf-8") as f:
        f.write("reminders:\n  audience: [contact]\n")
    result = invoke("remind", "-q", "4", "--as-of", BEFORE, "-d", county)
    assert "责任人 钱磊" in result.stdout and "责任领导" not in result.stdout
    records = json.loads(
        invoke("remind", "-q", "4", "--as-of", BEFORE, "-d", county, "-f", "json").stdout
    )
    assert records[0]["leader"] is None and records[0]["responsible"]["name"] == "钱磊"


def test_the_schedule_comes_from_config(county: Path) -> None:
    quiet = invoke("remind", "--on-schedule", "--as-of", "2023-12-21", "-d", county)
    assert quiet.exit_code == 0
    assert "2023年12月21日不是催办日" in quiet.stdout and "截止前 5、2 天" in quiet.stdout
    due = invoke("remind", "--on-schedule", "--as-of", BEFORE, "-d", county)
    assert due.stdout.startswith("【催办】2023年第四季度")
    with (county / "config.yaml").open("a", encoding="utf-8") as f:
        f.write("reminders:\n  days_before: [4]\n  days_after: [3]\n")
    assert "不是催办日" in invoke("remind", "--on-schedule", "--as-of", BEFORE, "-d", county).stdout
    assert (
        "第四季度"
        in invoke("remind", "--on-schedule", "--as-of", "2023-12-21", "-d", county).stdout
    )
    # three days after the Q4 deadline, in the next year: the Q4 reminder still
    late = invoke("remind", "--on-schedule", "--as-of", "2023-12-28", "-d", county)
    assert late.stdout.startswith("【督办】") or late.stdout.startswith("【催办】")
    assert "2023年第四季度" in late.stdout and "已逾期3天" in late.stdout


def test_bad_schedule_values_are_located(county: Path) -> None:
    text = (county / "config.yaml").read_text(encoding="utf-8")
    line = len(text.splitlines()) + 2
    with (county / "config.yaml").open("a", encoding="utf-8") as f:
        f.write("reminders:\n  days_before: [5, 99]\n  audience: [boss]\n")
    result = invoke("validate", "-d", county, "-f", "json")
    assert result.exit_code == 1
    found = {(p["line"], p["column"]) for p in json.loads(result.stdout)}
    assert found == {(line, 20), (line + 1, 14)}


def test_the_robots_bodies(county: Path) -> None:
    wecom = json.loads(
        invoke("remind", "-q", "4", "--as-of", BEFORE, "-d", county, "-f", "wecom-text").stdout
    )
    assert wecom["msgtype"] == "text"
    assert wecom["text"]["mentioned_mobile_list"] == ["13637500003"]
    assert wecom["text"]["content"].startswith("【催办】2023年第四季度重点民生实事进展报送催办")
    md = json.loads(
        invoke("remind", "-q", "4", "--as-of", BEFORE, "-d", county, "-f", "wecom").stdout
    )
    assert md["msgtype"] == "markdown" and "**县商务局**" in md["markdown"]["content"]
    ding = json.loads(
        invoke("remind", "-q", "4", "--as-of", BEFORE, "-d", county, "-f", "dingtalk").stdout
    )
    assert ding["msgtype"] == "markdown"
    assert ding["markdown"]["title"] == "2023年第四季度重点民生实事进展报送催办"
    assert ding["at"] == {"atMobiles": ["13637500003"], "isAtAll": False}
    assert ding["markdown"]["text"].endswith("@13637500003")  # 钉钉 @s only a number in the text
    text = json.loads(
        invoke("remind", "-q", "4", "--as-of", BEFORE, "-d", county, "-f", "dingtalk-text").stdout
    )
    assert text["msgtype"] == "text" and "县商务局" in text["text"]["content"]


class _Robot(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, dict[str, Any]]]] = []
    answer: ClassVar[dict[str, Any]] = {"errcode": 0, "errmsg": "ok"}

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length).decode("utf-8"))
        type(self).received.append((self.headers.get("Content-Type", ""), body))
        payload = json.dumps(type(self).answer).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def robot() -> Iterator[str]:
    """A robot on 127.0.0.1 (a free port), stopped after the test."""
    _Robot.received = []
    _Robot.answer = {"errcode": 0, "errmsg": "ok"}
    server = HTTPServer(("127.0.0.1", 0), _Robot)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/cgi-bin/webhook/send?key=test"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_post_sends_the_body_to_the_robot(county: Path, robot: str) -> None:
    result = invoke(
        "remind", "-q", "4", "--as-of", BEFORE, "-d", county, "-f", "wecom-text", "--post", robot
    )
    assert result.exit_code == 0, result.output
    [(content_type, body)] = _Robot.received
    assert content_type.startswith("application/json")
    assert body["msgtype"] == "text" and body["text"]["mentioned_mobile_list"] == ["13637500003"]
    assert "已发送到群机器人（1 个单位未报送）" in result.output


def test_a_robot_error_is_reported_in_chinese(county: Path, robot: str) -> None:
    _Robot.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    result = invoke(
        "remind", "-q", "4", "--as-of", BEFORE, "-d", county, "-f", "dingtalk", "--post", robot
    )
    assert result.exit_code == 1
    assert "发送失败：机器人回复错误码 93000（invalid webhook url）" in result.output
    assert "Traceback" not in result.output


def test_post_needs_a_robot_format_and_an_http_address(county: Path) -> None:
    result = invoke("remind", "-q", "4", "-d", county, "--post", "http://127.0.0.1:9/")
    assert result.exit_code == 2 and "--post 须与 --format wecom" in result.output
    result = invoke(
        "remind", "-q", "4", "-d", county, "-f", "wecom", "--post", "file:///etc/passwd"
    )
    assert result.exit_code == 2 and "--post 的地址应以 https:// 或 http:// 开头" in result.output


def test_an_unreachable_robot_is_reported(county: Path) -> None:
    # a port on loopback nobody listens on (bound then closed)
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = invoke(
        "remind", "-q", "4", "-d", county, "-f", "wecom", "--post", f"http://127.0.0.1:{port}/"
    )
    assert result.exit_code == 1 and "发送失败：无法连接机器人地址" in result.output
