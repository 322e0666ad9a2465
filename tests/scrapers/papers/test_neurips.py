from pathlib import Path

import pytest

from scrapers.papers import neurips
from scrapers.records import StructureChanged

FIXTURES = Path(__file__).parent / "fixtures" / "neurips"
SITE = "https://papers.nips.cc"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def site(http_server, monkeypatch):
    monkeypatch.setenv("FWTRENDS_NEURIPS_BASE_URL", http_server.base_url)
    return http_server


def test_classic_listing_gives_each_paper_with_authors_and_the_pdf_beside_its_abstract():
    url = f"{SITE}/paper_files/paper/2019"
    papers = neurips.parse_listing(fixture("year_2019_classic_layout.html"), url, "neurips", 2019)

    assert [p.title for p in papers] == [
        "Multimodal Model-Agnostic Meta-Learning via Task-Aware Modulation",
        "PyTorch: An Imperative Style, High-Performance Deep Learning Library",
        "Gradients & <Priors>: Learning with Sparse Rewards",
    ]
    first = papers[0]
    assert (first.venue, first.year, first.source, first.track) == ("NEURIPS", 2019, "neurips", None)
    assert first.authors == ("Risto Vuorio", "Shao-Hua Sun", "Hexiang Hu", "Joseph J. Lim")
    assert first.landing_url == f"{SITE}/paper_files/paper/2019/hash/01386bd6d8e091c2ab4c7c7de644d37b-Abstract.html"
    assert first.pdf_url == f"{SITE}/paper_files/paper/2019/file/01386bd6d8e091c2ab4c7c7de644d37b-Paper.pdf"


def test_author_names_spread_over_lines_or_joined_by_entities_come_out_clean():
    url = f"{SITE}/paper_files/paper/2019"
    papers = neurips.parse_listing(fixture("year_2019_classic_layout.html"), url, "NEURIPS", 2019)

    assert papers[1].authors[-2:] == ("Adam Lerer", "James Bradbury")
    assert papers[2].authors == ("Zoë Müller", "Ana Silva")


def test_track_comes_from_the_abstract_link_and_the_pdf_keeps_the_track_suffix():
    url = f"{SITE}/paper_files/paper/2023"
    html = fixture("year_2023_conference_and_datasets_tracks.html")
    main, datasets = neurips.parse_listing(html, url, "NEURIPS", 2023)

    assert main.track is None
    assert main.pdf_url == f"{SITE}/paper_files/paper/2023/file/1feb87871436031bdc0f2beaa62a049b-Paper-Conference.pdf"
    assert datasets.track == "datasets_and_benchmarks"
    assert datasets.pdf_url == (
        f"{SITE}/paper_files/paper/2023/file/91f18a1287b398d378ef22505bf41832-Paper-Datasets_and_Benchmarks.pdf"
    )


def test_2021_datasets_rounds_count_as_the_datasets_and_benchmarks_track():
    url = f"{SITE}/paper_files/paper/2021"
    main, datasets = neurips.parse_listing(fixture("year_2021_datasets_track_rounds.html"), url, "NEURIPS", 2021)

    assert (main.track, datasets.track) == (None, "datasets_and_benchmarks")
    assert datasets.pdf_url.endswith("/file/f2217062e9a397a1dca429e7d70bc6ca-Paper-round1.pdf")


def test_2025_layout_reads_authors_from_their_span_and_the_track_from_data_track():
    url = f"{SITE}/paper_files/paper/2025/vol38-datasets-and-benchmarks-track"
    html = fixture("vol38_datasets_and_benchmarks_track.html")
    benchmark, main = neurips.parse_listing(html, url, "NEURIPS", 2025)

    assert benchmark.title == "A Benchmark for Agents That Browse"
    assert benchmark.authors == ("Katherine Johnson", "Dorothy Vaughan")
    assert benchmark.track == "datasets_and_benchmarks"
    assert benchmark.pdf_url == (
        f"{SITE}/paper_files/paper/2025/file/73368bc7644c054b5bcc6490a8f2fb1c-Paper-Datasets_and_Benchmarks_Track.pdf"
    )
    assert main.track is None


