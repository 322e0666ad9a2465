"""The main pipeline: papers, jobs, experiments, then the report, whatever failed on the way."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from prefect import flow

from flows.capabilities import capabilities_flow
from flows.community import FIRST_MONTH as COMMUNITY_FIRST_MONTH
from flows.community import community_flow
from flows.experiments import experiments_flow
from flows.jobs import FIRST_MONTH, jobs_flow
from flows.papers import papers_flow_on
from flows.report import report_flow
from flows.runlog import SourceResult


@dataclass(frozen=True)
class RunProfile:
    name: str
    venues: list[str] | None  # None: every venue and year the sources host
    years: list[int] | None
    sample: int | None  # papers read per venue-year; None reads every paper
    jobs_since: date
    community_sources: list[str] | None  # None: all
    community_since: date
    quick_experiments: bool


def months_ago(n: int, today: date | None = None) -> date:
    today = today or date.today()
    index = today.year * 12 + today.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def run_profile(name: str, today: date | None = None) -> RunProfile:
    today = today or date.today()
    if name == "quick":
        # Two CVF venues in the study's year and the latest, 20 sampled papers each; a year of HN threads and
        # of the community sources that answer a year in seconds (GitHub allows 10 searches a minute).
        year_ago = months_ago(12, today)
        return RunProfile("quick", ["CVPR", "ICCV"], [2019, 2025], 20, year_ago, ["stackoverflow", "pypistats"],
                          year_ago, True)
    if name == "full":
        return RunProfile("full", None, None, None, FIRST_MONTH, None, COMMUNITY_FIRST_MONTH, False)
    raise ValueError(f"unknown run profile {name!r}: use quick or full")


def run_part(name: str, subflow, **params) -> list[SourceResult]:
    """A part that breaks becomes a failed line in the summary; the parts after it still run."""
    state = subflow(**params, return_state=True)
    if state.is_failed():
        return [SourceResult(name, status="failed", reason=str(state.result(raise_on_failure=False)))]
    return state.result()


@flow(name="fwtrends-pipeline")
def pipeline_flow(profile: str = "quick", dask_address: str | None = None) -> tuple[list[SourceResult], Path]:
    plan = run_profile(profile)
    results = run_part("papers", papers_flow_on(dask_address), venues=plan.venues, years=plan.years,
                       sample=plan.sample)
    results += run_part("jobs", jobs_flow, since=plan.jobs_since)
    results += run_part("community", community_flow, sources=plan.community_sources, since=plan.community_since)
    results += run_part("experiments", experiments_flow, quick=plan.quick_experiments)
    results += run_part("capabilities", capabilities_flow, quick=plan.quick_experiments)
    return results, report_flow()
