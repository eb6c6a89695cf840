"""Plans (落实方案): `mscli new-plan`."""

from __future__ import annotations

from pathlib import Path

from mscli.cli.app import DataDir, Year, app, load, stop_on_errors
from mscli.render.terminal.console import say


@app.command("new-plan")
def new_plan(year: Year = None, data: DataDir = Path("data")) -> None:
    """为每个牵头单位生成本年度的落实方案文件（data/plans/<年>/<单位编号>.yaml）：列出其牵头的指标，时间节点预填年底完成年度目标。

    已存在的文件不会改动，重复运行不产生任何变化。
    """
    from mscli.files import data_lock, write_new_files
    from mscli.plans.new_plans import draft_problems, plan_plans

    with data_lock(data):
        dataset = load(data, year=year)
        plan = plan_plans(root=data, catalogue=dataset.catalogue, year=year)
        stop_on_errors(
            draft_problems(root=data, catalogue=dataset.catalogue, plans=plan),
            "生成的落实方案未通过校验，未写入任何文件。",
            labelled=True,
        )
        created = set(write_new_files([(new.path, new.text) for new in plan if not new.exists]))
    for new in plan:
        state = "已创建" if new.path in created else "已存在（未改动）"
        say(f"{state} {new.path}（{new.unit_name}）")
    say(
        f"共 {len(plan)} 个牵头单位：新建 {len(created)} 个落实方案，"
        f"{len(plan) - len(created)} 个已存在。"
    )
    if created:
        say(
            "新文件是草稿：请各单位填写责任领导（leader）、责任人（contact），"
            "按实际安排改写时间节点（nodes），填写主要措施（measures）。"
        )
