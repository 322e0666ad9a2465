"""Where fwtrends keeps what it writes: everything under one home folder (env FWTRENDS_HOME, default ./data)."""
from __future__ import annotations

import os
from pathlib import Path

from scrapers.http import PoliteSession, base_url, source_rate


def home() -> Path:
    return Path(os.environ.get("FWTRENDS_HOME", "data"))


def db_path() -> Path:
    return Path(os.environ.get("FWTRENDS_DB") or home() / "fwtrends.duckdb")


def http_cache_path() -> Path:
    return home() / "http-cache.sqlite"


def report_path() -> Path:
    return home() / "report" / "index.html"


def open_session(*sources) -> PoliteSession:
    """A flow's one HTTP session, each source's host at its rate (env FWTRENDS_<SOURCE>_RATE, default 1/s)."""
    session = PoliteSession(http_cache_path())
    for source in sources:
        session.set_rate(base_url(source.SOURCE, source.BASE_URL), source_rate(source.SOURCE, 1.0))
    return session
