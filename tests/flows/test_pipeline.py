"""The flows end to end against a local server standing in for CVF and the HN Algolia API."""
import html
import json
import socket
import time
from collections import Counter
from datetime import date, timedelta

import pytest
from pdfs import HTML_POSING_AS_PDF, pdf_with_pages, truncated

from flows.jobs import jobs_flow
from flows.papers import listings_plan, papers_flow, reclassify_flow
from flows.pipeline import run_profile
from flows.report import report_flow
from scrapers.papers import gradient
from warehouse import db

pytestmark = pytest.mark.usefixtures("prefect_api")

HOSTILE_TITLE = 'Attention <script>alert(1)</script> & "Quotes"'
PAPERS = {  # slug: (title, PDF body)
    "torch": (HOSTILE_TITLE, pdf_with_pages("Method", "We implement our model in PyTorch and torchvision.")),
    "tf": ("Graphs at Scale", pdf_with_pages("Our code uses TensorFlow 1.13 and Keras.")),
    "both": ("Two Frameworks", pdf_with_pages("Baselines in TensorFlow; ours in PyTorch.")),
    "none": ("Plain Maths", pdf_with_pages("A theorem about convex functions.")),
    "captcha": ("Behind a Captcha", HTML_POSING_AS_PDF),
    "cut": ("Cut Short", truncated(pdf_with_pages("We use PyTorch.", "More pages."))),
}
POSTINGS = {
    101: "Acme Robotics | ML Engineer | Berlin | ONSITE<p>We train perception models in PyTorch.",
    102: "Globex | Data Scientist | Remote<p>TensorFlow and Keras in production; Terraform for infra (TF).",
    103: "Initech | Backend Engineer | JAX (Jacksonville) | ONSITE<p>Go and Postgres.",
}


def cvf_listing() -> str:
    entries = "".join(
        f'<dt class="ptitle"><br><a href="/content_CVPR_2019/html/{slug}_CVPR_2019_paper.html">{html.escape(title)}</a></dt>'
        f'<dd><form class="authsearch"><input type="hidden" name="query" value="Ada {slug}"></form></dd>'
        f'<dd>[<a href="/content_CVPR_2019/papers/{slug}_CVPR_2019_paper.pdf">pdf</a>]</dd>'
        for slug, (title, _) in PAPERS.items()
    )
    return f"<html><body><div id='content'><dl>{entries}</dl></div></body></html>"


def hn_thread(thread_id: int, month: str) -> dict:
    children = [
        {"id": pid, "parent_id": thread_id, "author": "someone", "created_at": f"{month}-02T10:00:00.000Z",
         "text": text, "children": [{"id": pid * 10, "parent_id": pid, "text": "reply mentioning PyTorch", "children": []}]}
        for pid, text in POSTINGS.items()
    ] + [{"id": 999, "parent_id": thread_id, "author": None, "text": None, "children": []}]  # deleted
    return {"id": thread_id, "title": "Ask HN: Who is hiring? (January 2024)", "created_at": f"{month}-01T15:00:00.000Z",
            "children": children}


@pytest.fixture
def site(http_server, fwtrends_home, monkeypatch):
    server = http_server
    server.route("/robots.txt", "User-agent: *\nAllow: /\n")
    server.route("/CVPR2019.py", cvf_listing(), headers={"Content-Type": "text/html; charset=utf-8"})
    for slug, (_, body) in PAPERS.items():
        server.route(f"/content_CVPR_2019/papers/{slug}_CVPR_2019_paper.pdf", body,
                     headers={"Content-Type": "application/pdf"})
    stories = {"hits": [{"objectID": "5000", "title": "Ask HN: Who is hiring? (January 2024)", "author": "whoishiring",
                         "created_at": "2024-01-01T15:00:00.000Z", "num_comments": 4},
                        {"objectID": "5001", "title": "Ask HN: Who wants to be hired? (January 2024)",
                         "author": "whoishiring", "created_at": "2024-01-01T15:00:00.000Z", "num_comments": 9}],
               "nbPages": 1}
    server.route("/api/v1/search_by_date", json.dumps(stories))
    server.route("/api/v1/search", json.dumps({"hits": [], "nbPages": 0}))
    server.route("/api/v1/items/5000", json.dumps(hn_thread(5000, "2024-01")))
    for source in ("CVF", "HN"):
        monkeypatch.setenv(f"FWTRENDS_{source}_BASE_URL", server.url(""))
        monkeypatch.setenv(f"FWTRENDS_{source}_RATE", "1000")
    return server


