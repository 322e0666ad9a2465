from pathlib import Path

import pytest

from scrapers.papers import cvf
from scrapers.records import StructureChanged

FIXTURES = Path(__file__).parent / "fixtures" / "cvf"
SITE = "https://openaccess.thecvf.com"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def site(http_server, monkeypatch):
    monkeypatch.setenv("FWTRENDS_CVF_BASE_URL", http_server.base_url)
    return http_server


def test_day_all_page_gives_each_paper_with_authors_and_absolute_links():
    papers = cvf.parse_listing(fixture("cvpr2024_day_all.html"), f"{SITE}/CVPR2024?day=all", "cvpr", 2024)

    assert [p.title for p in papers] == [
        "Depth Anything: Unleashing the Power of Large-Scale Unlabeled Data",
        'Scenes & Objects: Learning "What" and <Where>',
        "Sparse Views, Dense Geometry",
    ]
    first = papers[0]
    assert (first.venue, first.year, first.source) == ("CVPR", 2024, "cvf")
    assert first.authors == ("Lihe Yang", "Bingyi Kang", "Zilong Huang")
    assert first.landing_url == f"{SITE}/content/CVPR2024/html/Zhang_Depth_Anything_Unleashing_the_Power_CVPR_2024_paper.html"
    assert first.pdf_url == f"{SITE}/content/CVPR2024/papers/Zhang_Depth_Anything_Unleashing_the_Power_CVPR_2024_paper.pdf"


def test_entities_are_unescaped_and_whitespace_squashed_in_author_names():
    papers = cvf.parse_listing(fixture("cvpr2024_day_all.html"), f"{SITE}/CVPR2024?day=all", "CVPR", 2024)

    assert papers[1].authors == ("José Müller", "Ana Silva")


def test_paper_without_pdf_link_keeps_no_pdf_url_rather_than_its_supplement():
    papers = cvf.parse_listing(fixture("cvpr2024_day_all.html"), f"{SITE}/CVPR2024?day=all", "CVPR", 2024)

    assert papers[2].pdf_url is None
    assert papers[2].authors == ("Chioma Okafor",)


def test_2013_page_names_authors_in_query_inputs_and_links_relative_to_the_page():
    [paper] = cvf.parse_listing(fixture("cvpr2013_query_inputs.html"), f"{SITE}/CVPR2013.py", "CVPR", 2013)

    assert paper.authors == ("Jaechul Kim", "Ce Liu", "Fei Sha", "Kristen Grauman")
    assert paper.pdf_url == f"{SITE}/content_cvpr_2013/papers/Kim_Deformable_Spatial_Pyramid_2013_CVPR_paper.pdf"
    assert paper.landing_url == f"{SITE}/content_cvpr_2013/html/Kim_Deformable_Spatial_Pyramid_2013_CVPR_paper.html"


def test_page_with_plain_author_links_takes_the_link_texts_as_names():
    [paper] = cvf.parse_listing(fixture("iccv2013_plain_author_links.html"), f"{SITE}/ICCV2013.py", "ICCV", 2013)

    assert paper.title == "A Genetic Algorithm–Based Solver for Very Large Jigsaw Puzzles"
    assert paper.authors == ("Dror Sholomon", "Omid David", "Nathan S. Netanyahu")
    assert paper.pdf_url == f"{SITE}/content_iccv_2013/papers/Sholomon_Genetic_Jigsaw_2013_ICCV_paper.pdf"


def test_page_of_day_links_holds_no_papers_and_lists_each_day_once_without_the_all_view():
    html = fixture("cvpr2019_only_day_links.html")
    page_url = f"{SITE}/CVPR2019.py?day=all"

    assert cvf.parse_listing(html, page_url, "CVPR", 2019) == []
    assert cvf.parse_day_links(html, page_url) == [
        f"{SITE}/CVPR2019.py?day=2019-06-18",
        f"{SITE}/CVPR2019.py?day=2019-06-19",
    ]


def test_page_with_neither_papers_nor_day_links_means_the_structure_changed():
    with pytest.raises(StructureChanged) as raised:
        cvf.parse_listing(fixture("maintenance_page_no_papers.html"), f"{SITE}/CVPR2017.py", "CVPR", 2017)
    assert raised.value.url == f"{SITE}/CVPR2017.py"


def test_cvpr_has_every_year_from_2013_and_iccv_the_odd_ones():
    assert cvf.venue_years("CVPR", 2016) == [2013, 2014, 2015, 2016]
    assert cvf.venue_years("iccv", 2024) == [2013, 2015, 2017, 2019, 2021, 2023]
    assert set(cvf.VENUES) <= set(cvf.FIRST_YEAR)


