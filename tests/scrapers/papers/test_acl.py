from pathlib import Path

import pytest

from scrapers.papers import acl
from scrapers.records import StructureChanged

FIXTURES = Path(__file__).parent / "fixtures" / "acl"
SITE = "https://aclanthology.org"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def site(http_server, monkeypatch):
    monkeypatch.setenv("FWTRENDS_ACL_BASE_URL", http_server.base_url)
    return http_server


def event_volumes(name: str, venue: str, year: int) -> list[acl.Volume]:
    return acl.parse_event(fixture(name), f"{SITE}/events/{venue.lower()}-{year}/", venue, year)


def test_event_page_keeps_long_short_and_findings_volumes_but_not_demos_or_workshops():
    volumes = event_volumes("event_acl-2024_main_findings_and_workshops.html", "acl", 2024)

    assert [(v.volume_id, v.track) for v in volumes] == [
        ("2024.acl-long", None),
        ("2024.acl-short", None),
        ("2024.findings-acl", "findings"),
    ]
    assert volumes[1].title.endswith("(Volume 2: Short Papers)")


def test_old_ids_keep_volume_one_and_the_short_papers_volume_of_their_own_venue_only():
    volumes = event_volumes("event_acl-2018_old_ids_open_pdf_links.html", "ACL", 2018)

    assert [v.volume_id for v in volumes] == ["P18-1", "P18-2"]
    assert not any(v.findings for v in volumes)


def test_a_second_old_volume_that_is_not_short_papers_is_left_out():
    volumes = event_volumes("event_naacl-2019_second_volume_is_industry.html", "NAACL", 2019)

    assert [v.volume_id for v in volumes] == ["N19-1"]


def test_volumes_of_another_venue_or_year_are_not_taken_for_this_one():
    assert event_volumes("event_acl-2018_old_ids_open_pdf_links.html", "EMNLP", 2018) == []
    assert event_volumes("event_acl-2024_main_findings_and_workshops.html", "ACL", 2023) == []


def test_an_event_page_listing_no_volumes_means_the_structure_changed():
    with pytest.raises(StructureChanged, match="no volumes"):
        event_volumes("maintenance_page_no_volumes.html", "ACL", 2024)


def test_volume_papers_skip_front_matter_and_read_title_authors_and_pdf_badge():
    html = fixture("event_acl-2024_main_findings_and_workshops.html")
    long_papers = acl.Volume("2024.acl-long", "Long Papers", findings=False)

    papers = acl.parse_volume(html, f"{SITE}/events/acl-2024/", "acl", 2024, long_papers)

    assert [p.title for p in papers] == [
        "Quantized Side Tuning: Fast and Memory-Efficient Tuning of Quantized Large Language Models",
        "Unsupervised Multimodal Clustering for Semantics Discovery & Beyond",
    ]
    first = papers[0]
    assert (first.venue, first.year, first.source, first.track) == ("ACL", 2024, "acl", None)
    assert first.authors == ("Zhengxin Zhang", "Dan Zhao", "Xupeng Miao")
    assert first.pdf_url == f"{SITE}/2024.acl-long.1.pdf"  # not the supplementary PDF after it
    assert first.landing_url == f"{SITE}/2024.acl-long.1/"
    assert papers[1].authors == ("Hanlei Zhang", "Hua Xu")


def test_findings_papers_carry_the_findings_track():
    html = fixture("event_acl-2024_main_findings_and_workshops.html")
    findings = acl.Volume("2024.findings-acl", "Findings", findings=True)

    papers = acl.parse_volume(html, f"{SITE}/events/acl-2024/", "ACL", 2024, findings)

    assert [p.title for p in papers] == [
        "Controllable Text Generation with Residual Learning",
        "Self-Training for Low-Resource Parsing",
    ]
    assert {p.track for p in papers} == {"findings"}


