"""The community flow's PyPI release step against a local stand-in for PyPI: it comes with the PyPI downloads,
lands in `framework_origins` once per answer, and a failing PyPI leaves the downloads' line alone."""
import json
from pathlib import Path

import pytest

from flows.community import community_flow
from warehouse import db

pytestmark = pytest.mark.usefixtures("prefect_api")
FIXTURES = Path(__file__).parents[1] / "scrapers" / "community" / "fixtures" / "pypi"


@pytest.fixture
def pypi(http_server, fwtrends_home, monkeypatch):
    for source in ("PYPI", "PYPISTATS"):
        monkeypatch.setenv(f"FWTRENDS_{source}_BASE_URL", http_server.base_url)
        monkeypatch.setenv(f"FWTRENDS_{source}_RATE", "1000")
    downloads = {"data": [{"category": "without_mirrors", "date": "2026-11-24", "downloads": 5}], "type": "overall"}
    for package in ("torch", "tensorflow", "jax", "keras"):
        http_server.route(f"/api/packages/{package}/overall", json.dumps({**downloads, "package": package}))
    return http_server


def test_the_first_releases_come_with_the_pypi_downloads(pypi, fwtrends_home):
    pypi.route("/pypi/torch/json", (FIXTURES / "torch_out_of_order_with_a_version_without_files.json").read_bytes())
    pypi.route("/pypi/tensorflow/json", (FIXTURES / "tensorflow_rc_before_final.json").read_bytes())

    results = community_flow(["pypistats"])
    community_flow(["pypistats"])  # replays PyPI's answers: the same rows again

    assert [(r.source, r.status, r.fetched) for r in results] == [("pypistats", "ok", 4), ("pypi-releases", "ok", 2)]
    con = db.connect(fwtrends_home / "fwtrends.duckdb", read_only=True)
    origins = con.execute("SELECT framework, first_version, releases FROM framework_origins ORDER BY ALL").fetchall()
    stored = con.execute("SELECT count(*) FROM framework_releases").fetchone()
    con.close()
    assert origins == [("pytorch", "0.1.2", 3), ("tensorflow", "0.12.0rc0", 3)]
    assert stored == (2,)


def test_a_failing_pypi_is_its_own_failed_line(pypi, fwtrends_home):
    results = community_flow(["pypistats"])  # PyPI's JSON API answers 404

    assert [(r.source, r.status) for r in results] == [("pypistats", "ok"), ("pypi-releases", "failed")]
    assert "404" in results[1].reason