def test_eccv_has_only_2018_here_as_later_years_moved_to_ecva():
    assert "ECCV" in cvf.VENUES
    assert cvf.venue_years("ECCV", 2026) == [2018]
    assert cvf.venue_years("eccv", 2018) == [2018]
    assert cvf.venue_years("ECCV", 2017) == []


def test_eccv_2018_page_gives_papers_with_query_input_authors():
    page_url = f"{SITE}/ECCV2018.py"
    papers = cvf.parse_listing(fixture("eccv2018_one_page.html"), page_url, "eccv", 2018)

    assert [p.title for p in papers] == ["Group Normalization", "CBAM: Convolutional Block Attention Module"]
    first = papers[0]
    assert (first.venue, first.year, first.source, first.track) == ("ECCV", 2018, "cvf", None)
    assert first.authors == ("Yuxin Wu", "Kaiming He")
    assert first.pdf_url == f"{SITE}/content_ECCV_2018/papers/Yuxin_Wu_Group_Normalization_ECCV_2018_paper.pdf"
    assert first.landing_url == f"{SITE}/content_ECCV_2018/html/Yuxin_Wu_Group_Normalization_ECCV_2018_paper.html"


def test_listing_url_follows_the_site_era_and_the_base_url_override(monkeypatch):
    assert cvf.listing_url("CVPR", 2024) == f"{SITE}/CVPR2024?day=all"
    assert cvf.listing_url("ICCV", 2019) == f"{SITE}/ICCV2019.py?day=all"
    assert cvf.listing_url("CVPR", 2014) == f"{SITE}/CVPR2014.py"
    assert cvf.listing_url("ECCV", 2018) == f"{SITE}/ECCV2018.py"
    monkeypatch.setenv("FWTRENDS_CVF_BASE_URL", "http://mirror.example/cvf/")
    assert cvf.listing_url("CVPR", 2024) == "http://mirror.example/cvf/CVPR2024?day=all"


def test_fetch_reads_a_recent_year_from_its_all_days_page(site, session):
    site.route("/CVPR2024?day=all", fixture("cvpr2024_day_all.html"), headers={"Content-Type": "text/html"})

    papers = cvf.fetch_papers(session, "cvpr", 2024)

    assert len(papers) == 3
    assert papers[0].pdf_url == site.url("/content/CVPR2024/papers/Zhang_Depth_Anything_Unleashing_the_Power_CVPR_2024_paper.pdf")
    assert "/CVPR2024?day=all" in site.paths()


def test_fetch_walks_the_day_pages_when_the_year_page_only_links_to_them(site, session):
    site.route("/CVPR2019.py?day=all", fixture("cvpr2019_only_day_links.html"))
    site.route("/CVPR2019.py?day=2019-06-18", fixture("cvpr2019_day_2019-06-18.html"))
    site.route("/CVPR2019.py?day=2019-06-19", fixture("cvpr2019_day_2019-06-19.html"))

    papers = cvf.fetch_papers(session, "CVPR", 2019)

    assert sorted(p.title for p in papers) == [
        "DeepSDF: Learning Continuous Signed Distance Functions for Shape Representation",
        "Panoptic Segmentation",  # listed on both days, kept once
    ]
    assert all(p.pdf_url.startswith(site.url("/content_CVPR_2019/papers/")) for p in papers)
    assert {p.authors for p in papers} == {("Jeong Joon Park",), ("Alexander Kirillov", "Kaiming He")}
    listing_paths = [path for path in site.paths() if path.startswith("/CVPR2019")]
    assert listing_paths == [
        "/CVPR2019.py?day=all",
        "/CVPR2019.py?day=2019-06-18",
        "/CVPR2019.py?day=2019-06-19",
    ]


def test_fetch_reads_eccv_2018_from_its_one_page_without_a_day_view(site, session):
    site.route("/ECCV2018.py", fixture("eccv2018_one_page.html"))

    papers = cvf.fetch_papers(session, "ECCV", 2018)

    assert [p.authors[0] for p in papers] == ["Yuxin Wu", "Sanghyun Woo"]
    assert papers[1].pdf_url == site.url(
        "/content_ECCV_2018/papers/Sanghyun_Woo_Convolutional_Block_Attention_ECCV_2018_paper.pdf"
    )
    assert [path for path in site.paths() if path.startswith("/ECCV")] == ["/ECCV2018.py"]


def test_fetch_reads_an_early_year_from_its_py_page(site, session):
    site.route("/CVPR2013.py", fixture("cvpr2013_query_inputs.html"))

    [paper] = cvf.fetch_papers(session, "CVPR", 2013)

    assert paper.authors[0] == "Jaechul Kim"


def test_fetch_of_a_page_without_papers_raises_structure_changed(site, session):
    site.route("/ICCV2017.py", fixture("maintenance_page_no_papers.html"))

    with pytest.raises(StructureChanged):
        cvf.fetch_papers(session, "ICCV", 2017)
