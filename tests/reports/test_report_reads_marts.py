"""The report reads marts only: no query in reports/ names a table or a staging view of the warehouse, and
the whole page builds from a read-only connection."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_warehouse import fill

import reports
from reports import claims
from reports.build import build_page
from reports.sections.performance import MEASUREMENTS
from warehouse import db

REPORTS = Path(reports.__file__).parent
# The relation after FROM or JOIN, quoted or not; case-insensitive, so that a docstring's "from the study"
# matches too (no table is called "the").
READS = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)', re.IGNORECASE)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("marts") / "w.duckdb"
    con = db.connect(path)
    fill(con)
    con.close()
    return path


@pytest.fixture(scope="module")
def relations(warehouse) -> dict[str, set[str]]:
    """The warehouse's tables, staging views and marts, by name."""
    con = db.connect(warehouse, read_only=True)
    tables = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    views = {name for (name,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    con.close()
    staging = {f.name.removesuffix(".sql") for f in db.view_files("staging")}
    return {"tables": tables, "staging": staging, "marts": views - staging}


def named_in_reports() -> set[tuple[str, str]]:
    """(file, relation) for every name after a FROM or JOIN in reports/."""
    return {(str(path.relative_to(REPORTS)), name)
            for path in REPORTS.rglob("*.py") for name in READS.findall(path.read_text(encoding="utf-8"))}


def test_no_query_in_reports_names_a_table_or_a_staging_view(relations):
    named = named_in_reports()

    assert {(path, name) for path, name in named if name in relations["tables"]} == set()
    assert {(path, name) for path, name in named if name in relations["staging"]} == set()
    assert {"paper_framework_share", "job_board_snapshots", "article_figures", "source_refreshes"} \
        <= {name for _, name in named if name in relations["marts"]}


def test_relations_read_by_name_are_marts(relations):
    """The measurements and the claims name the relation they read in data, not in a query."""
    by_name = set(MEASUREMENTS) | {claim.params["relation"] for claim in claims.load_claims()
                                   if "relation" in claim.params}

    assert by_name <= relations["marts"]


def test_the_report_builds_from_a_read_only_connection(warehouse):
    con = db.connect(warehouse, read_only=True)
    try:
        page = build_page(con)
    finally:
        con.close()

    assert [s.id for s in page.sections] == ["research", "industry", "performance", "pairing", "claims", "provenance"]
    assert page.refreshed.rows
