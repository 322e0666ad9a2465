"""The HTML report: what it says from an empty or a filled warehouse, the numbers inside its charts,
and that it is safe and offline."""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from urllib.parse import unquote

import altair as alt
import duckdb
import pandas as pd
import pytest
import vl_convert

from reports.build import FAILURES_SHOWN, build_report
from reports.page import script_json, vega_bundle
from warehouse.db import connect
from warehouse.load import replace

EVIL = "<script>alert(1)</script> \"quoted\" 'single'"
FETCHED = datetime(2024, 7, 1, 9, 30, tzinfo=timezone.utc)

# Per venue and year, one entry per paper: the frameworks its text names, or None when its text failed.
PAPERS = {
    ("CVPR", 2023): [{"pytorch"}, {"pytorch"}, {"tensorflow"}, {"tensorflow"}, {"pytorch", "tensorflow"}, set(), None],
    ("CVPR", 2024): [{"pytorch"}] * 5 + [{"tensorflow"}, {"keras"}, {"pytorch", "tensorflow"}, {"jax"}, None, None],
    ("ICLR", 2024): [{"pytorch"}, {"tensorflow"}, {"jax", "pytorch"}],
}
# Per month, one entry per HN posting: the frameworks it names.
POSTS = {
    date(2024, 5, 1): [{"pytorch"}, {"tensorflow"}, {"pytorch", "keras"}, set()],
    date(2024, 6, 1): [{"pytorch"}, {"pytorch"}, {"keras"}, {"jax"}, {"pytorch", "jax"}],
}
TENSORFLOW_SIDE = {"tensorflow", "keras"}


def one_side_counts(named: list[set[str] | None]) -> tuple[int, int]:
    """(PyTorch only, TensorFlow only) as the 2019 study counts them: Keras is TensorFlow's side."""
    read = [frameworks for frameworks in named if frameworks is not None]
    pytorch_only = sum("pytorch" in f and not f & TENSORFLOW_SIDE for f in read)
    tensorflow_only = sum(bool(f & TENSORFLOW_SIDE) and "pytorch" not in f for f in read)
    return pytorch_only, tensorflow_only


def load_papers(con, papers: dict, profile: str = "gradient2019", title: str = "A paper") -> None:
    rows, texts, mentions = [], [], []
    for (venue, year), named in papers.items():
        for i, frameworks in enumerate(named):
            paper_id = f"{venue.lower()}-{year}-{i}"
            rows.append({
                "paper_id": paper_id, "venue": venue, "year": year, "title": f"{title} {i}",
                "authors": ["A. Author"], "pdf_url": f"https://example.org/{paper_id}.pdf",
                "landing_url": None, "source": "cvf", "fetched_at": FETCHED,
            })
            texts.append({"paper_id": paper_id, "status": "failed" if frameworks is None else "ok",
                          "extracted_at": FETCHED})
            mentions += [{"paper_id": paper_id, "profile": profile, "framework": f, "hits": 2}
                         for f in sorted(frameworks or ())]
    replace(con, "papers", pd.DataFrame(rows), ["paper_id"])
    replace(con, "paper_texts", pd.DataFrame(texts), ["paper_id"])
    replace(con, "paper_mentions", pd.DataFrame(mentions), ["paper_id", "profile", "framework"])
    replace(con, "profiles", pd.DataFrame([{"profile": profile, "description": "test"}]), ["profile"])


def load_posts(con) -> None:
    posts, mentions = [], []
    for month, named in POSTS.items():
        for i, frameworks in enumerate(named):
            post_id = f"hn:{month:%Y%m}{i}"
            posts.append({
                "post_id": post_id, "source": "hn", "month": month, "company": EVIL, "title": EVIL,
                "location": "Remote", "posted_at": FETCHED, "url": f"https://news.ycombinator.com/item?id={i}",
                "thread_id": "1", "observed_at": FETCHED,
            })
            mentions += [{"post_id": post_id, "profile": "modern", "framework": f, "hits": 1}
                         for f in sorted(frameworks)]
    replace(con, "job_posts", pd.DataFrame(posts), ["post_id"])
    replace(con, "job_mentions", pd.DataFrame(mentions), ["post_id", "profile", "framework"])


def load_run(con, failures: int = 1) -> None:
    counts = [
        {"source": "cvf", "status": "ok", "reason": None, "fetched": 21, "failed": failures, "skipped": 0},
        {"source": "openreview", "status": "failed", "reason": EVIL, "fetched": 0, "failed": 0, "skipped": 0},
    ]
    run = {"run_id": "run-1", "flow": "papers", "started_at": FETCHED, "finished_at": FETCHED,
           "status": "partial", "params": "{}", "counts": json.dumps(counts)}
    replace(con, "runs", pd.DataFrame([run]), ["run_id", "flow"])
    replace(con, "failures", pd.DataFrame([
        {"run_id": "run-1", "source": "cvf", "item": f"{EVIL} {i}", "url": "javascript:alert(\"x\")",
         "reason": EVIL, "failed_at": FETCHED}
        for i in range(failures)
    ]), ["run_id", "item"])


