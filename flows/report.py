"""Report: the HTML trend report from the warehouse's views, published as a Prefect artifact."""
from __future__ import annotations

from pathlib import Path

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from flows import settings
from reports.build import build_page, headline_markdown, write_report
from warehouse import db


@flow(name="report")
def report_flow(out_path: Path | None = None) -> Path:
    out_path = Path(out_path or settings.report_path())
    con = db.connect(settings.db_path())
    try:
        page = build_page(con)
    finally:
        con.close()
    path = write_report(page, out_path)
    create_markdown_artifact(
        key="fwtrends-report",
        markdown=f"[Trend report]({path.resolve().as_uri()})\n\n{headline_markdown(page)}",
        description="fwtrends trend report: the headline numbers and a link to the page",
    )
    return path
