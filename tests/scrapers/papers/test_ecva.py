from pathlib import Path

import pytest

from scrapers.papers import ecva
from scrapers.records import StructureChanged

FIXTURES = Path(__file__).parent / "fixtures" / "ecva"
PAGE_URL = "https://www.ecva.net/papers.php"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def site(http_server, monkeypatch):
    monkeypatch.setenv("FWTRENDS_ECVA_BASE_URL", http_server.base_url)
    return http_server


def test_year_section_gives_its_papers_with_unquoted_hrefs_resolved_against_the_page():
    papers = ecva.parse_year(fixture("papers_three_years.html"), PAGE_URL, 2024)

    assert [p.title for p in papers] == [
        "Adaptive Correspondence Scoring for Unsupervised Medical Image Registration",
        "Scene Coordinates & Where to Find Them",
    ]
    first = papers[0]
    assert (first.venue, first.year, first.source, first.track) == ("ECCV", 2024, "ecva", None)
    assert first.landing_url == "https://www.ecva.net/papers/eccv_2024/papers_ECCV/html/4_ECCV_2024_paper.php"
    assert first.pdf_url == "https://www.ecva.net/papers/eccv_2024/papers_ECCV/papers/00004.pdf"
    assert papers[1].pdf_url == "https://www.ecva.net/papers/eccv_2024/papers_ECCV/papers/00006.pdf"


def test_plain_author_names_lose_the_corresponding_author_star():
    papers = ecva.parse_year(fixture("papers_three_years.html"), PAGE_URL, 2024)

    assert papers[0].authors == (
        "Xiaoran Zhang", "John C. Stendahl", "Lawrence H. Staib", "Albert J. Sinusas", "Alex Wong", "James S. Duncan",
    )
    assert papers[1].authors == ("Émilie Côté", "Søren Ørsted")


def test_each_year_reads_only_its_own_accordion_section():
    [paper_2022] = ecva.parse_year(fixture("papers_three_years.html"), PAGE_URL, 2022)
    [paper_2020] = ecva.parse_year(fixture("papers_three_years.html"), PAGE_URL, 2020)

    assert paper_2022.title == "Learning Depth from Focus in the Wild"
    assert paper_2022.authors == ("Changyeon Won", "Hae-Gon Jeon")
    assert paper_2022.pdf_url == "https://www.ecva.net/papers/eccv_2022/papers_ECCV/papers/136610001.pdf"
    assert paper_2020.year == 2020
    assert paper_2020.pdf_url == "https://www.ecva.net/papers/eccv_2020/papers_ECCV/papers/123460001.pdf"


def test_a_page_without_the_year_section_names_the_year():
    with pytest.raises(StructureChanged, match="no ECCV 2026 section") as raised:
        ecva.parse_year(fixture("papers_three_years.html"), PAGE_URL, 2026)
    assert raised.value.url == PAGE_URL


def test_a_year_section_without_papers_means_the_structure_changed_not_zero_papers():
    html = fixture("papers_2026_section_still_empty.html")

    with pytest.raises(StructureChanged, match="ECCV 2026 section holds no papers"):
        ecva.parse_year(html, PAGE_URL, 2026)
    assert len(ecva.parse_year(html, PAGE_URL, 2024)) == 1


def test_ecva_has_the_even_years_from_2020_as_2018_is_on_cvf():
    assert ecva.venue_years("ECCV", 2019) == []
    assert ecva.venue_years("ECCV", 2025) == [2020, 2022, 2024]
    assert ecva.venue_years("ECCV", 2026) == [2020, 2022, 2024, 2026]


def test_fetch_reads_the_one_page_once_for_every_year(site, session):
    site.route("/papers.php", fixture("papers_three_years.html"), headers={"Content-Type": "text/html"})

    papers_2024 = ecva.fetch_papers(session, "ECCV", 2024)
    papers_2020 = ecva.fetch_papers(session, "ECCV", 2020)

    assert len(papers_2024) == 2
    assert papers_2024[0].pdf_url == site.url("/papers/eccv_2024/papers_ECCV/papers/00004.pdf")
    assert [p.year for p in papers_2020] == [2020]
    assert [path for path in site.paths() if path != "/robots.txt"] == ["/papers.php"]


def test_fetch_of_a_year_the_page_lacks_raises_structure_changed(site, session):
    site.route("/papers.php", fixture("papers_three_years.html"))

    with pytest.raises(StructureChanged, match="2026"):
        ecva.fetch_papers(session, "ECCV", 2026)
