"""The community sources' registry: every source under its own name, asked the same way."""
import inspect
from pathlib import Path

from scrapers.community import SOURCES, github, stackoverflow
from scrapers.records import ProbeFinding

FIXTURES = Path(__file__).parent / "fixtures"


def test_every_source_is_registered_under_its_name_with_one_fetch_signature():
    assert list(SOURCES) == ["stackoverflow", "devto", "pypistats", "github"]
    for name, source in SOURCES.items():
        assert source.SOURCE == name and source.BASE_URL.startswith("https://")
        parameters = inspect.signature(source.fetch_counts).parameters
        assert list(parameters)[:4] == ["session", "since", "final_months", "now"]
        assert parameters["now"].kind is inspect.Parameter.KEYWORD_ONLY


def test_a_count_probe_asks_afresh_and_a_count_out_of_range_is_a_changed_source(http_server, session, monkeypatch):
    monkeypatch.setenv("FWTRENDS_STACKOVERFLOW_BASE_URL", http_server.base_url)
    monkeypatch.setenv("FWTRENDS_GITHUB_BASE_URL", http_server.base_url)
    http_server.route("/2.3/search/advanced", (FIXTURES / "stackoverflow" / "total_only.json").read_bytes())
    http_server.route("/search/repositories", (FIXTURES / "github" / "search_nothing_found.json").read_bytes())

    assert stackoverflow.probe(session) == ProbeFinding(stackoverflow.search_url(), 2671)
    assert github.probe(session) == ProbeFinding(github.search_url(), 0, ("count 0, expected at least 50",))