def run_all():
    papers = papers_flow(["CVPR"], [2019])
    jobs = jobs_flow(["hn"], since=date(2024, 1, 1), until=date(2024, 1, 1))
    return papers, jobs, report_flow()


def table(con, sql):
    return con.execute(sql).fetchall()


def test_pipeline_fills_the_warehouse_records_failures_and_builds_the_report(site, fwtrends_home):
    papers, jobs, report = run_all()

    by_source = {r.source: r for r in papers + jobs}
    assert (by_source["cvf"].status, by_source["cvf"].fetched) == ("ok", 6)
    assert (by_source["pdfs"].fetched, by_source["pdfs"].failed) == (4, 2)
    assert (by_source["hn"].status, by_source["hn"].fetched) == ("ok", 3)

    con = db.connect(fwtrends_home / "fwtrends.duckdb", read_only=True)
    titles = dict(table(con, "SELECT split_part(pdf_url, '/', -1), title FROM papers"))
    assert titles["torch_CVPR_2019_paper.pdf"] == HOSTILE_TITLE
    texts = dict(table(con, "SELECT split_part(url, '/', -1), status || ': ' || coalesce(error, '') FROM paper_texts"))
    assert texts["captcha_CVPR_2019_paper.pdf"].startswith("failed:") and "HTML page" in texts["captcha_CVPR_2019_paper.pdf"]
    assert texts["cut_CVPR_2019_paper.pdf"].startswith("failed:") and "truncated" in texts["cut_CVPR_2019_paper.pdf"]
    mentioned = table(con, """
        SELECT split_part(p.pdf_url, '/', -1), list(m.framework ORDER BY m.framework)
        FROM paper_mentions m JOIN papers p USING (paper_id) WHERE m.profile = 'gradient2019' GROUP BY ALL""")
    assert dict(mentioned) == {
        "torch_CVPR_2019_paper.pdf": ["pytorch"],
        "tf_CVPR_2019_paper.pdf": ["tensorflow"],
        "both_CVPR_2019_paper.pdf": ["pytorch", "tensorflow"],
    }
    share = table(con, """SELECT papers, texts_ok, pytorch_only, tensorflow_only, "both", share_pytorch
                          FROM paper_framework_share WHERE profile = 'gradient2019'""")
    assert share == [(6, 4, 1, 1, 1, 0.5)]
    failures = table(con, "SELECT source, url FROM failures ORDER BY url")
    assert [url.rsplit("/", 1)[-1] for _, url in failures] == ["captcha_CVPR_2019_paper.pdf", "cut_CVPR_2019_paper.pdf"]

    posts = table(con, "SELECT post_id, company, title, location FROM job_posts ORDER BY post_id")
    assert posts[0] == ("hn:101", "Acme Robotics", "ML Engineer", "Berlin")
    assert len(posts) == 3  # top-level postings only: no replies, no deleted item
    jobs_share = table(con, "SELECT posts, pytorch, tensorflow, keras, jax FROM job_framework_share")
    assert jobs_share == [(3, 1, 1, 1, 0)]  # TF alone is Terraform; JAX in a location is the airport
    assert {flow for (flow,) in table(con, "SELECT flow FROM runs")} == {"papers", "jobs"}
    con.close()

    page = report.read_text()
    assert "<script>alert(1)</script>" not in page
    assert '"share_pytorch"' in page or "share_pytorch" in page


def test_running_twice_leaves_the_same_rows_and_retries_only_failures(site, fwtrends_home):
    run_all()
    con = db.connect(fwtrends_home / "fwtrends.duckdb", read_only=True)
    query = ("SELECT (SELECT count(*) FROM papers), (SELECT count(*) FROM paper_texts), "
             "(SELECT count(*) FROM paper_mentions), (SELECT count(*) FROM job_posts), (SELECT count(*) FROM job_mentions)")
    first = table(con, query)
    con.close()
    asked = len(site.requests)
    run_all()
    con = db.connect(fwtrends_home / "fwtrends.duckdb", read_only=True)
    assert table(con, query) == first
    con.close()
    again = [r.path.rsplit("/", 1)[-1] for r in site.requests[asked:]]
    # Listings and threads replay from the cache; texts already read are not fetched again.
    assert sorted(again) == ["captcha_CVPR_2019_paper.pdf", "cut_CVPR_2019_paper.pdf"]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_source_is_named_and_does_not_stop_the_others(site, fwtrends_home, monkeypatch):
    monkeypatch.setenv("FWTRENDS_HN_BASE_URL", f"http://127.0.0.1:{closed_port()}")
    started = time.monotonic()
    papers, jobs, report = run_all()
    assert time.monotonic() - started < 60
    assert jobs[0].status == "failed" and "cannot reach host" in jobs[0].reason
    assert any(r.source == "cvf" and r.status == "ok" for r in papers)
    assert report.exists()


