from collections import Counter
from pathlib import Path

import pytest
from reference import GRADIENT_2019

from scrapers.papers import gradient
from scrapers.records import StructureChanged, make_paper_id

FIXTURES = Path(__file__).parent / "fixtures" / "gradient"
RAW = "https://raw.githubusercontent.com/Chillee/pytorch-vs-tensorflow/master/data_analysis"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse(name: str, venue: str, year: int):
    return gradient.parse_papers(fixture(name), f"{RAW}/data/{name}", venue, year)


@pytest.fixture
def site(http_server, monkeypatch):
    monkeypatch.setenv("FWTRENDS_GRADIENT_BASE_URL", http_server.base_url)
    return http_server


def test_published_rows_name_venues_as_the_project_does_and_date_them_by_month():
    shares = gradient.parse_published(fixture("data_three_rows.csv"), f"{RAW}/data.csv")

    assert shares == [
        gradient.PublishedShare("CVPR", 2019, 6, pytorch_only=294, tensorflow_only=148, papers=1294),
        gradient.PublishedShare("NEURIPS", 2019, 12, pytorch_only=182, tensorflow_only=104, papers=1427),
        gradient.PublishedShare("ICLR", 2020, 5, pytorch_only=169, tensorflow_only=95, papers=687),
    ]


def test_a_published_file_of_another_shape_means_the_structure_changed():
    with pytest.raises(StructureChanged, match="unexpected row"):
        gradient.parse_published(fixture("data_with_a_header_row.csv"), f"{RAW}/data.csv")


def test_string_year_spaced_authors_and_escaped_titles_are_cleaned():
    papers = parse("cvpr_2019_string_year_spaced_authors_escaped_title.json", "cvpr", 2019)

    first, second = papers
    assert (first.venue, first.year, first.source, first.landing_url) == ("CVPR", 2019, "gradient", None)
    assert first.authors == ("Hongyang Li", "David Eigen", "Samuel Dodge", "Matthew Zeiler", "Xiaogang Wang")
    assert first.pdf_url.startswith("http://openaccess.thecvf.com/content_CVPR_2019/papers/Li_Finding_")
    assert second.title == "Curls & Whey: Boosting Black-Box Adversarial Attacks"
    # The same paper listed by CVF gets the same id, so the study's papers meet the scraped ones.
    assert second.paper_id == make_paper_id("CVPR", 2019, "Curls & Whey: Boosting Black-Box Adversarial Attacks")


def test_percent_encoded_pdf_links_are_decoded_and_a_number_year_is_read():
    papers = parse("iclr_2020_number_year_encoded_pdf_links.json", "ICLR", 2020)

    assert [p.pdf_url for p in papers] == [
        "https://openreview.net/pdf?id=Syx4wnEtvH",
        "https://openreview.net/pdf?id=rkgNKkHtvB",
    ]
    assert [p.year for p in papers] == [2020, 2020]
    assert papers[1].authors == ()


def test_a_title_listed_first_among_the_authors_is_not_an_author():
    papers = parse("emnlp_2019_title_listed_first_among_authors.json", "EMNLP", 2019)

    assert papers[0].authors == ("Carolin Lawrence", "Bhushan Kotnis", "Mathias Niepert")
    assert papers[1].authors == ("Ethan Perez", "Siddharth Karamcheti", "Rob Fergus")
    assert papers[0].pdf_url == "https://www.aclweb.org/anthology/D19-1001.pdf"


def test_entities_before_author_names_are_dropped():
    [paper] = parse("icml_2021_nbsp_before_authors.json", "ICML", 2021)

    assert paper.authors == ("Majid Abdolshah", "Hung Le", "Thommen Karimpanal George")
    assert paper.pdf_url == "https://proceedings.mlr.press/v139/abdolshah21a/abdolshah21a.pdf"


def test_anthology_links_without_a_suffix_point_at_the_pdf_they_served_in_2019():
    papers = parse("acl_2017_anthology_links_without_pdf_suffix.json", "ACL", 2017)

    assert [p.pdf_url for p in papers] == [
        "https://www.aclweb.org/anthology/P17-1001.pdf",
        "https://www.aclweb.org/anthology/P17-2103v2.pdf",
    ]


def test_a_list_holding_a_paper_of_another_year_means_the_structure_changed():
    with pytest.raises(StructureChanged, match="nips 2018 in the list of NEURIPS 2019"):
        parse("nips_2019_list_holding_a_2018_paper.json", "NEURIPS", 2019)


def test_an_empty_list_means_the_structure_changed_not_zero_papers():
    with pytest.raises(StructureChanged, match="no papers"):
        parse("empty_list.json", "ACL", 2018)


