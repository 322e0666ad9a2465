"""The report page, built from the warehouse's views and written, without Prefect: `fwtrends report` calls this
directly and answers in seconds (no temporary API server to start); the `report` flow wraps it for pipeline and
scheduled runs."""
from __future__ import annotations

from pathlib import Path

from flows import settings
from reports.build import build_page, write_report
from reports.page import Page
from warehouse import db


def write_page(out_path: Path | None = None) -> tuple[Path, Page]:
    con = db.connect(settings.db_path())
    try:
        page = build_page(con)
    finally:
        con.close()
    return write_report(page, Path(out_path or settings.report_path())), page
