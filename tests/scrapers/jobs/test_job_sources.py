"""The job sources' registry: every source under its own name, walked the same way (list units, fetch one)."""
from datetime import date
from pathlib import Path

import pytest

from scrapers.jobs import BOARDS, SOURCES, Unit, greenhouse, hn
from scrapers.jobs.employers import Employer, load_employers
from scrapers.records import StructureChanged

GREENHOUSE = Path(__file__).parent / "fixtures" / "greenhouse"

EMPLOYERS = [Employer("Acme AI", "greenhouse", "acme"), Employer("Globex", "lever", "globex"),
             Employer("Initech", "greenhouse", "initech")]


def test_every_source_is_registered_under_its_name_and_offers_units():
    assert list(SOURCES) == ["hn", "greenhouse", "lever", "ashby"]
    for name, source in SOURCES.items():
        assert source.SOURCE == name and source.BASE_URL.startswith("https://")
        assert callable(source.list_units) and callable(source.fetch_unit)
    assert list(BOARDS) == [name for name in SOURCES if name != hn.SOURCE]


def test_a_board_kind_has_a_unit_per_listed_employer_it_hosts_and_each_is_a_snapshot_of_that_board():
    units = SOURCES["greenhouse"].list_units(None, date(2024, 1, 1), None, EMPLOYERS)

    assert units == [Unit("greenhouse", "Acme AI (acme)", EMPLOYERS[0], board="greenhouse:acme"),
                     Unit("greenhouse", "Initech (initech)", EMPLOYERS[2], board="greenhouse:initech")]
    assert SOURCES["ashby"].list_units(None, date(2024, 1, 1), None, EMPLOYERS) == []


def test_a_board_probe_reads_the_first_listed_employers_board_afresh(http_server, session, monkeypatch):
    monkeypatch.setenv("FWTRENDS_GREENHOUSE_BASE_URL", http_server.base_url)
    token = next(employer.token for employer in load_employers() if employer.board == "greenhouse")
    http_server.route(f"/v1/boards/{token}/jobs", (GREENHOUSE / "board_two_postings_escaped_content.json").read_bytes())

    found = SOURCES["greenhouse"].probe(session)

    assert (found.url, found.items, found.problems) == (greenhouse.jobs_url(token), 2, ())


def test_a_board_that_changed_shape_or_lists_nothing_is_a_changed_source(http_server, session, monkeypatch):
    monkeypatch.setenv("FWTRENDS_GREENHOUSE_BASE_URL", http_server.base_url)
    token = next(employer.token for employer in load_employers() if employer.board == "greenhouse")
    http_server.route(f"/v1/boards/{token}/jobs", (GREENHOUSE / "not_a_board_listing.json").read_bytes())
    with pytest.raises(StructureChanged):
        SOURCES["greenhouse"].probe(session)

    http_server.route(f"/v1/boards/{token}/jobs", (GREENHOUSE / "board_without_openings.json").read_bytes())
    assert SOURCES["greenhouse"].probe(session).problems == ("0 items, expected at least 1",)
