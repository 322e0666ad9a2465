"""Which task failures deserve another try within the run."""
from __future__ import annotations

from scrapers.http import HTTPStatusError

TRANSIENT_STATUSES = {429, 500, 502, 503, 504}


def is_transient(error: BaseException) -> bool:
    """A server that was busy or broken for a moment. An unreachable host, robots.txt, a page too large
    or a changed page structure will not be different a few seconds later: those wait for the next run."""
    return isinstance(error, HTTPStatusError) and error.status in TRANSIENT_STATUSES


def retry_if_transient(task, task_run, state) -> bool:
    """Prefect's `retry_condition_fn`."""
    return is_transient(state.result(raise_on_failure=False))