@pytest.fixture
def empty_warehouse(tmp_path):
    con = connect(tmp_path / "empty.duckdb")
    yield con
    con.close()


@pytest.fixture
def warehouse(tmp_path):
    """Three venue-years of papers (profile gradient2019), two months of HN postings (profile modern),
    one papers run with its per-source counts and a failure whose reason is markup."""
    con = connect(tmp_path / "filled.duckdb")
    load_papers(con, PAPERS, title=EVIL)
    load_posts(con)
    load_run(con)
    yield con
    con.close()


def build(con, tmp_path) -> str:
    return build_report(con, tmp_path / "report" / "index.html").read_text(encoding="utf-8")


def specs(html: str) -> dict[str, dict]:
    found = re.findall(r'<script type="application/json" id="spec-([\w-]+)">(.*?)</script>', html, re.S)
    return {figure: json.loads(text) for figure, text in found}


def rows(spec: dict) -> list[dict]:
    (data,) = spec["datasets"].values()
    return data


def test_empty_warehouse_says_what_is_missing(empty_warehouse, tmp_path):
    html = build(empty_warehouse, tmp_path)

    assert "No paper has been read yet: paper_framework_share is empty" in html
    assert "No job posting has been read yet: job_framework_share is empty" in html
    assert "Experiments have not run yet" in html
    assert "No flow has run yet." in html
    assert specs(html) == {}


def test_warehouse_without_the_schema_names_the_missing_views(tmp_path):
    con = duckdb.connect(str(tmp_path / "bare.duckdb"))

    html = build(con, tmp_path)

    assert "This warehouse has no paper_framework_share" in html
    assert "This warehouse has no job_framework_share" in html
    assert "Experiments have not run yet: this warehouse has no experiment_summary view" in html
    assert "This warehouse has no runs" in html


def test_paper_chart_carries_each_venue_years_share_and_counts(warehouse, tmp_path):
    spec = specs(build(warehouse, tmp_path))["paper-share"]

    drawn = {(r["venue"], r["year"]): r for r in rows(spec)}
    assert set(drawn) == set(PAPERS)
    for key, named in PAPERS.items():
        pytorch_only, tensorflow_only = one_side_counts(named)
        assert drawn[key]["share_pytorch"] == pytest.approx(pytorch_only / (pytorch_only + tensorflow_only))
        assert drawn[key]["ci_low"] < drawn[key]["share_pytorch"] < drawn[key]["ci_high"]
        assert drawn[key]["texts_ok"] == sum(f is not None for f in named)
        assert drawn[key]["papers"] == len(named)


def test_paper_chart_has_interval_band_tooltips_and_legend_selection(warehouse, tmp_path):
    spec = specs(build(warehouse, tmp_path))["paper-share"]

    band, line = spec["layer"]
    assert band["mark"]["type"] == "area"
    assert (band["encoding"]["y"]["field"], band["encoding"]["y2"]["field"]) == ("ci_low", "ci_high")
    assert {t["field"] for t in line["encoding"]["tooltip"]} >= {
        "venue", "year", "share_pytorch", "interval", "texts_ok", "papers"}
    (selection,) = [p for p in spec["params"] if p.get("bind") == "legend"]
    assert selection["select"]["fields"] == ["venue"]
    assert {c["param"] for c in line["encoding"]["opacity"]["condition"]} == {selection["name"]}
    assert spec["width"] == "container"
    assert "gradient2019" in json.dumps(spec["title"])


def test_several_profiles_get_a_menu_that_starts_on_the_asked_one(warehouse, tmp_path):
    load_papers(warehouse, PAPERS, profile="modern")

    spec = specs(build(warehouse, tmp_path))["paper-share"]

    (menu,) = [p for p in spec["params"] if p["name"] == "profile"]
    assert menu["value"] == "gradient2019"
    assert menu["bind"]["options"] == ["gradient2019", "modern"]
    assert {r["profile"] for r in rows(spec)} == {"gradient2019", "modern"}


def test_headline_is_written_from_the_data(warehouse, tmp_path):
    html = build(warehouse, tmp_path)

    pytorch_only, tensorflow_only = one_side_counts(PAPERS[("CVPR", 2024)])
    share = round(100 * pytorch_only / (pytorch_only + tensorflow_only))
    assert re.search(
        rf"At CVPR 2024, {share} % \(\d+–\d+ %\) of the papers that name exactly one of the two "
        rf"frameworks name PyTorch \(profile gradient2019, 9 of 11 texts read\)", html)
    pytorch_only, tensorflow_only = one_side_counts(POSTS[date(2024, 6, 1)])
    share = round(100 * pytorch_only / (pytorch_only + tensorflow_only))
    assert f"In June 2024, {share} % (" in html


