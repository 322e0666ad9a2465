"""Where fwtrends keeps what it writes (everything under one home folder: env FWTRENDS_HOME, default ./data), and
the environment defaults of a process that runs flows."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from scrapers.http import PoliteSession, base_url, source_rate


def set_process_defaults() -> None:
    """Environment defaults for a process that runs flows (the CLI, the benchmarks); a value already set wins."""
    # Prefect's temporary API server migrates its database on the first run, which can take longer than
    # Prefect's 20 s default on a small, busy machine.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    # Its telemetry writes to that database while it migrates: "database is locked" tracebacks on a fresh
    # PREFECT_HOME, and a call home that an offline machine cannot make.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The temporary server stops as the process ends, cancelling its task run recorder in the middle of writing
    # the last task runs' events: an "Error flushing 1 events ... CancelledError" traceback after most runs that
    # went well. Nobody reads task runs from a server that is gone; `runs` and `failures` keep what matters.
    # A real server (`fwtrends serve`) records them: see flows/serve.py.
    os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED", "false")
    # TensorBoard's event reader imports TensorFlow into this process when it is installed: TensorFlow's C++
    # start-up lines (cpu_feature_guard, absl) would read as errors among the CLI's own.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # Prefect announces its temporary API server on its own logger at INFO as every command starts and ends
    # ("Starting temporary server on http://127.0.0.1:8457 / See https://www.prefect.io/docs/... for more
    # information on running a dedicated Prefect server"). That logger goes to WARNING; the flow and task run
    # lines, which inherit its level, stay at INFO. Prefect reads these when it sets up logging, at the first
    # flow. A level the user chose for Prefect stays.
    if "PREFECT_LOGGING_LEVEL" not in os.environ:
        os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_LEVEL", "WARNING")
        os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL", "INFO")
        os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL", "INFO")


def home() -> Path:
    return Path(os.environ.get("FWTRENDS_HOME", "data"))


def db_path() -> Path:
    return Path(os.environ.get("FWTRENDS_DB") or home() / "fwtrends.duckdb")


def http_cache_path() -> Path:
    return home() / "http-cache.sqlite"


def report_path() -> Path:
    return home() / "report" / "index.html"


def employers_path() -> Path | None:
    """Another employer list than the shipped scrapers/employers.toml (env FWTRENDS_EMPLOYERS)."""
    value = os.environ.get("FWTRENDS_EMPLOYERS")
    return Path(value) if value else None


def text_store_path() -> Path:
    return home() / "texts"


@dataclass(frozen=True)
class SessionSpec:
    """What a process needs to open the HTTP session: picklable, so Dask workers can open their own."""

    cache_path: Path
    rates: tuple[tuple[str, float], ...]  # (source base URL, requests per second)

    def open(self) -> PoliteSession:
        session = PoliteSession(self.cache_path)
        for url, per_second in self.rates:
            session.set_rate(url, per_second)
        return session


def session_spec(*sources) -> SessionSpec:
    """Each source's host at its rate (env FWTRENDS_<SOURCE>_RATE, default 1/s), and the other hosts a
    source names with their own limits (e.g. OpenReview's PDF host)."""
    rates = []
    for source in sources:  # a source's own host limits come last: they refine its base URL's rate
        rates.append((base_url(source.SOURCE, source.BASE_URL), source_rate(source.SOURCE, own_rate(source))))
        rates += getattr(source, "host_rates", dict)().items()
    return SessionSpec(http_cache_path(), tuple(rates))


def own_rate(source) -> float:
    """The rate a source asks for: a `rate()` when it depends on credentials (GitHub), else its RATE,
    else one request a second."""
    return source.rate() if hasattr(source, "rate") else getattr(source, "RATE", 1.0)


@cache
def shared_session(spec: SessionSpec) -> PoliteSession:
    """One session per process and spec, for tasks: threads share it; each Dask worker opens its own."""
    return spec.open()
