from pathlib import Path

import pytest

from scrapers.http import FetchError
from scrapers.papers import pmlr
from scrapers.records import StructureChanged

FIXTURES = Path(__file__).parent / "fixtures" / "pmlr"
SITE = "https://proceedings.mlr.press"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def site(http_server, monkeypatch):
    monkeypatch.setenv("FWTRENDS_PMLR_BASE_URL", http_server.base_url)
    return http_server


def test_index_gives_the_main_icml_volume_of_each_year_whatever_the_wording():
    volumes = pmlr.parse_index(fixture("index_volume_wordings.html"), f"{SITE}/")

    assert volumes == {
        2026: 312,  # "Proceedings of ICML 2026"
        2025: 267,  # "Proceedings of the 42nd International Conference on Machine Learning"
        2024: 235,
        2023: 202,  # the wording spread over two lines
        2019: 97,  # "International Conference on Machine Learning, 9-15 June 2019, ..."
        2013: 28,  # "ICML 2013, 1st Cycle"
    }


def test_index_skips_workshops_held_at_icml_and_other_conferences():
    volumes = pmlr.parse_index(fixture("index_volume_wordings.html"), f"{SITE}/")

    assert not {311, 251, 27, 195, 38} & set(volumes.values())


def test_index_without_volume_links_means_the_structure_changed():
    with pytest.raises(StructureChanged):
        pmlr.parse_index(fixture("volume_page_without_papers.html"), f"{SITE}/")


def test_volume_page_gives_each_paper_with_authors_abstract_page_and_github_pdf():
    url = f"{SITE}/v235/"
    papers = pmlr.parse_volume(fixture("v235_github_pdfs.html"), url, "icml", 2024)

    first = papers[0]
    assert (first.venue, first.year, first.source, first.track) == ("ICML", 2024, "pmlr", None)
    assert first.title == "Adaptively Perturbed Mirror Descent for Learning in Games"
    assert first.authors == ("Kenshi Abe", "Kaito Ariu", "Mitsuki Sakamoto", "Atsushi Iwasaki")
    assert first.landing_url == f"{SITE}/v235/abe24a.html"
    assert first.pdf_url == "https://raw.githubusercontent.com/mlresearch/v235/main/assets/abe24a/abe24a.pdf"


def test_volume_page_unescapes_titles_and_takes_the_paper_not_its_supplement():
    papers = pmlr.parse_volume(fixture("v235_github_pdfs.html"), f"{SITE}/v235/", "ICML", 2024)

    assert papers[1].title == "Trees & Transformers: A <Unified> View"
    assert papers[1].pdf_url.endswith("/lovelace24a/lovelace24a.pdf")


def test_pdf_hosted_on_pmlr_is_kept_as_the_page_gives_it():
    [paper] = pmlr.parse_volume(fixture("v202_pmlr_hosted_pdfs.html"), f"{SITE}/v202/", "ICML", 2023)

    assert paper.pdf_url == f"{SITE}/v202/hopper23a/hopper23a.pdf"


def test_old_flat_pdf_paths_resolve_against_the_volume_page():
    [paper] = pmlr.parse_volume(fixture("v28_flat_pdfs.html"), f"{SITE}/v28/", "ICML", 2013)

    assert paper.pdf_url == f"{SITE}/v28/sznitman13.pdf"
    assert paper.landing_url == f"{SITE}/v28/sznitman13.html"
    assert paper.authors == ("Raphael Sznitman", "Pascal Fua")


def test_volume_page_without_papers_means_the_structure_changed():
    with pytest.raises(StructureChanged) as raised:
        pmlr.parse_volume(fixture("volume_page_without_papers.html"), f"{SITE}/v202/", "ICML", 2023)
    assert raised.value.url == f"{SITE}/v202/"


def test_icml_years_start_in_2015_without_asking_the_network():
    assert pmlr.venue_years("ICML", 2017) == [2015, 2016, 2017]
    assert (pmlr.ICML_VOLUMES[2015], pmlr.ICML_VOLUMES[2017]) == (37, 70)


def test_fetch_reads_a_known_year_straight_from_its_volume(site, session):
    site.route("/v235/", fixture("v235_github_pdfs.html"))

    papers = pmlr.fetch_papers(session, "ICML", 2024)

    assert len(papers) == 2
    assert papers[0].landing_url == f"{SITE}/v235/abe24a.html"  # the page's absolute links are kept
    assert site.paths() == ["/robots.txt", "/v235/"]


def test_fetch_finds_a_year_missing_from_the_table_in_the_index(site, session):
    site.route("/", fixture("index_volume_wordings.html"))
    site.route("/v312/", fixture("v202_pmlr_hosted_pdfs.html"))

    [paper] = pmlr.fetch_papers(session, "ICML", 2026)

    assert paper.year == 2026
    assert site.paths()[-2:] == ["/", "/v312/"]


def test_fetch_of_a_year_the_index_does_not_list_yet_names_the_index(site, session):
    site.route("/", fixture("index_volume_wordings.html"))

    with pytest.raises(FetchError) as raised:
        pmlr.fetch_papers(session, "ICML", 2027)
    assert raised.value.url == site.url("/")
    assert "ICML 2027" in str(raised.value)
