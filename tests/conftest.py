import math
import os
import tempfile

import pytest

# Prefect reads its settings when first imported: keep its database out of the user's ~/.prefect.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="fwtrends-prefect-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from httpserver import LocalHTTPServer  # noqa: E402

from scrapers.http import PoliteSession  # noqa: E402


@pytest.fixture
def http_server():
    """A real HTTP server on 127.0.0.1: `route()` what it should answer, read `requests` after."""
    with LocalHTTPServer() as server:
        yield server


@pytest.fixture
def session():
    """The sources' HTTP session, unthrottled and without retries: tests answer from 127.0.0.1 at once."""
    with PoliteSession(None, default_rate=math.inf, retries=0) as polite:
        yield polite


@pytest.fixture(scope="session")
def prefect_api():
    """One temporary Prefect API for the whole session (starting one costs seconds)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@pytest.fixture
def fwtrends_home(tmp_path, monkeypatch):
    """Everything the pipeline writes goes under a fresh folder."""
    monkeypatch.setenv("FWTRENDS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("FWTRENDS_DB", raising=False)
    monkeypatch.delenv("FWTRENDS_OFFLINE", raising=False)
    return tmp_path / "home"
