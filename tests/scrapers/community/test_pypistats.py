import json
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scrapers.community import CommunityCount, pypistats
from scrapers.records import StructureChanged

FIXTURES = Path(__file__).parent / "fixtures" / "pypistats"
NOV_25 = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 18, 0, tzinfo=timezone.utc)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def overall(package: str, days: list[str]) -> str:
    rows = [{"category": "without_mirrors", "date": day, "downloads": 1000 + i} for i, day in enumerate(days)]
    return json.dumps({"data": rows, "package": package, "type": "overall_downloads"})


@pytest.fixture
def api(http_server, monkeypatch):
    monkeypatch.setenv("FWTRENDS_PYPISTATS_BASE_URL", http_server.base_url)
    return http_server


def test_daily_downloads_become_one_count_per_day_and_days_before_today_are_final():
    counts = pypistats.parse_overall(fixture("torch_overall_without_mirrors.json"), "torch", NOV_25)

    assert counts[0] == CommunityCount("pypistats", "pytorch", date(2026, 11, 22), 1483920, True)
    assert [c.period.day for c in counts] == [22, 23, 24, 25]
    assert [c.final for c in counts] == [True, True, True, False]


def test_mirror_downloads_are_left_out_when_the_answer_carries_both_categories():
    counts = pypistats.parse_overall(fixture("keras_overall_both_categories.json"), "keras", NOV_25)

    assert [(c.framework, c.count) for c in counts] == [("keras", 401203), ("keras", 397911)]


def test_another_package_s_answer_means_the_structure_changed():
    with pytest.raises(StructureChanged):
        pypistats.parse_overall(fixture("torch_overall_without_mirrors.json"), "jax", NOV_25)


def test_an_answer_without_rows_without_mirrors_means_the_structure_changed():
    with pytest.raises(StructureChanged):
        pypistats.parse_overall(b'{"data": [], "package": "jax", "type": "overall_downloads"}', "jax", NOV_25)


def test_fetch_asks_each_package_without_mirrors_once(api, session):
    for package in pypistats.PACKAGES:
        api.route(f"/api/packages/{package}/overall", overall(package, ["2026-11-24", "2026-11-25"]))

    harvest = pypistats.fetch_counts(session, NOV_25, set(), now=NOW)
    pypistats.fetch_counts(session, NOV_25, set(), now=NOW)  # within a day: replays

    assert harvest.stopped is None
    assert {c.framework for c in harvest.counts} == {"pytorch", "tensorflow", "jax", "keras"}
    assert len(harvest.counts) == 8
    asked = [p for p in api.paths() if p.startswith("/api/")]
    assert asked == [f"/api/packages/{p}/overall?mirrors=false" for p in ("torch", "tensorflow", "jax", "keras")]


def test_a_failing_package_stops_the_harvest_and_keeps_the_packages_before_it(api, session):
    api.route("/api/packages/torch/overall", overall("torch", ["2026-11-25"]))
    api.route("/api/packages/tensorflow/overall", fixture("package_not_found.json"), status=404)

    harvest = pypistats.fetch_counts(session, NOV_25, set(), now=NOW)

    assert [c.framework for c in harvest.counts] == ["pytorch"]
    assert harvest.stopped.startswith("stopped at tensorflow:")
    assert urlsplit(api.paths()[-1]).path == "/api/packages/tensorflow/overall"
