"""The community sources' registry: every source under its own name, asked the same way."""
import inspect

from scrapers.community import SOURCES


def test_every_source_is_registered_under_its_name_with_one_fetch_signature():
    assert list(SOURCES) == ["stackoverflow", "devto", "pypistats", "github"]
    for name, source in SOURCES.items():
        assert source.SOURCE == name and source.BASE_URL.startswith("https://")
        parameters = inspect.signature(source.fetch_counts).parameters
        assert list(parameters)[:4] == ["session", "since", "final_months", "now"]
        assert parameters["now"].kind is inspect.Parameter.KEYWORD_ONLY