def test_job_charts_carry_monthly_share_and_mentions(warehouse, tmp_path):
    found = specs(build(warehouse, tmp_path))

    shares = {r["month"][:7]: r for r in rows(found["job-share"])}
    mentions = {r["month"][:7]: r for r in rows(found["job-mentions"])}
    for month, named in POSTS.items():
        pytorch_only, tensorflow_only = one_side_counts(named)
        key = f"{month:%Y-%m}"
        assert shares[key]["share_pytorch"] == pytest.approx(pytorch_only / (pytorch_only + tensorflow_only))
        for framework in ("pytorch", "tensorflow", "keras", "jax"):
            assert mentions[key][framework] == sum(framework in f for f in named)
        assert mentions[key]["posts"] == len(named)
    assert found["job-mentions"]["transform"][0]["fold"] == ["pytorch", "tensorflow", "keras", "jax"]


def test_every_chart_is_valid_vega_lite(warehouse, tmp_path):
    for spec in specs(build(warehouse, tmp_path)).values():
        assert vl_convert.vegalite_to_vega(spec)["marks"]


def test_scraped_strings_appear_only_escaped(warehouse, tmp_path):
    load_papers(warehouse, {(EVIL, 2024): [{"pytorch"}]}, title=EVIL)

    html = build(warehouse, tmp_path)

    assert "<script>alert" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;quoted&#34; &#39;single&#39;" in html
    venues = {r["venue"] for r in rows(specs(html)["paper-share"])}
    assert EVIL in venues


def test_script_json_cannot_close_its_element():
    value = {"title": "</script><!-- & </SCRIPT>"}

    text = script_json(value)

    assert "<" not in text and ">" not in text
    assert json.loads(text) == value


def test_report_is_offline_with_the_vega_bundle_inlined_once(warehouse, tmp_path):
    html = build(warehouse, tmp_path)

    assert html.count(vega_bundle()) == 1
    page = html.replace(vega_bundle(), "")
    assert not re.search(r"<(script|img|iframe|link|source)\b[^>]*\b(src|href)\s*=", page, re.I)
    assert "@import" not in page and "url(" not in page
    hrefs = re.findall(r'<a [^>]*href="([^"]*)"', page)
    assert hrefs and all(h.startswith(("#", "data:text/csv")) for h in hrefs)


def test_each_chart_offers_its_sql_and_its_data_as_csv(warehouse, tmp_path):
    html = build(warehouse, tmp_path)

    links = {name: uri for uri, name in re.findall(r'<a href="(data:text/csv[^"]*)" download="([\w-]+)\.csv"', html)}
    assert sorted(links) == ["job-mentions", "job-share", "paper-share"]
    csv = unquote(links["paper-share"].removeprefix("data:text/csv;charset=utf-8,"))
    assert csv.splitlines()[0].startswith("venue,year,profile,papers")
    assert len(csv.splitlines()) == 1 + len(PAPERS)
    assert html.count("<summary>SQL</summary>") == 3
    assert "FROM paper_framework_share" in html
    assert "CREATE OR REPLACE VIEW paper_flags" in html


def test_provenance_shows_the_latest_run_per_source_and_caps_failures(warehouse, tmp_path):
    load_run(warehouse, failures=FAILURES_SHOWN + 5)

    html = build(warehouse, tmp_path)

    provenance = html[html.index('<section id="provenance">'):]
    assert re.search(r"<td>papers</td><td>cvf</td><td>ok</td><td>21</td><td>105</td><td>0</td>", provenance)
    assert "<td>openreview</td><td>failed</td>" in provenance
    assert provenance.count("<td>javascript:alert(&#34;x&#34;)</td>") == FAILURES_SHOWN
    assert f"The {FAILURES_SHOWN} most recent of {FAILURES_SHOWN + 5} failures." in provenance
    assert "<td>papers</td><td>cvf</td><td>2024-07-01 09:30 UTC</td>" in html


def test_chart_with_more_rows_than_altair_embeds_says_so(warehouse, tmp_path):
    with alt.data_transformers.enable("default", max_rows=2):
        html = build(warehouse, tmp_path)

    assert "paper-share" not in specs(html)
    assert f"This chart would draw {len(PAPERS)} rows, more than a page should embed" in html


def test_performance_section_draws_step_times(warehouse, tmp_path):
    warehouse.execute("""
        CREATE OR REPLACE VIEW experiment_summary AS
        SELECT * FROM (VALUES
            ('mlp', 'torch', 'eager', 'cpu', 'fp32', 64, 2.5, 3.0, 25600.0, 0.0, 120.0, 0.4, true),
            ('mlp', 'tensorflow', 'graph', 'cpu', 'fp32', 64, 3.5, 4.5, 18285.7, 1.2, 150.0, 0.3, true)
        ) AS t(workload, framework, mode, device, precision, batch_size, step_ms_median, step_ms_p90,
               throughput, compile_s, peak_mem_mb, tflops, equivalent)
    """)

    html = build(warehouse, tmp_path)

    drawn = {r["framework"]: r["step_ms_median"] for r in rows(specs(html)["step-time"])}
    assert drawn == {"torch": 2.5, "tensorflow": 3.5}
    assert "2 configurations measured across 1 workloads and 2 frameworks." in html
    assert "Experiments have not run yet" not in html
