"""Report: the HTML trend report from the warehouse's views, published as a Prefect artifact."""
from __future__ import annotations

from pathlib import Path

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from flows.report_page import write_page
from reports.build import headline_markdown


@flow(name="report")
def report_flow(out_path: Path | None = None) -> Path:
    path, page = write_page(out_path)
    create_markdown_artifact(
        key="fwtrends-report",
        markdown=f"[Trend report]({path.resolve().as_uri()})\n\n{headline_markdown(page)}",
        description="fwtrends trend report: the headline numbers and a link to the page",
    )
    return path
