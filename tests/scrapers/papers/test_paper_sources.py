"""The paper sources' registry: every source under its own name, offering what the papers flow asks of it."""
from scrapers.papers import SOURCES


def test_every_source_is_registered_under_its_name_and_hosts_upper_case_venues():
    assert list(SOURCES) == ["cvf", "ecva", "acl", "neurips", "pmlr", "openreview", "gradient"]
    for name, source in SOURCES.items():
        assert source.SOURCE == name and source.BASE_URL.startswith("https://")
        assert source.VENUES and all(venue == venue.upper() for venue in source.VENUES)
        assert callable(source.venue_years) and callable(source.fetch_papers)
        assert all(2013 <= year <= 2030 for venue in source.VENUES for year in source.venue_years(venue, 2030))
