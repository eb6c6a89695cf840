"""The prefecture's ranking of its counties (mscli rank): a table per project and JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from mscli.render.text import finished_sentence, rank_change_text, standing_sentence
from mscli.results.county_ranking import CountyRanking


def tables(ranking: CountyRanking) -> Iterator[RenderableType]:
    yield Text(f"{ranking.year}年重点民生实事{ranking.evaluation.value}评价排名", style="bold")
    end = ranking.evaluation.value == "年末"
    for project in ranking.projects:
        table = Table(title=project.title, title_justify="left")
        for column in ("名次", "县（市、区）", "得分", "完成率得分", "按时报送得分", "名次分"):
            table.add_column(column, justify="right" if column != "县（市、区）" else "left")
        if end:
            table.add_column("名次变化")
        for c in project.counties:
            points = f"{c.points:g}" + (f"（末位扣{c.penalty:g}）" if c.penalty else "")
            row = [str(c.rank), c.county + ("" if c.reported else "（未报送）")]
            row += [f"{c.score:.2f}", f"{c.completion:.2f}", f"{c.timeliness:.2f}", points]
            table.add_row(*row, *([rank_change_text(c.change)] if end else []))
        yield table
        yield Text(standing_sentence(project))


def to_json(ranking: CountyRanking) -> str:
    found = {
        "year": ranking.year,
        "evaluation": ranking.evaluation.value,
        "projects": [
            {
                "id": p.id,
                "title": p.title,
                "finished": finished_sentence(p),
                "counties": [asdict(c) for c in p.counties],
                "totals": [{**asdict(t), "completion": t.completion} for t in p.totals],
            }
            for p in ranking.projects
        ],
    }
    return json.dumps(found, ensure_ascii=False, indent=2)
