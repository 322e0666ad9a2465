"""Paper loads: the live site's row over the study's, texts read never asked for again, mentions replaced."""
from datetime import datetime, timezone

import pytest

from scrapers.records import Paper, distinct_papers
from scrapers.text import mentions
from warehouse import db
from warehouse.load.papers import (
    listed_papers,
    load_mentions,
    load_papers,
    load_profiles,
    load_texts,
    mean_pdf_bytes,
    papers_read,
    stored_texts,
)

NOW = datetime(2026, 11, 1, tzinfo=timezone.utc)


@pytest.fixture
def con(tmp_path):
    connection = db.connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def paper(title: str, source: str = "cvf", pdf_url: str | None = None) -> Paper:
    return Paper("CVPR", 2019, title, ("Ada",), pdf_url, None, source)


def text_row(paper_id: str, status: str = "ok", **columns) -> dict:
    return {"paper_id": paper_id, "status": status, "extracted_at": NOW, **columns}


def test_the_study_list_only_adds_papers_no_live_site_gave_and_every_listing_is_a_provenance(con):
    load_papers(con, [paper("Graphs", pdf_url="https://live/graphs.pdf")], NOW)
    load_papers(con, [paper("Graphs", "gradient", "http://old/graphs.pdf"), paper("Trees", "gradient")], NOW)

    assert sorted(con.execute("SELECT title, source, pdf_url FROM papers").fetchall()) == [
        ("Graphs", "cvf", "https://live/graphs.pdf"), ("Trees", "gradient", None)]
    assert con.execute("SELECT count(*) FROM paper_sources").fetchone() == (3,)
    assert {url for _, url in listed_papers(con, "CVPR", 2019)} == {None, "https://live/graphs.pdf"}


def emnlp_twins(source: str, link: str) -> list[Paper]:
    title = "Self-Governing Neural Networks for On-Device Short Text Classification"
    return distinct_papers(Paper("EMNLP", 2018, title, ("Sujith Ravi",), link.format(key), None, source)
                           for key in ("D18-1092", "D18-1105"))


def test_two_papers_with_one_title_stay_two_and_match_the_study_listing_them_by_key(con):
    load_papers(con, emnlp_twins("acl", "https://aclanthology.org/{}.pdf"), NOW)
    load_papers(con, emnlp_twins("gradient", "http://aclweb.org/anthology/{}.pdf"), NOW)

    assert sorted(con.execute("SELECT pdf_url, source FROM papers").fetchall()) == [
        ("https://aclanthology.org/D18-1092.pdf", "acl"), ("https://aclanthology.org/D18-1105.pdf", "acl")]
    assert con.execute("SELECT count(DISTINCT paper_id), count(*) FROM paper_sources").fetchone() == (2, 4)


def test_a_warehouse_holding_one_twin_under_the_title_id_keeps_its_text_under_the_twin_id(con):
    twins = emnlp_twins("acl", "https://aclanthology.org/{}.pdf")
    old = Paper("EMNLP", 2018, twins[1].title, (), twins[1].pdf_url, None, "acl")  # as loaded before keys
    load_papers(con, [old], NOW)
    load_texts(con, [text_row(old.paper_id, sha256="abc")], [])

    load_papers(con, twins, NOW)

    assert sorted(con.execute("SELECT paper_id FROM papers").fetchall()) == sorted((p.paper_id,) for p in twins)
    assert stored_texts(con) == [(twins[1].paper_id, "abc")]


def test_papers_read_are_those_with_an_ok_text_and_their_size_makes_the_mean(con):
    graphs, trees = paper("Graphs"), paper("Trees")
    load_papers(con, [graphs, trees], NOW)
    load_texts(con, [text_row(graphs.paper_id, sha256="ab", bytes=1000), text_row(trees.paper_id, "failed")], [])

    assert papers_read(con, "CVPR", 2019) == {graphs.paper_id}
    assert papers_read(con, "CVPR", 2020) == set()
    assert stored_texts(con) == [(graphs.paper_id, "ab")]
    assert mean_pdf_bytes(con) == 1000


def test_a_paper_read_again_loses_the_mentions_it_no_longer_has(con):
    found = {"paper_id": "p1", "profile": "modern", "framework": "pytorch", "hits": 2, "references_hits": 0}
    load_texts(con, [text_row("p1")], [found])
    load_texts(con, [text_row("p1")], [])
    load_mentions(con, ["p2"], [{**found, "paper_id": "p2"}], ("modern",))

    assert con.execute("SELECT paper_id, framework FROM paper_mentions").fetchall() == [("p2", "pytorch")]


def test_every_profile_of_the_taxonomy_is_described(con):
    load_profiles(con)
    load_profiles(con)

    assert [p for (p,) in con.execute("SELECT profile FROM profiles ORDER BY profile").fetchall()] == sorted(
        mentions.PROFILES)
