"""The trend report: each section reads its views, draws its charts and says what it is missing; the
headline is every section's finding, and also goes out as markdown (the flows' Prefect artifact)."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from reports.page import Page, Section, Table, render
from reports.sections import headline, industry, pairing, performance, provenance, research, verdicts

DEFAULT_PROFILE = "gradient2019"
FAILURES_SHOWN = provenance.FAILURES_SHOWN
# Characters that mean something to markdown inside a line (or to HTML, which it passes through).
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def build_page(con: duckdb.DuckDBPyConnection, profile: str = DEFAULT_PROFILE) -> Page:
    """Everything the report says about what the warehouse holds; `profile` is the paper methodology
    shown first."""
    return Page(
        generated_at=datetime.now(timezone.utc),
        refreshed=provenance.refreshed(con),
        sections=sections(con, profile),
        headline=headline.build(con, profile),
    )


def write_report(page: Page, out_path: Path) -> Path:
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(render(page), encoding="utf-8")
    return out_path


def build_report(con: duckdb.DuckDBPyConnection, out_path: Path, profile: str = DEFAULT_PROFILE) -> Path:
    """Write the HTML report of what the warehouse holds to `out_path`."""
    return write_report(build_page(con, profile), out_path)


def sections(con: duckdb.DuckDBPyConnection, profile: str = DEFAULT_PROFILE) -> list[Section]:
    return [
        research.build(con, profile),
        industry.build(con),
        performance.build(con),
        pairing.build(con, profile),
        verdicts.build(con),
        provenance.build(con),
    ]


def headline_markdown(page: Page) -> str:
    """The report's headline as markdown: the key figures, each section's finding and each source's latest
    refresh."""
    numbers = [f"- **{n.value}** {_markdown_text('; '.join(filter(None, [n.label, n.detail])))} ({n.origin})"
               for n in page.headline.numbers]
    findings = [f"- **{s.title}**: {_markdown_text(s.summary)}" for s in page.sections if s.summary]
    return "\n".join(["## Headline", "", *numbers, "", *findings, "", *_markdown_table(page.refreshed)]) + "\n"


def _markdown_table(table: Table) -> list[str]:
    if not table.rows:
        return [f"{table.caption}: none yet."]
    return [
        f"**{table.caption}**",
        "",
        "| " + " | ".join(table.columns) + " |",
        "|" + "---|" * len(table.columns),
        *["| " + " | ".join(_markdown_text(str(cell)) for cell in row) + " |" for row in table.rows],
    ]


def _markdown_text(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)
