"""`fwtrends serve`: the deployments on their cron schedules, against a real Prefect server.

Prefect's temporary server has no scheduler, so this finds the server named by PREFECT_API_URL, or one on
127.0.0.1:4200, or starts `prefect server start` there and says so."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import requests
from prefect import serve as prefect_serve
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows import settings
from flows.capabilities import capabilities_flow
from flows.community import community_flow
from flows.experiments import experiments_flow
from flows.jobs import jobs_flow
from flows.papers import papers_flow
from flows.sources import sources_check_flow
from scrapers.jobs import BOARDS

LOCAL_API = "http://127.0.0.1:4200/api"
START_TIMEOUT_S = 90


def answers(api_url: str) -> bool:
    try:
        return requests.get(f"{api_url}/health", timeout=2).ok
    except requests.RequestException:
        return False


def find_or_start_server() -> str:
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        if not answers(configured):
            raise SystemExit(f"fwtrends serve: PREFECT_API_URL={configured} does not answer")
        print(f"using the Prefect server at {configured}")
        return configured
    if answers(LOCAL_API):
        print(f"using the Prefect server already running at {LOCAL_API}")
        return LOCAL_API
    log_path = settings.home() / "prefect-server.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", "4200"],
        stdout=log_path.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        # A real server keeps task runs: the recorder is off only for plain runs' temporary server (cli.main).
        env=os.environ | {"PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED": "true"},
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while not answers(LOCAL_API):
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"fwtrends serve: the Prefect server did not start; see {log_path}")
        time.sleep(1)
    print(f"started a Prefect server (pid {server.pid}, UI http://127.0.0.1:4200, log {log_path}); "
          "it keeps running after serve stops")
    return LOCAL_API


def deployments():
    return [
        # Company boards are snapshots: a daily one builds each posting's history (first seen, closed).
        jobs_flow.to_deployment(name="job-boards-daily", cron="0 6 * * *",
                                parameters={"sources": list(BOARDS), "report": True}),
        # The new month's thread opens on the 1st; finished months replay from the HTTP cache.
        jobs_flow.to_deployment(name="hn-monthly", cron="0 6 2 * *", parameters={"sources": ["hn"], "report": True}),
        # Before the weekly scrapes: a source whose page changed shape is named before any scrape trips on it.
        sources_check_flow.to_deployment(name="sources-check-weekly", cron="0 2 * * 1"),
        community_flow.to_deployment(name="community-weekly", cron="0 5 * * 1", parameters={"report": True}),
        # Every venue and year the sources host: listings replay from the cache, texts already read are kept.
        papers_flow.to_deployment(name="papers-weekly", cron="0 3 * * 1", parameters={"report": True}),
        experiments_flow.to_deployment(name="experiments-weekly", cron="0 4 * * 0", parameters={"report": True}),
        capabilities_flow.to_deployment(name="capabilities-weekly", cron="0 8 * * 0", parameters={"report": True}),
    ]


def serve() -> int:
    api_url = find_or_start_server()
    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        prefect_serve(*deployments())
    return 0
