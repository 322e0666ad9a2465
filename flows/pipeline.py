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
from scrapers.papers import gradient

# The quick profile's papers, sized from the requests they cost at 1 request/s per host, hosts in parallel (the
# arithmetic is in the README): the study's 35 lists sampled first, then the venue-years after them, where the
# ACL Anthology, with 16 venue-years of ACL, EMNLP and NAACL since 2021, is the busiest host.
QUICK_STUDY_SAMPLE = 5  # papers per conference-year of the study's own lists
QUICK_SAMPLE = 8  # papers per venue-year after the study's last list of that venue
# The capability parts a quick run measures: the minutes-long ones (recompilation's compiles, model servers,
# the visualisation matrix with its Visdom server) run weekly and with `fwtrends experiments --capabilities`.
QUICK_CAPABILITIES = ["tensorboard", "serving", "distributed", "mobile", "placement", "debugging"]


@dataclass(frozen=True)
class RunProfile:
    name: str
    papers: list[dict]  # one papers run each: papers_flow's arguments (none: every venue and year, every paper)
    jobs_since: date
    community_sources: list[str] | None  # None: all
    community_since: date
    quick_experiments: bool
    capabilities: list[str] | None  # None: all


def months_ago(n: int, today: date | None = None) -> date:
    today = today or date.today()
    index = today.year * 12 + today.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def run_profile(name: str, today: date | None = None) -> RunProfile:
    today = today or date.today()
    if name == "quick":
        # The trend of the nine venues from 2015 to today: a seeded sample of the study's own lists, so that every
        # conference-year it published has our estimate beside it, and of each venue-year since; a year of HN
        # threads and of the community sources that answer a year in seconds (GitHub allows 10 searches a minute).
        papers = [{"source": gradient.SOURCE, "sample": QUICK_STUDY_SAMPLE},
                  {"after_study": True, "sample": QUICK_SAMPLE}]
        year_ago = months_ago(12, today)
        return RunProfile("quick", papers, year_ago, ["stackoverflow", "pypistats"], year_ago, True,
                          QUICK_CAPABILITIES)
    if name == "full":
        return RunProfile("full", [{}], FIRST_MONTH, None, COMMUNITY_FIRST_MONTH, False, None)
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
    results = [line for papers in plan.papers for line in run_part("papers", papers_flow_on(dask_address), **papers)]
    results += run_part("jobs", jobs_flow, since=plan.jobs_since)
    results += run_part("community", community_flow, sources=plan.community_sources, since=plan.community_since)
    results += run_part("experiments", experiments_flow, quick=plan.quick_experiments)
    results += run_part("capabilities", capabilities_flow, parts=plan.capabilities, quick=plan.quick_experiments)
    return results, report_flow()
