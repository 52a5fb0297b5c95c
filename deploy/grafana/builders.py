"""Panel and dashboard builders shared by the platform's dashboards (grafanalib)."""

from __future__ import annotations

import json

from grafanalib import core as g
from grafanalib._gen import DashboardEncoder

DATASOURCE = "${datasource}"
WIDTH = 24


def ts(title: str, *queries: tuple[str, str], unit: str = "short", description: str = "") -> g.TimeSeries:
    """A time series panel; each query is (PromQL, legend)."""
    return g.TimeSeries(
        title=title,
        description=description,
        dataSource=DATASOURCE,
        targets=[
            g.Target(expr=expr, legendFormat=legend, refId=chr(65 + i)) for i, (expr, legend) in enumerate(queries)
        ],
        unit=unit,
        gridPos=g.GridPos(h=8, w=12, x=0, y=0),
    )


def stat(title: str, expr: str, unit: str = "short", description: str = "", legend: str = "") -> g.Stat:
    return g.Stat(
        title=title,
        description=description,
        dataSource=DATASOURCE,
        targets=[g.Target(expr=expr, legendFormat=legend, refId="A", instant=True)],
        format=unit,
        reduceCalc="lastNotNull",
        gridPos=g.GridPos(h=4, w=6, x=0, y=0),
    )


def layout(rows: list[tuple[str, list]]) -> list:
    """Rows of panels, two time series (or four stats) abreast, placed top to bottom."""
    panels, y = [], 0
    for title, row in rows:
        panels.append(g.RowPanel(title=title, gridPos=g.GridPos(h=1, w=WIDTH, x=0, y=y)))
        y += 1
        x, height = 0, 0
        for panel in row:
            pos = panel.gridPos
            if x + pos.w > WIDTH:
                x, y = 0, y + height
                height = 0
            panel.gridPos = g.GridPos(h=pos.h, w=pos.w, x=x, y=y)
            x, height = x + pos.w, max(height, pos.h)
            panels.append(panel)
        y += height
    return panels


def dashboard(uid: str, title: str, description: str, rows: list[tuple[str, list]]) -> g.Dashboard:
    datasource = g.Template(
        name="datasource", type="datasource", query="prometheus", default="Prometheus", label="Data source"
    )
    return g.Dashboard(
        uid=uid,
        title=title,
        description=description,
        tags=["gorontalo"],
        timezone="Asia/Makassar",  # WITA: the province's clock
        time=g.Time("now-6h", "now"),
        refresh="1m",
        templating=g.Templating(list=[datasource]),
        panels=layout(rows),
    ).auto_panel_ids()


def render(board: g.Dashboard) -> str:
    return json.dumps(board.to_json_data(), cls=DashboardEncoder, indent=2, sort_keys=True) + "\n"