def test_the_study_listed_39_conference_years_and_publishes_nine_venues():
    assert sum(len(years) for years in gradient.STUDY_YEARS.values()) == 39
    assert set(gradient.VENUES) == set(gradient.STUDY_YEARS) - {"AISTATS", "COLT"}
    assert gradient.venue_years("NEURIPS", 2019) == [2015, 2016, 2017, 2018, 2019]
    assert gradient.venue_years("iccv", 2030) == [2017, 2019]
    assert gradient.venue_years("ECCV", 2017) == []


def test_urls_use_the_study_file_keys_and_the_base_url_override(monkeypatch):
    assert gradient.papers_url("NEURIPS", 2018) == f"{RAW}/data/nips_2018.json"
    assert gradient.papers_url("colt", 2017) == f"{RAW}/data/colt_2017.json"
    monkeypatch.setenv("FWTRENDS_GRADIENT_BASE_URL", "http://mirror.example/study/")
    assert gradient.published_url() == "http://mirror.example/study/data.csv"


def test_fetch_papers_reads_the_list_of_the_venue_year(site, session):
    site.route("/data/iclr_2020.json", fixture("iclr_2020_number_year_encoded_pdf_links.json"))

    papers = gradient.fetch_papers(session, "ICLR", 2020)

    assert [p.title for p in papers] == [
        "Large Batch Optimization for Deep Learning: Training BERT in 76 minutes",
        "Reformer: The Efficient Transformer",
    ]
    assert "/data/iclr_2020.json" in site.paths()


def test_fetch_published_reads_data_csv(site, session):
    site.route("/data.csv", fixture("data_three_rows.csv"), headers={"Content-Type": "text/plain"})

    shares = gradient.fetch_published(session)

    assert [(s.venue, s.year, s.papers) for s in shares] == [
        ("CVPR", 2019, 1294), ("NEURIPS", 2019, 1427), ("ICLR", 2020, 687),
    ]


needs_reference = pytest.mark.skipif(not GRADIENT_2019.is_dir(), reason=f"reference data not at {GRADIENT_2019}")


@pytest.fixture(scope="module")
def study_lists():
    lists = {}
    for venue, years in gradient.STUDY_YEARS.items():
        for year in years:
            path = GRADIENT_2019 / f"{gradient.STUDY_KEYS[venue]}_{year}.json"
            lists[venue, year] = gradient.parse_papers(path.read_bytes(), str(path), venue, year)
    return lists


@needs_reference
def test_the_table_of_conference_years_is_exactly_the_reference_files():
    files = {path.stem for path in GRADIENT_2019.glob("*.json")}
    table = {f"{gradient.STUDY_KEYS[venue]}_{year}" for venue, years in gradient.STUDY_YEARS.items() for year in years}
    assert files == table


@needs_reference
def test_every_reference_list_holds_the_papers_data_csv_counted(study_lists):
    published = gradient.parse_published((GRADIENT_2019 / "data.csv").read_bytes(), "data.csv")

    assert len(published) == 35
    assert {(s.venue, s.year): len(study_lists[s.venue, s.year]) for s in published} == {
        (s.venue, s.year): s.papers for s in published
    }
    assert len(study_lists[("CVPR", 2019)]) == 1294
    unpublished = set(study_lists) - {(s.venue, s.year) for s in published}
    assert unpublished == {("AISTATS", 2018), ("AISTATS", 2019), ("COLT", 2017), ("COLT", 2018)}
    assert sum(map(len, study_lists.values())) == 32_264


@needs_reference
def test_every_listed_paper_keeps_an_id_of_its_own(study_lists):
    assert {key: len({p.paper_id for p in papers}) for key, papers in study_lists.items()} == {
        key: len(papers) for key, papers in study_lists.items()
    }


@needs_reference
def test_emnlp_2018_lists_two_papers_under_one_title_told_apart_by_their_anthology_ids(study_lists):
    papers = study_lists[("EMNLP", 2018)]
    titles = Counter(p.title for p in papers)
    title, count = titles.most_common(1)[0]
    twins = [p for p in papers if p.title == title]

    assert (title, count) == ("Self-Governing Neural Networks for On-Device Short Text Classification", 2)
    assert len(papers) == 549
    assert sorted(p.key for p in twins) == ["D18-1092", "D18-1105"]
    assert all(p.shares_title for p in twins) and len({p.paper_id for p in twins}) == 2
    assert sum(p.shares_title for p in papers) == 2
    assert [p.paper_id for p in twins] == [make_paper_id("EMNLP", 2018, title, p.key) for p in twins]


@needs_reference
def test_every_reference_paper_has_a_decoded_pdf_link_and_no_title_among_its_authors(study_lists):
    papers = [p for papers in study_lists.values() for p in papers]

    assert all(p.pdf_url and p.pdf_url.startswith(("http://", "https://")) for p in papers)
    assert not any(p.title in p.authors for p in papers)
    assert not any(name != name.strip() or "&nbsp;" in name for p in papers for name in p.authors)
