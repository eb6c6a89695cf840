"""mscli bundle (#27): a county's year as one file for the prefecture, read back as a prefecture's
tool would: against schemas/bundle.schema.json and the bundle's own model."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import FIXTURES, ROOT, copy_data, invoke, replace_once
from december import FAILED_PROJECT, PENDING_PROJECT, play_december
from mscli.bundle.models import Bundle

COUNTY = FIXTURES / "county-2023"


def bundle_of(data: Path, out: Path, *args: str) -> dict[str, Any]:
    result = invoke("bundle", "-d", data, "-o", out, *args)
    assert result.exit_code == 0, result.output
    written: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schemas" / "bundle.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(written, schema)
    Bundle.model_validate(written)  # what a prefecture's tool reads it with
    return written


def status_of(data: Path, quarter: int, as_of: str) -> dict[str, dict[str, Any]]:
    result = invoke("status", "-q", str(quarter), "--as-of", as_of, "-f", "json", "-d", data)
    assert result.exit_code == 0, result.output
    return {r["id"]: r for r in json.loads(result.stdout)}


def indicator(bundle: dict[str, Any], quarter: int, indicator_id: str) -> dict[str, Any]:
    (q,) = [q for q in bundle["quarters"] if q["quarter"] == quarter]
    (found,) = [i for i in q["indicators"] if i["id"] == indicator_id]
    return dict(found)


def test_each_quarter_carries_what_status_says_that_day(tmp_path: Path) -> None:
    data = play_december(tmp_path)
    bundle = bundle_of(data, tmp_path / "b.json", "--as-of", "2023-12-31")
    assert (bundle["format"], bundle["version"], bundle["year"]) == ("mscli-bundle", 1, 2023)
    assert (bundle["county"], bundle["prefecture"]) == ("汝州市", "平顶山市")
    assert [q["quarter"] for q in bundle["quarters"]] == [1, 2, 3, 4]
    for quarter in (1, 3, 4):
        status = status_of(data, quarter, "2023-12-31")
        for record in status.values():
            got = indicator(bundle, quarter, record["id"])
            assert got["status"] == record["schedule_status"]
            assert [m["value"] for m in got["metrics"]] == [
                None if "stages" in m else m["actual"] for m in record["metrics"]
            ]
    skill = next(i for i in bundle["indicators"] if i["id"] == "skill-training")
    assert skill["metrics"][0]["target"] == 27200  # 附件1: 2.72万人次, in its base unit
    assert skill["name"] == "技能培训"


def test_a_draft_is_not_in_the_bundle(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    assert invoke("new-quarter", "-q", "3", "-d", data).exit_code == 0
    set_draft = invoke("set", "技能培训", "2.5", "-q", "3", "-d", data)
    assert set_draft.exit_code == 0, set_draft.output
    # Q3 has only drafts: it is not in the bundle at all
    bundle = bundle_of(data, tmp_path / "b.json", "-q", "3", "--as-of", "2023-09-30")
    assert [q["quarter"] for q in bundle["quarters"]] == [1, 2]
    # one unit submits; the draft's 2.5万 never appears, its indicator is 未报送
    submit = invoke("set", "--submitted", "2023-09-20", "-q", "3", "-u", "市教育体育局", "-d", data)
    assert submit.exit_code == 0, submit.output
    bundle = bundle_of(data, tmp_path / "c.json", "-q", "3", "--as-of", "2023-09-30", "--force")
    assert [q["quarter"] for q in bundle["quarters"]] == [1, 2, 3]
    skill = indicator(bundle, 3, "skill-training")
    assert skill["status"] == "未报送"
    assert skill["metrics"][0]["value"] is None
    (q3,) = [q for q in bundle["quarters"] if q["quarter"] == 3]
    assert 25000 not in [m["value"] for i in q3["indicators"] for m in i["metrics"]]
    hrss = next(s for s in q3["submissions"] if s["unit_id"] == "rz-hrss")
    assert (hrss["submitted"], hrss["timeliness"]) == (None, "未报送")  # past the 25th


def test_acceptance_verdicts_only_of_projects_with_a_record(tmp_path: Path) -> None:
    data = play_december(tmp_path)
    (data / "acceptance" / "2023" / f"{PENDING_PROJECT}.yaml").unlink()
    bundle = bundle_of(data, tmp_path / "b.json", "--as-of", "2023-12-31")
    projects = {v["project_id"] for v in bundle["acceptance"]}
    assert PENDING_PROJECT not in projects
    failed = [v["verdict"] for v in bundle["acceptance"] if v["project_id"] == FAILED_PROJECT]
    assert failed[0] == "未达标"
    assert set(failed[1:]) == {"达标"}


@pytest.mark.usefixtures("isolated_git")
def test_the_bundle_says_where_its_data_came_from(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    data = copy_data(repo / "data")
    outside = bundle_of(data, tmp_path / "a.json", "--as-of", "2023-07-10")
    assert outside["made"]["commit"] is None
    run = {"cwd": repo, "check": True, "capture_output": True}
    subprocess.run(["git", "init", "-q"], **run)  # type: ignore[call-overload]
    subprocess.run(["git", "add", "-A"], **run)  # type: ignore[call-overload]
    subprocess.run(["git", "commit", "-qm", "data"], **run)  # type: ignore[call-overload]
    head = subprocess.run(["git", "rev-parse", "HEAD"], text=True, **run).stdout.strip()  # type: ignore[call-overload]
    clean = bundle_of(data, tmp_path / "b.json", "--as-of", "2023-07-10")
    assert (clean["made"]["commit"], clean["made"]["modified"]) == (head, False)
    assert clean["made"]["as_of"] == "2023-07-10"
    replace_once(data / "progress" / "2023-Q2" / "rz-hrss.yaml", "new-jobs: 0.43", "new-jobs: 0.44")
    result = invoke("bundle", "-d", data, "-o", tmp_path / "c.json", "--as-of", "2023-07-10")
    assert "数据目录有未提交的改动" in result.output
    assert json.loads((tmp_path / "c.json").read_text("utf-8"))["made"]["modified"] is True


def test_a_county_programme_bundles_its_own_names_and_items(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(COUNTY, data)
    bundle = bundle_of(data, tmp_path / "b.json", "-q", "2", "--as-of", "2023-07-10")
    assert bundle["county"] != "汝州市"
    assert "汝州" not in json.dumps(bundle, ensure_ascii=False)
    staged = [m for i in bundle["indicators"] for m in i["metrics"] if m["kind"] == "milestone"]
    assert staged and all(m["target"] is None and m["stages"] for m in staged)
    reached = [
        m["reached"]
        for q in bundle["quarters"]
        for i in q["indicators"]
        for m in i["metrics"]
        if m["reached"]
    ]
    assert reached  # the stages reached travel with their dates


def test_refusals(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    out = tmp_path / "b.json"
    assert invoke("bundle", "-d", data, "-o", out, "--as-of", "2023-07-10").exit_code == 0
    again = invoke("bundle", "-d", data, "-o", out, "--as-of", "2023-07-10")
    assert again.exit_code == 1
    assert "已存在" in again.output
    early = invoke("bundle", "-d", data, "-o", tmp_path / "e.json", "--as-of", "2023-01-05")
    assert early.exit_code == 1
    assert "还没有已报送的进度文件" in " ".join(early.output.split())
    inside = invoke("bundle", "-d", data, "-o", data / "b.json", "--as-of", "2023-07-10")
    assert inside.exit_code != 0
    assert not (data / "b.json").exists()
    assert early.exception is None or isinstance(early.exception, SystemExit)