def test_year_page_of_volume_links_holds_no_papers_and_lists_each_volume_once():
    html = fixture("year_2025_volume_links.html")
    url = f"{SITE}/paper_files/paper/2025"

    assert neurips.parse_listing(html, url, "NEURIPS", 2025) == []
    assert neurips.parse_volume_links(html, url) == [
        f"{SITE}/paper_files/paper/2025/vol38-main-conference",
        f"{SITE}/paper_files/paper/2025/vol38-datasets-and-benchmarks-track",
    ]


def test_page_with_neither_papers_nor_volume_links_means_the_structure_changed():
    url = f"{SITE}/paper_files/paper/2017"
    with pytest.raises(StructureChanged) as raised:
        neurips.parse_listing(fixture("maintenance_page_no_papers.html"), url, "NEURIPS", 2017)
    assert (raised.value.source, raised.value.url) == ("neurips", url)


def test_pdf_url_is_none_for_a_link_that_is_no_abstract_page():
    assert neurips.pdf_url(f"{SITE}/paper_files/paper/2019/file/NeurIPS-2019-front-matter.pdf") is None


def test_neurips_is_read_from_2015_and_the_listing_url_follows_the_override(monkeypatch):
    assert neurips.venue_years("NEURIPS", 2017) == [2015, 2016, 2017]
    assert neurips.listing_url(2024) == f"{SITE}/paper_files/paper/2024"
    monkeypatch.setenv("FWTRENDS_NEURIPS_BASE_URL", "http://mirror.example/nips/")
    assert neurips.listing_url(2024) == "http://mirror.example/nips/paper_files/paper/2024"


def test_fetch_reads_a_year_from_its_listing(site, session):
    site.route("/paper_files/paper/2023", fixture("year_2023_conference_and_datasets_tracks.html"))

    papers = neurips.fetch_papers(session, "NEURIPS", 2023)

    assert [p.track for p in papers] == [None, "datasets_and_benchmarks"]
    assert papers[0].pdf_url == site.url(
        "/paper_files/paper/2023/file/1feb87871436031bdc0f2beaa62a049b-Paper-Conference.pdf"
    )


def test_fetch_walks_the_volume_pages_a_2025_year_page_links_to(site, session):
    site.route("/paper_files/paper/2025", fixture("year_2025_volume_links.html"))
    site.route("/paper_files/paper/2025/vol38-main-conference", fixture("vol38_main_conference.html"))
    datasets_volume = "/paper_files/paper/2025/vol38-datasets-and-benchmarks-track"
    site.route(datasets_volume, fixture("vol38_datasets_and_benchmarks_track.html"))

    papers = neurips.fetch_papers(session, "NEURIPS", 2025)

    assert sorted((p.title, p.track) for p in papers) == [
        ("A Benchmark for Agents That Browse", "datasets_and_benchmarks"),
        ("Diffusion Without Noise", None),  # listed in both volumes, kept once
        ("Scaling Laws for Sparse Mixtures", None),
    ]
    assert [path for path in site.paths() if path.startswith("/paper_files")] == [
        "/paper_files/paper/2025",
        "/paper_files/paper/2025/vol38-main-conference",
        "/paper_files/paper/2025/vol38-datasets-and-benchmarks-track",
    ]


def test_fetch_of_a_volume_page_without_papers_raises_structure_changed(site, session):
    site.route("/paper_files/paper/2025", fixture("year_2025_volume_links.html"))
    site.route("/paper_files/paper/2025/vol38-main-conference", fixture("maintenance_page_no_papers.html"))

    with pytest.raises(StructureChanged) as raised:
        neurips.fetch_papers(session, "NEURIPS", 2025)
    assert raised.value.url == site.url("/paper_files/paper/2025/vol38-main-conference")