def test_old_volume_takes_open_pdf_links_and_skips_its_front_matter_numbered_000():
    html = fixture("event_acl-2018_old_ids_open_pdf_links.html")
    volume = acl.Volume("P18-1", "Volume 1: Long Papers", findings=False)

    papers = acl.parse_volume(html, f"{SITE}/events/acl-2018/", "ACL", 2018, volume)

    assert [p.landing_url for p in papers] == [f"{SITE}/P18-1001/", f"{SITE}/P18-1002/"]
    assert papers[0].title == "Probabilistic FastText for Multi-Sense Word Embeddings"
    assert papers[0].authors == ("Ben Athiwaratkun", "Andrew Wilson", "Anima Anandkumar")
    assert papers[0].pdf_url == "https://www.aclweb.org/anthology/P18-1001"


def test_a_volume_page_with_only_front_matter_means_the_structure_changed():
    volume = acl.Volume("2024.findings-emnlp", "Findings", findings=True)
    page_url = f"{SITE}/volumes/2024.findings-emnlp/"

    with pytest.raises(StructureChanged, match="2024.findings-emnlp"):
        acl.parse_volume(fixture("volume_2024.findings-emnlp_front_matter_only.html"), page_url, "EMNLP", 2024, volume)


def test_acl_and_emnlp_run_every_year_and_naacl_only_in_the_years_it_was_held():
    assert acl.venue_years("ACL", 2018) == [2015, 2016, 2017, 2018]
    assert acl.venue_years("emnlp", 2016) == [2015, 2016]
    assert acl.venue_years("NAACL", 2025) == [2015, 2016, 2018, 2019, 2021, 2022, 2024, 2025]
    assert acl.venue_years("NAACL", 2020) == [2015, 2016, 2018, 2019]


def test_urls_follow_the_base_url_override(monkeypatch):
    assert acl.event_url("NAACL", 2019) == f"{SITE}/events/naacl-2019/"
    monkeypatch.setenv("FWTRENDS_ACL_BASE_URL", "http://mirror.example/anthology/")
    assert acl.event_url("ACL", 2024) == "http://mirror.example/anthology/events/acl-2024/"
    assert acl.volume_url("P18-2") == "http://mirror.example/anthology/volumes/P18-2/"


def test_fetch_reads_main_volumes_from_the_event_page_alone(site, session):
    site.route("/events/acl-2024/", fixture("event_acl-2024_main_findings_and_workshops.html"))

    papers = acl.fetch_papers(session, "ACL", 2024)

    assert [p.landing_url for p in papers] == [
        site.url("/2024.acl-long.1/"),
        site.url("/2024.acl-long.2/"),
        site.url("/2024.acl-short.1/"),
    ]
    assert [path for path in site.paths() if path != "/robots.txt"] == ["/events/acl-2024/"]


def test_fetch_reads_a_volume_the_event_page_does_not_embed_from_its_own_page(site, session):
    site.route("/events/emnlp-2024/", fixture("event_emnlp-2024_volumes_without_papers.html"))
    site.route("/volumes/2024.emnlp-main/", fixture("volume_2024.emnlp-main.html"))

    papers = acl.fetch_papers(session, "EMNLP", 2024)

    assert [p.title for p in papers] == [
        "UniGen: Universal Domain Generalization for Sentiment Classification",
        "Multi-News+: Cost-efficient Dataset Cleansing via LLM-based Data Annotation",
    ]
    assert papers[0].authors == ("Yoon Kyung Lee", "Jungyoun Kim")
    assert "/volumes/2024.findings-emnlp/" not in site.paths()


def test_fetch_of_an_event_without_a_main_volume_raises_structure_changed(site, session):
    site.route("/events/emnlp-2018/", fixture("event_acl-2018_old_ids_open_pdf_links.html"))

    with pytest.raises(StructureChanged, match="no EMNLP 2018 main-conference volume"):
        acl.fetch_papers(session, "EMNLP", 2018)


def test_fetch_of_a_volume_page_without_papers_raises_structure_changed(site, session):
    site.route("/events/emnlp-2024/", fixture("event_emnlp-2024_volumes_without_papers.html"))
    site.route("/volumes/2024.emnlp-main/", fixture("volume_2024.findings-emnlp_front_matter_only.html"))

    with pytest.raises(StructureChanged) as raised:
        acl.fetch_papers(session, "EMNLP", 2024)
    assert raised.value.url == site.url("/volumes/2024.emnlp-main/")
