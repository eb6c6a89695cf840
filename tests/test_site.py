"""`mscli site`: a page that opens from a file, makes no request, shows the same numbers as
`status --format json`, and whose filters work in a real (headless) Chromium."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURE_DATA, invoke

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
needs_browser = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="没有安装 chromium 和 chromium-driver（apt-get install chromium chromium-driver）",
)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = invoke("site", "-q", "2", "--data", FIXTURE_DATA, "-o", out)
    assert result.exit_code == 0, result.output
    assert "已写入" in result.stdout and "第1季度、第2季度" in result.stdout
    return out / "index.html"


def status_json(quarter: int) -> list[dict[str, Any]]:
    result = invoke("status", "-q", str(quarter), "--data", FIXTURE_DATA, "-f", "json")
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def shown(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def test_page_has_no_address_outside_itself(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    hashes = re.sub(r"sha256-[A-Za-z0-9+/=]+", "sha256-…", html)  # base64 may hold a //
    assert not re.search(r"(https?:)?//[a-z0-9]", hashes, re.IGNORECASE)
    assert not re.search(r"<(link|img|iframe|object|embed)\b", html)
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert "default-src &#39;none&#39;" in html  # nothing may load, not even from the page's folder


def test_page_embeds_the_status_json_and_shows_its_numbers(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    embedded = re.search(r'id="mscli-status">(.*?)</script>', html, re.DOTALL)
    assert embedded is not None
    assert json.loads(embedded.group(1)) == status_json(2)
    for row in status_json(2):
        cells = re.search(rf'id="i-{row["id"]}".*?</tr>', html, re.DOTALL)
        assert cells is not None, row["id"]
        assert f'<td class="num completion">{shown(row["completion"])}</td>' in cells.group()
        assert f">{row['status']}</td>" in cells.group()


def test_page_is_not_overwritten_without_force(page: Path) -> None:
    again = invoke("site", "-q", "2", "--data", FIXTURE_DATA, "-o", page.parent)
    assert again.exit_code == 1 and "--force" in again.output
    forced = invoke("site", "-q", "2", "--data", FIXTURE_DATA, "-o", page.parent, "--force")
    assert forced.exit_code == 0


def test_a_year_without_a_catalogue_is_refused(tmp_path: Path) -> None:
    result = invoke("site", "--year", "2024", "--data", FIXTURE_DATA, "-o", tmp_path)
    assert result.exit_code == 2 and "没有 2024 年的指标目录" in result.output


@pytest.mark.parametrize("quarter", ["Q1", "一", "第一季度"])
def test_the_quarter_is_written_as_for_every_other_command(quarter: str, tmp_path: Path) -> None:
    result = invoke("site", "-q", quarter, "--data", FIXTURE_DATA, "-o", tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert "（44 项指标，第1季度）" in result.output


def test_a_quarter_out_of_range_is_refused_in_chinese(tmp_path: Path) -> None:
    result = invoke("site", "-q", "7", "--data", FIXTURE_DATA, "-o", tmp_path / "site")
    assert result.exit_code == 2
    assert "“7”不是季度，应为 1 至 4" in result.output


def test_history_shows_each_quarter(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    row = re.search(r'id="i-skill-training".*?</tr>', html, re.DOTALL)
    assert row is not None
    q1 = next(r for r in status_json(1) if r["id"] == "skill-training")
    assert f"第1季度，完成率{shown(q1['completion'])}" in row.group()
    assert "第2季度，完成率55.9%，时序50%，按序时" in row.group()


@needs_browser
def test_page_in_headless_chromium(page: Path, tmp_path: Path) -> None:
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="selenium 未安装（pip install -e '.[test]'）"
    )
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--window-size=1280,1800",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # a request to any host would fail, and show
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.get(page.as_uri())
        rows = driver.find_elements(By.CSS_SELECTOR, "tr.indicator")
        assert len(rows) == 44
        expected = {r["id"]: r for r in status_json(2)}
        for row in rows:
            record = expected[row.get_attribute("data-id") or ""]
            completion = row.find_element(By.CSS_SELECTOR, ".completion").text
            assert completion == shown(record["completion"])
            assert row.find_element(By.CSS_SELECTOR, ".status").text == record["status"]
        visible = driver.find_element(By.ID, "shown")
        assert visible.text == "显示 44 / 44 项指标"

        Select(driver.find_element(By.ID, "filter-status")).select_by_visible_text("严重滞后")
        behind = [r for r in rows if r.is_displayed()]
        assert len(behind) == sum(r["status"] == "严重滞后" for r in expected.values()) == 4
        assert visible.text == "显示 4 / 44 项指标"
        Select(driver.find_element(By.ID, "filter-status")).select_by_index(0)

        Select(driver.find_element(By.ID, "filter-unit")).select_by_visible_text("市民政局")
        assert {r.get_attribute("data-id") for r in rows if r.is_displayed()} == {
            r["id"] for r in expected.values() if r["lead_unit"] == "市民政局"
        }
        Select(driver.find_element(By.ID, "filter-unit")).select_by_index(0)

        driver.find_element(By.ID, "search").send_keys("高技能")
        found = {r.get_attribute("data-id") for r in rows if r.is_displayed()}
        assert found == {"new-high-skilled-workers"}
        driver.execute_script(
            "var s = document.getElementById('search'); s.value = ''; "
            "s.dispatchEvent(new Event('input'));"
        )
        assert visible.text == "显示 44 / 44 项指标"

        Select(driver.find_element(By.ID, "filter-status")).select_by_visible_text("滞后")
        shot = tmp_path / "dashboard.png"
        assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000

        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
        requests = [
            json.loads(e["message"])["message"]
            for e in driver.get_log("performance")
            if '"Network.requestWillBeSent"' in e["message"]
        ]
        urls = {r["params"]["request"]["url"] for r in requests}
        assert urls == {page.as_uri()}, "the page asks for nothing but itself"
    finally:
        driver.quit()


ACCEPTED = """\
criteria:
  employment-1:
    self_check: {by: 市人力资源和社会保障局, date: 2023-12-05, verdict: 达标}
    verification: {by: 平顶山市人力资源和社会保障局, date: 2023-12-15, verdict: 达标}
    certification: {by: 市统计局, date: 2023-12-28, verdict: 达标}
    evidence:
      - {title: 2023年职业技能培训台账}
  employment-2:
    self_check: {by: 市人力资源和社会保障局, date: 2023-12-05, verdict: 未达标, notes: 补贴资金拨付滞后}
  employment-3:
    self_check: {by: 市人力资源和社会保障局, date: 2023-12-06, verdict: 达标}
    verification: {by: 平顶山市人力资源和社会保障局, date: 2023-12-16, verdict: 达标}
