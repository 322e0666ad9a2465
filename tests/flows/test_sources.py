"""`fwtrends sources check` against a local stand-in for the sites: ok, a page whose shape changed, a host down."""
from pathlib import Path

import pytest
from reference import GRADIENT_2019

from flows import settings
from flows.cli import main
from flows.sources import check_source, probed_sources
from scrapers.papers import cvf
from warehouse import db

CVF_FIXTURES = Path(__file__).parents[1] / "scrapers" / "papers" / "fixtures" / "cvf"


def cvf_listing(papers: int) -> bytes:
    entries = "".join(
        f'<dt class="ptitle"><a href="/content_CVPR_2019/html/P{i}_CVPR_2019_paper.html">Paper {i}</a></dt>'
        f'<dd><a>Ada {i}</a></dd><dd><a href="/content_CVPR_2019/papers/P{i}_CVPR_2019_paper.pdf">pdf</a></dd>'
        for i in range(papers)
    )
    return f"<html><body><dl>{entries}</dl></body></html>".encode()


@pytest.fixture
def cvf_site(http_server, monkeypatch):
    monkeypatch.setenv("FWTRENDS_CVF_BASE_URL", http_server.base_url)
    return http_server


def test_a_full_listing_is_ok_and_a_short_one_changed(cvf_site, session):
    cvf_site.route("/CVPR2019.py", cvf_listing(501))
    assert check_source(session, "papers", cvf) | {"checked_at": None} == {
        "source": "cvf", "kind": "papers", "status": "ok", "url": cvf.listing_url("CVPR", 2019), "items": 501,
        "detail": None, "checked_at": None}


def test_a_page_that_changed_shape_or_a_host_down_is_said_so(cvf_site, session):
    cvf_site.route("/CVPR2019.py", (CVF_FIXTURES / "maintenance_page_no_papers.html").read_bytes())
    changed = check_source(session, "papers", cvf)
    assert (changed["status"], changed["url"]) == ("changed", cvf.listing_url("CVPR", 2019))

    cvf_site.route("/CVPR2019.py", b"down", status=503)
    assert check_source(session, "papers", cvf)["status"] == "unreachable"


@pytest.mark.usefixtures("prefect_api", "fwtrends_home")
def test_the_command_prints_a_line_per_source_stores_them_and_fails_on_a_change(cvf_site, monkeypatch, capsys):
    for _, source in probed_sources():  # the others: a closed port on another loopback host, refused
        monkeypatch.setenv(f"FWTRENDS_{source.SOURCE.upper()}_BASE_URL", "http://127.0.0.2:9")
    monkeypatch.setenv("FWTRENDS_CVF_BASE_URL", cvf_site.base_url)
    monkeypatch.setenv("FWTRENDS_GRADIENT_BASE_URL", cvf_site.base_url)
    cvf_site.route("/CVPR2019.py", cvf_listing(12))
    cvf_site.route("/data.csv", (GRADIENT_2019 / "data.csv").read_bytes())

    assert main(["sources", "check"]) == 1

    out = capsys.readouterr().out
    assert "12 items, expected at least 500" in out and cvf.listing_url("CVPR", 2019) in out
    con = db.connect(settings.db_path())
    assert con.execute("SELECT source, status FROM source_health WHERE status <> 'unreachable' ORDER BY source"
                       ).fetchall() == [("cvf", "changed"), ("gradient", "ok")]
    assert con.execute("SELECT count(*) FROM source_health").fetchone() == (len(probed_sources()),)
    con.close()


def test_every_registered_source_has_a_probe():
    assert [source.SOURCE for _, source in probed_sources()] == [
        "cvf", "ecva", "acl", "neurips", "pmlr", "openreview", "gradient", "hn", "greenhouse", "lever", "ashby",
        "stackoverflow", "devto", "pypistats", "github"]
    assert all(callable(source.probe) for _, source in probed_sources())