def test_reclassify_counts_again_from_stored_texts_without_downloading(site, fwtrends_home):
    papers_flow(["CVPR"], [2019])
    con = db.connect(fwtrends_home / "fwtrends.duckdb")
    before = table(con, "SELECT * FROM paper_mentions ORDER BY ALL")
    con.execute("DELETE FROM paper_mentions")
    con.close()
    asked = len(site.requests)

    (result,) = reclassify_flow()

    assert (result.fetched, result.skipped) == (4, 0)
    con = db.connect(fwtrends_home / "fwtrends.duckdb", read_only=True)
    assert table(con, "SELECT * FROM paper_mentions ORDER BY ALL") == before
    con.close()
    assert len(site.requests) == asked
    assert len(list((fwtrends_home / "texts").glob("*/*.txt.zst"))) == 4


def test_dry_run_prints_the_plan_and_reads_nothing(site, fwtrends_home, capsys):
    papers_flow(["CVPR"], [2019], sample=3, dry_run=True)
    out = capsys.readouterr().out
    assert "plan: 3 papers to read" in out and "127.0.0.1: 3 PDFs at 1000/s" in out
    assert not [p for p in site.paths() if p.endswith(".pdf")]


def test_the_study_list_and_the_live_site_give_one_paper_with_both_provenances(site, fwtrends_home, monkeypatch):
    study = [{"authors": [" Ada torch"], "conference": "cvpr", "id": "a1", "metadata": {"affiliation": [], "words": []},
              "name": title, "pdf_link": f"http%3A//old.example/{slug}.pdf", "year": "2019"}
             for slug, (title, _) in list(PAPERS.items())[:4]]
    site.route("/data/cvpr_2019.json", json.dumps(study))
    site.route("/data.csv", "CVPR,06/19,294,148,1294\n")
    monkeypatch.setenv("FWTRENDS_GRADIENT_BASE_URL", site.url(""))
    monkeypatch.setenv("FWTRENDS_GRADIENT_RATE", "1000")

    papers_flow(["CVPR"], [2019])
    results = papers_flow(["CVPR"], [2019], source="gradient")

    assert {r.source: (r.status, r.fetched) for r in results}["gradient:data.csv"] == ("ok", 1)
    con = db.connect(fwtrends_home / "fwtrends.duckdb", read_only=True)
    assert table(con, "SELECT count(*), count(DISTINCT source) FROM papers") == [(6, 1)]  # the live site's rows
    assert table(con, "SELECT source, count(*) FROM paper_sources GROUP BY ALL ORDER BY ALL") == [
        ("cvf", 6), ("gradient", 4)]
    assert table(con, "SELECT venue, year, published_papers, round(published_share, 3), texts_ok "
                      "FROM reproduction_2019 WHERE venue = 'CVPR' AND year = 2019") == [
        ("CVPR", 2019, 1294, round(294 / 442, 3), 4)]
    con.close()


def quick_listings() -> list[tuple[str, str, int]]:
    """(source, venue, year) of every listing the quick profile's papers runs ask for."""
    return [listing for papers in run_profile("quick").papers
            for listing in listings_plan(papers.get("venues"), papers.get("years"), papers.get("source"),
                                         papers.get("after_study", False))]