"""


def test_the_page_builds_in_december_with_acceptance_records_at_every_stage(
    tmp_path: Path,
) -> None:
    """new-acceptance's files for every project, one project's criteria at 自查, 初核 and 认定."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    assert invoke("new-acceptance", "-d", data).exit_code == 0
    (data / "acceptance" / "2023" / "employment.yaml").write_text(ACCEPTED, encoding="utf-8")
    out = tmp_path / "site"
    result = invoke("site", "-d", data, "-o", out)
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text(encoding="utf-8")
    section = html.split('<section id="acceptance">', 1)[1].split("</section>", 1)[0]
    assert "验收标准共114条：达标1条，未达标1条，待核112条，不适用0条。" in section
    rows = re.findall(r'<td class="id">([^<]*)</td><td>([^<]*)</td>', section)
    assert len(rows) == 113  # the pending and the failed, each by its place in 附件2
    assert rows[0] == ("第2条", "【市】1. 开展职业技能培训和评价取证，扩大重点群体就业")
    assert all(re.fullmatch(r"第\d+条", place) for place, _ in rows)
    assert "未达标（已自查）" in section and "待核（已初核）" in section


def test_a_past_years_dashboard_is_rebuilt_as_it_stood_on_a_day(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    out = tmp_path / "site"
    result = invoke("site", "-q", "2", "--as-of", "2023-07-10", "-d", data, "-o", out)
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "第2季度（截至2023年7月10日）" in html
    assert "已逾期15天" in html and not re.search(r"已逾期\d{3,}天", html)
    wrong = invoke("site", "--as-of", "七月", "-d", data, "-o", out, "--force")
    assert wrong.exit_code == 2 and "不是有效的日期" in wrong.output
