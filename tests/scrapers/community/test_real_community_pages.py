"""The community parsers on answers recorded from the live APIs (../shared/reference/real-pages, whose README
gives each file's provenance and the count it should give)."""
from datetime import date

import pytest
from reference import REAL_PAGES

from scrapers.community import CommunityCount, github, pypistats

pytestmark = pytest.mark.skipif(not REAL_PAGES.is_dir(), reason=f"real responses not found at {REAL_PAGES}")


def body(name: str) -> bytes:
    return (REAL_PAGES / name).read_bytes()


@pytest.mark.parametrize(("name", "total", "complete"), [
    ("search_repositories_2014-03-03.json", 2723, True),  # answers of 2014 have no `incomplete_results`
    ("search_repositories_noresults_per_page1_2018-11-22.json", 0, True),
    ("search_code_incomplete_results.json", 7, False),
])
def test_github_search_answer_gives_its_total_and_whether_it_is_complete(name, total, complete):
    assert github.parse_total(body(f"github/{name}")) == (total, complete)


def test_pypistats_overall_answer_gives_two_days_without_mirrors(monkeypatch):
    # The recorded answer is pip's: read it as the series of a package the source knows under that name.
    monkeypatch.setitem(pypistats.PACKAGES, "pip", "pip")

    counts = pypistats.parse_overall(body("pypistats/hugovk_pypistats_SAMPLE_RESPONSE_OVERALL_pip.json"), "pip",
                                     today=date(2020, 5, 2))

    assert counts == [
        CommunityCount("pypistats", "pip", date(2020, 5, 1), 2083472, final=True),
        CommunityCount("pypistats", "pip", date(2020, 5, 2), 1475979, final=False),
    ]