def test_the_quick_profile_reads_the_nine_venues_from_2015_to_this_year():
    listings = quick_listings()
    venue_years = {(venue, year) for _, venue, year in listings}
    assert {venue for venue, _ in venue_years} == set(gradient.VENUES)
    assert min(year for _, year in venue_years) == 2015 and max(year for _, year in venue_years) == date.today().year
    # The study's own lists for every conference-year it published; our sources for the years after them.
    studied = {(venue, year) for venue in gradient.VENUES for year in gradient.STUDY_YEARS[venue]}
    assert {(venue, year) for source, venue, year in listings if source == gradient.SOURCE} == studied
    assert all(year > max(gradient.STUDY_YEARS[venue]) for source, venue, year in listings if source != gradient.SOURCE)
    assert len(listings) == len(venue_years)  # no venue-year read twice


PAPER_HOSTS = ("cvf", "ecva", "acl", "neurips", "pmlr", "openreview", "openreview_v1", "openreview_web",
               "iclr_proceedings", "iclr_virtual", "gradient")


def test_the_quick_profile_dry_run_asks_for_every_planned_listing(site, fwtrends_home, monkeypatch, capsys):
    for source in PAPER_HOSTS:  # every host is the local server, which has none of these listings: they fail fast
        monkeypatch.setenv(f"FWTRENDS_{source.upper()}_BASE_URL", site.url(""))
        monkeypatch.setenv(f"FWTRENDS_{source.upper()}_RATE", "1000")
    started = time.monotonic()
    results = [line for papers in run_profile("quick").papers for line in papers_flow(**papers, dry_run=True)]
    assert time.monotonic() - started < 120

    asked = {line.source: line.failed for line in results if line.source in PAPER_HOSTS}
    assert asked == Counter(source for source, _, _ in quick_listings())
    assert capsys.readouterr().out.count("plan: 0 papers to read") == 2
    assert not [path for path in site.paths() if path.endswith(".pdf")]


def greenhouse_board(*jobs):
    return json.dumps({"jobs": [
        {"id": job_id, "title": title, "absolute_url": f"https://boards.example/acme/{job_id}",
         "location": {"name": "Remote"}, "updated_at": "2026-11-01T10:00:00Z",
         "first_published": "2026-10-01T10:00:00Z", "content": html.escape(f"<p>{text}</p>")}
        for job_id, title, text in jobs
    ], "meta": {"total": len(jobs)}})


def test_board_snapshots_build_a_history_and_a_missing_board_is_reported(http_server, fwtrends_home, monkeypatch,
                                                                         tmp_path):
    employers = tmp_path / "employers.toml"
    employers.write_text('employers = [\n  { name = "Acme AI", board = "greenhouse", token = "acme" },\n'
                         '  { name = "Ghost", board = "greenhouse", token = "ghost" },\n]\n')
    monkeypatch.setenv("FWTRENDS_EMPLOYERS", str(employers))
    monkeypatch.setenv("FWTRENDS_GREENHOUSE_BASE_URL", http_server.url(""))
    monkeypatch.setenv("FWTRENDS_GREENHOUSE_RATE", "1000")
    board = "/v1/boards/acme/jobs"
    http_server.route(board, greenhouse_board((1, "ML Engineer", "We use PyTorch."), (2, "SRE", "Terraform (TF).")))
    http_server.route("/v1/boards/ghost/jobs", "not found", status=404)

    first = {r.source: r for r in jobs_flow(["greenhouse"])}
    http_server.route(board, greenhouse_board((2, "SRE", "Terraform (TF)."), (3, "Researcher", "JAX and TensorFlow.")))
    monkeypatch.setattr("scrapers.jobs.boards.SNAPSHOT_MAX_AGE", timedelta(0))  # the next snapshot is a new day's
    jobs_flow(["greenhouse"])

    assert (first["greenhouse"].status, first["greenhouse"].fetched, first["greenhouse"].failed) == ("partial", 2, 1)
    con = db.connect(fwtrends_home / "fwtrends.duckdb", read_only=True)
    history = table(con, "SELECT post_id, first_seen < observed_at, closed_at IS NOT NULL FROM job_posts ORDER BY 1")
    assert history == [("greenhouse:acme:1", False, True), ("greenhouse:acme:2", True, False),
                       ("greenhouse:acme:3", False, False)]
    assert table(con, "SELECT reason LIKE '%ghost%not found (404)%', attempts FROM failures") == [(True, 2)]
    mentioned = table(con, "SELECT post_id, framework FROM job_mentions ORDER BY ALL")
    assert mentioned == [("greenhouse:acme:1", "pytorch"), ("greenhouse:acme:3", "jax"), ("greenhouse:acme:3", "tensorflow")]
    con.close()
