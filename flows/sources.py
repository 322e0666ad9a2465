"""`fwtrends sources check`: each source's probe fetches one small listing afresh and says whether its shape
still holds: ok, changed (what is missing, with the URL) or unreachable. The results go to `source_checks`;
the weekly schedule runs the check before the scrapes."""
from __future__ import annotations

from datetime import datetime, timezone

from prefect import flow

from flows import settings
from flows.runlog import SourceResult, flow_run
from scrapers.community import SOURCES as COMMUNITY_SOURCES
from scrapers.http import FetchError, PoliteSession
from scrapers.jobs import SOURCES as JOB_SOURCES
from scrapers.papers import SOURCES as PAPER_SOURCES
from scrapers.records import StructureChanged
from warehouse.load.sources import load_source_checks

REGISTRIES = {"papers": PAPER_SOURCES, "jobs": JOB_SOURCES, "community": COMMUNITY_SOURCES}


def probed_sources() -> list[tuple[str, object]]:
    """(kind, source module) of every registered source: each source protocol requires a probe."""
    return [(kind, source) for kind, registry in REGISTRIES.items() for source in registry.values()]


def check_source(session: PoliteSession, kind: str, source) -> dict:
    """One probe's verdict as a `source_checks` row."""
    row = {"source": source.SOURCE, "kind": kind, "url": None, "items": None, "detail": None,
           "checked_at": datetime.now(timezone.utc)}
    try:
        finding = source.probe(session)
    except StructureChanged as changed:
        return row | {"status": "changed", "url": changed.url, "detail": changed.detail}
    except FetchError as error:
        return row | {"status": "unreachable", "detail": str(error)}
    status = "changed" if finding.problems else "ok"
    return row | {"status": status, "url": finding.url, "items": finding.items,
                  "detail": "; ".join(finding.problems) or None}


def check_line(row: dict) -> str:
    said = {"ok": f"{row['items']} items", "changed": f"{row['detail']} at {row['url']}",
            "unreachable": row["detail"]}[row["status"]]
    return f"{row['source']:<24} {row['status']:<11} {said}"


@flow(name="sources-check")
def sources_check_flow() -> list[dict]:
    """Every probe, through the shared polite session; each result printed and stored."""
    sources = probed_sources()
    session = settings.session_spec(*(source for _, source in sources)).open()
    rows = []
    with flow_run("sources-check", {}) as run:
        for kind, source in sources:
            rows.append(check_source(session, kind, source))
            print(check_line(rows[-1]), flush=True)
            result = SourceResult(source.SOURCE, fetched=rows[-1]["items"] or 0)
            if rows[-1]["status"] != "ok":
                result.fail(f"{rows[-1]['status']}: {rows[-1]['detail']}")
            run.results.append(result)
        with run.warehouse() as con:
            load_source_checks(con, rows)
    return rows
