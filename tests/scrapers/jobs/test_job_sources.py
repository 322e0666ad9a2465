"""The job sources' registry: every source under its own name, walked the same way (list units, fetch one)."""
from datetime import date

from scrapers.jobs import BOARDS, SOURCES, Unit, hn
from scrapers.jobs.employers import Employer

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
