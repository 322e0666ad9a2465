"""The HTML report: what it says from an empty or a filled warehouse, the numbers inside its charts and
tables, where they came from, the headline as markdown, and that the page is safe and offline."""
from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime, timezone
from urllib.parse import unquote

import altair as alt
import duckdb
import pandas as pd
import pytest
import vl_convert
from report_warehouse import (
    BOARD,
    BOARD_FIRST_SEEN,
    EVIL,
    EXPERIMENTS,
    PAPERS,
    POSTS,
    PUBLISHED,
    SNAPSHOT,
    experiment,
    fill,
    load_board,
    load_experiments,
    load_papers,
    load_posts,
    load_relation,
    load_run,
    one_side_counts,
)

from reports import wording
from reports.build import FAILURES_SHOWN, build_page, build_report, headline_markdown
from reports.page import CHART_DIGITS, Figure, script_json, vega_bundle
from reports.sections.performance import MEASUREMENTS
from reports.style import OKABE_ITO
from warehouse import db
from warehouse.db import connect
from warehouse.load.sources import load_source_checks

CHARTS = {"paper-trend", "job-trend", "paper-jax", "job-boards", "community", "step-time", "compile-payoff", "memory",
          "scorecard"}
HEADLINE_CHARTS = {"paper-trend", "job-trend"}
VENUES = {"NeurIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "ACL", "EMNLP", "NAACL"}


def seeded_conference_years() -> set[tuple[str, int]]:
    """The conference-years of the study's published figures that every warehouse holds from the start."""
    with open(db.SEED_DIR / "published_shares.csv", newline="", encoding="utf-8") as f:
        return {(row["venue"], int(row["year"])) for row in csv.DictReader(f)}


@pytest.fixture
def empty_warehouse(tmp_path):
    con = connect(tmp_path / "empty.duckdb")
    yield con
    con.close()


@pytest.fixture
def warehouse(tmp_path):
    """Something in every section (see report_warehouse.fill); scraped strings are markup."""
    con = connect(tmp_path / "filled.duckdb")
    fill(con)
    yield con
    con.close()


@pytest.fixture(scope="module")
def filled_report(tmp_path_factory) -> str:
    """The report of the filled warehouse, built once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("filled")
    con = connect(folder / "filled.duckdb")
    fill(con)
    html = build(con, folder)
    con.close()
    return html


def build(con, tmp_path) -> str:
    return build_report(con, tmp_path / "report" / "index.html").read_text(encoding="utf-8")


def specs(html: str) -> dict[str, dict]:
    found = re.findall(r'<script type="application/json" id="spec-([\w-]+)">(.*?)</script>', html, re.S)
    return {figure: json.loads(text) for figure, text in found}


def rows(spec: dict) -> list[dict]:
    """The rows a chart draws (Altair names the single empty datum of a data-less layer "empty")."""
    (data,) = [data for name, data in spec["datasets"].items() if name != "empty"]
    return data


def section(html: str, section_id: str) -> str:
    start = html.index(f'<section id="{section_id}">')
    return html[start:html.index("</section>", start)]


def table_rows(html: str, caption: str) -> list[list[str]]:
    table = html[html.index(f"<caption>{caption}</caption>"):]
    table = table[:table.index("</table>")]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
            if "<td" in row]


def test_empty_warehouse_says_what_is_missing(empty_warehouse, tmp_path):
    html = build(empty_warehouse, tmp_path)

    assert "No paper has been read yet: paper_framework_share is empty" in html
    assert "No job posting has been read yet: job_framework_share is empty" in html
    assert "No company job board has been read yet" in html
    assert "No community activity has been counted yet" in html
    assert "Experiments have not run yet: experiment_summary is empty" in html
    for title in MEASUREMENTS.values():
        assert f"{title}: not measured" in html
    assert "Nothing to pair yet" in html
    assert re.search(r"Of the (\d+) claims checked .*: \1 not measurable\.", html)
    assert "No flow has run yet." in html
    assert set(specs(html)) == HEADLINE_CHARTS
    assert all(f'id="{target}"' in html for target in re.findall(r'href="#([^"]+)"', html))


def test_empty_warehouse_shows_the_published_trend_of_every_venue(empty_warehouse, tmp_path):
    html = build(empty_warehouse, tmp_path)

    drawn = rows(specs(html)["paper-trend"])
    assert {r["series"] for r in drawn} == {"published"}
    assert {r["venue"] for r in drawn} == VENUES
    assert {r["year"] for r in drawn} == set(range(2015, 2023))
    assert len(drawn) == len(seeded_conference_years()) == 35
    crossed = {(r["venue"], r["year"]) for r in drawn if r["crossed_half"]}
    assert ("CVPR", 2019) in crossed and not any(venue == "ECCV" for venue, _ in crossed)
    (article,) = rows(specs(html)["job-trend"])
    assert (article["pytorch"], article["tensorflow"]) == (1437, 1541)
    header = html[:html.index("<main>")]
    assert "published by the study, not measured here" in header
    assert "not measured yet" in header
    reproduction = table_rows(html, REPRODUCTION)
    assert len(reproduction) == 35 and all(r[5] == "–" for r in reproduction)


def test_warehouse_without_the_schema_names_the_missing_views(tmp_path):
    con = duckdb.connect(str(tmp_path / "bare.duckdb"))

    html = build(con, tmp_path)

    assert "This warehouse has no paper_framework_share" in html
    assert "This warehouse has no job_framework_share" in html
    assert "Experiments have not run yet: this warehouse has no experiment_summary view" in html
    assert "This warehouse has no runs" in html


def test_full_warehouse_draws_every_chart(filled_report):
    assert set(specs(filled_report)) == CHARTS


def test_paper_trend_carries_ours_and_the_published_points_of_every_venue(filled_report):
    drawn = rows(specs(filled_report)["paper-trend"])

    measured = {(r["venue"], r["year"]): r for r in drawn if r["series"] == "measured"}
    assert set(measured) == set(PAPERS)
    for key, row in measured.items():
        pytorch_only, tensorflow_only = one_side_counts(PAPERS[key])
        assert row["share_pytorch"] == pytest.approx(pytorch_only / (pytorch_only + tensorflow_only))
        assert row["ci_low"] < row["share_pytorch"] < row["ci_high"]
        assert row["texts_ok"] == sum(f is not None for f in PAPERS[key])
    assert measured[("CVPR", 2024)]["held"].startswith("2024-06-01")  # CVPR is held in June
    published = {(r["venue"], r["year"]): r for r in drawn if r["series"] == "published"}
    pytorch_only, tensorflow_only, papers = PUBLISHED[("CVPR", 2023)]
    assert published[("CVPR", 2023)]["share_pytorch"] == pytest.approx(pytorch_only / (pytorch_only + tensorflow_only))
    assert published[("CVPR", 2023)]["papers"] == papers
    # Venues the project has not read yet still show the study's points.
    assert set(published) == {(wording.venue(v), y) for v, y in seeded_conference_years() | set(PUBLISHED)}
    assert {venue for venue, _ in published} == VENUES


def test_paper_trend_marks_the_year_pytorch_passed_half_once_per_venue(filled_report):
    drawn = rows(specs(filled_report)["paper-trend"])

    crossed = [(r["venue"], r["year"], r["series"]) for r in drawn if r["crossed_half"]]
    assert len(crossed) == len({venue for venue, _, _ in crossed})
    assert ("CVPR", 2019, "published") in crossed  # 66 % after 39 % in 2018
    assert ("ICLR", 2020, "published") in crossed  # exactly half in 2019 is not past it


def test_paper_trend_has_intervals_tooltips_legend_selection_venue_menu_and_a_counts_view(filled_report):
    spec = specs(filled_report)["paper-trend"]

    shares, counts = spec["layer"]
    (line,) = [layer for layer in shares["layer"] if layer["mark"]["type"] == "line"]
    assert line["mark"]["point"]["shape"] == "diamond"
    (interval,) = [layer for layer in shares["layer"] if "y2" in layer["encoding"]]
    assert (interval["encoding"]["y"]["field"], interval["encoding"]["y2"]["field"]) == ("ci_low", "ci_high")
    (point,) = [layer for layer in shares["layer"] if {"field": "interval", "type": "nominal", "title": "95 % interval"}
                in layer["encoding"].get("tooltip", [])]
    assert {t["field"] for t in point["encoding"]["tooltip"]} >= {
        "venue", "year", "share_pytorch", "interval", "texts_ok", "papers"}
    (legend,) = [p for p in spec["params"] if p.get("bind") == "legend"]
    assert legend["select"]["fields"] == ["venue"]
    assert {c["param"] for c in point["encoding"]["opacity"]["condition"]} == {legend["name"]}
    (menu,) = [p for p in spec["params"] if p.get("bind", {}) != "legend" and p["bind"]["input"] == "select"]
    assert menu["bind"]["options"][0] is None and menu["bind"]["labels"][0] == "All"
    assert set(menu["bind"]["options"][1:]) == VENUES
    (toggle,) = [p for p in spec["params"] if p.get("bind", {}) != "legend" and p["bind"]["input"] == "radio"]
    assert toggle["bind"]["options"] == ["share", "counts"]
    assert {"fold": ["pytorch_only", "tensorflow_only"], "as": ["side", "naming"]} in counts["transform"]
    assert spec["width"] == "container"


def test_several_profiles_get_a_menu_that_starts_on_the_asked_one(warehouse, tmp_path):
    load_papers(warehouse, PAPERS, profile="modern")

    spec = specs(build(warehouse, tmp_path))["paper-trend"]

    (menu,) = [p for p in spec["params"] if p["name"] == "profile"]
    assert menu["value"] == "gradient2019"
    assert menu["bind"]["options"] == ["gradient2019", "modern"]
    assert {r["profile"] for r in rows(spec) if r["series"] == "measured"} == {"gradient2019", "modern"}
    (jax_menu,) = [p for p in specs(build(warehouse, tmp_path))["paper-jax"]["params"] if p["name"] == "jax_profile"]
    assert jax_menu["value"] == "modern"  # word boundaries: no "JAX-RS"-style hits


def test_jax_chart_carries_the_share_of_texts_read_per_field(filled_report):
    drawn = {(r["field"], r["year"]): r for r in rows(specs(filled_report)["paper-jax"])}

    for (venue, year), named in PAPERS.items():
        field = "vision" if venue == "CVPR" else "general"
        read = [f for f in named if f is not None]
        assert drawn[(field, year)]["jax"] == sum("jax" in f for f in read)
        assert drawn[(field, year)]["share_jax"] == pytest.approx(sum("jax" in f for f in read) / len(read))


REPRODUCTION = "Reproduction of the 2019 study: its published share beside ours (profile gradient2019)"


def test_reproduction_table_sets_the_published_share_beside_ours(filled_report):
    html = filled_report

    reproduction = table_rows(html, REPRODUCTION)
    assert {(r[0], int(r[1])) for r in reproduction} == {(wording.venue(v), y) for v, y in
                                                         seeded_conference_years() | set(PUBLISHED)}
    by_venue = {r[0]: r for r in reproduction}
    published_pytorch, published_tensorflow, _ = PUBLISHED[("CVPR", 2023)]
    ours_pytorch, ours_tensorflow = one_side_counts(PAPERS[("CVPR", 2023)])
    difference = 100 * (ours_pytorch / (ours_pytorch + ours_tensorflow)
                        - published_pytorch / (published_pytorch + published_tensorflow))
    assert by_venue["CVPR"][7] == f"{difference:+.1f}"
    assert by_venue["CVPR"][8] == "yes"
    assert by_venue["NAACL"][5] == "–"
    published = len(seeded_conference_years() | set(PUBLISHED))
    assert f"1 of the 1 conference-years read so far (of the study&#39;s {published})" in html


def test_headline_is_written_from_the_data(filled_report):
    html = filled_report

    header = html[:html.index("<main>")]
    pytorch_only, tensorflow_only = one_side_counts(PAPERS[("CVPR", 2024)])
    share = round(100 * pytorch_only / (pytorch_only + tensorflow_only))
    assert re.search(
        rf"At CVPR 2024, {share} % \(\d+–\d+ %\) of the papers that name exactly one of the two "
        rf"frameworks name PyTorch \(profile gradient2019, 9 of 11 texts read\)", header)
    pytorch_only, tensorflow_only = one_side_counts(POSTS[date(2024, 6, 1)])
    share = round(100 * pytorch_only / (pytorch_only + tensorflow_only))
    assert f"In June 2024, {share} % (" in header
    fastest = {}
    for e in EXPERIMENTS:
        if e["status"] == "ok":
            key = (e["workload"], e["framework"])
            fastest[key] = min(fastest.get(key, e["step_ms_median"]), e["step_ms_median"])
    workloads = {workload for workload, _ in fastest}
    torch_faster = sum(fastest[(w, "torch")] < fastest[(w, "tensorflow")] for w in workloads)
    tensorflow_faster = sum(fastest[(w, "tensorflow")] < fastest[(w, "torch")] for w in workloads)
    # These runs predate paired timing: the medians are compared, and the page says so.
    assert (f"PyTorch is faster in {torch_faster}, TensorFlow in {tensorflow_faster}, and the two are level within "
            f"the 95 % interval in {len(workloads) - torch_faster - tensorflow_faster} of {len(workloads)} "
            "configurations measured in both with equal models, each framework in its fastest mode (unpaired: "
            "the frameworks were timed separately") in header
    assert "<td>community counts</td><td>Stack Overflow</td><td>–</td><td>not tried by a run</td>" \
           "<td>2024-07-01 09:30 UTC</td>" in header
    assert "<td>experiments</td><td>PyTorch</td><td>–</td><td>not tried by a run</td>" \
           "<td>2024-07-01 09:30 UTC</td>" in header
    assert re.search(r'<td>papers</td><td>OpenReview</td><td>2024-07-01 09:30 UTC</td><td[^>]*>failed: ', header)
    assert f'<span class="value">{torch_faster} of {len(workloads)}</span>' in header


def test_key_figures_say_what_was_measured_and_what_was_published(filled_report):
    header = filled_report[:filled_report.index("<main>")]

    figures = re.findall(r'<li class="(\w+)">\s*<span class="value">(.*?)</span>\s*<span class="label">(.*?)</span>'
                         r'\s*(?:<span class="detail">(.*?)</span>)?', header)
    (crossed, research, jobs, performance) = figures
    assert crossed[:2] == ("published", "8 of 9") and "CVPR 2019" in crossed[3]
    latest = {venue: max(y for v, y in PAPERS if v == venue) for venue, _ in PAPERS}
    named = [f for (venue, year), papers in PAPERS.items() if latest[venue] == year for f in papers if f is not None]
    pytorch_only, tensorflow_only = one_side_counts(named)
    assert research[:2] == ("measured", f"{round(100 * pytorch_only / (pytorch_only + tensorflow_only))} %")
    assert jobs[0] == "measured" and "Hacker News" in jobs[2]
    assert performance[0] == "measured" and performance[3].startswith("TensorFlow faster in ")


def test_job_trend_carries_monthly_share_and_counts_beside_the_article(filled_report):
    spec = specs(filled_report)["job-trend"]

    shares = {r["month"][:7]: r for r in rows(spec) if r["source"] == "Hacker News"}
    for month, named in POSTS.items():
        pytorch_only, tensorflow_only = one_side_counts(named)
        key = f"{month:%Y-%m}"
        assert shares[key]["share_pytorch"] == pytest.approx(pytorch_only / (pytorch_only + tensorflow_only))
        assert (shares[key]["pytorch_only"], shares[key]["tensorflow_only"]) == (pytorch_only, tensorflow_only)
        assert shares[key]["posts"] == len(named)
    (article,) = [r for r in rows(spec) if r["series"] == "published"]
    assert article["share_pytorch"] == pytest.approx(1437 / (1437 + 1541))
    assert {"fold": ["pytorch_only", "tensorflow_only"], "as": ["side", "naming"]} in spec["layer"][1]["transform"]
    table = {(r[0], r[1]): r for r in table_rows(filled_report, "Job postings by source and month")}
    for month, named in POSTS.items():
        assert table[("Hacker News", f"{month:%B %Y}")][3:7] == [
            str(sum(framework in f for f in named)) for framework in ("pytorch", "tensorflow", "keras", "jax")]


def test_claim_evidence_lists_each_line_once(empty_warehouse, tmp_path):
    # Postings of 2019 only: the latest 12 months are the article's year.
    load_posts(empty_warehouse, {date(2019, 5, 1): [{"pytorch"}, {"tensorflow"}, {"tensorflow"}],
                                 date(2019, 6, 1): [{"keras"}]})

    html = build(empty_warehouse, tmp_path)

    (claim,) = [r for r in table_rows(html, "Adoption") if "job listings" in r[1]]
    lines = re.findall(r"<p>(.*?)</p>", claim[4] + claim[5])
    assert lines and len(lines) == len(set(lines))


def test_board_snapshot_counts_the_postings_still_open(warehouse, tmp_path):
    load_board(warehouse, "deepmind", [({"jax"}, True), ({"jax"}, False)], BOARD_FIRST_SEEN,
               datetime(2024, 6, 25, tzinfo=timezone.utc))

    boards = {r["board"]: r for r in rows(specs(build(warehouse, tmp_path))["job-boards"])}

    still_open = [frameworks for frameworks, is_open in BOARD if is_open]
    anthropic = boards["greenhouse:anthropic"]
    assert anthropic["open_posts"] == len(still_open)
    for framework in ("pytorch", "tensorflow", "jax"):
        assert anthropic[framework] == sum(framework in f for f in still_open)
    assert anthropic["snapshot"].startswith(f"{SNAPSHOT:%Y-%m-%d}")
    assert (boards["greenhouse:deepmind"]["open_posts"], boards["greenhouse:deepmind"]["jax"]) == (1, 1)


def test_community_series_and_the_article_figures_beside_today(filled_report):
    html = filled_report

    drawn = rows(specs(html)["community"])
    june = {(r["source"], r["framework"]): r for r in drawn if r["month"].startswith("2024-06")}
    assert june[("stackoverflow", "pytorch")]["count"] == 300
    assert june[("stackoverflow", "pytorch")]["share"] == pytest.approx(300 / 520)
    beside = {(r[0], r[1]): r for r in table_rows(html, "The article&#39;s 2019 figures beside today&#39;s")}
    assert beside[("Job listings", "TensorFlow")][2] == "exactly 1,541 (as of 2019-10-10)"
    assert beside[("Job listings", "PyTorch")][3] == str(sum("pytorch" in f for named in POSTS.values() for f in named))
    assert beside[("Medium articles", "PyTorch")][2] == "more than 1,200 (as of 2019-10-10)"
    assert beside[("Medium articles", "PyTorch")][3] == f"{12 * 50:,}"  # dev.to, the latest 12 final months
    assert "July 2023 to June 2024" in beside[("Medium articles", "PyTorch")][4]


def test_performance_shows_step_times_what_compiling_pays_and_the_environment(filled_report):
    html = filled_report
    found = specs(html)

    drawn = {(r["workload"], r["framework"], r["mode"]): r["step_ms_median"] for r in rows(found["step-time"])}
    assert drawn == {(e["workload"], e["framework"], e["mode"]): e["step_ms_median"]
                     for e in EXPERIMENTS if e["status"] == "ok"}
    payoff = {(r["workload"], r["framework"], r["mode"]): r for r in rows(found["compile-payoff"])}
    eager, compiled = EXPERIMENTS[0], EXPERIMENTS[1]
    extra_s = ((compiled["first_call_s"] - compiled["step_ms_median"] / 1000)
               - (eager["first_call_s"] - eager["step_ms_median"] / 1000))
    saved_ms = eager["step_ms_median"] - compiled["step_ms_median"]
    assert payoff[("mlp", "torch", "compile")]["speedup"] == pytest.approx(2.0)
    assert payoff[("mlp", "torch", "compile")]["payoff_steps"] == pytest.approx(-(-1000 * extra_s // saved_ms))
    assert {r["peak_mem_mb"] for r in rows(found["memory"])} == {
        e["peak_mem_mb"] for e in EXPERIMENTS if e["status"] == "ok"}
    environment = table_rows(html, "Environment of each measurement run")
    assert {(r[1], r[2], r[4]) for r in environment} == {("PyTorch", "9.9.9", "Test CPU"),
                                                         ("TensorFlow", "9.9.9", "Test CPU")}


def test_measurements_beyond_step_times_are_not_measured_until_they_exist(warehouse, tmp_path):
    html = build(warehouse, tmp_path)
    for relation, title in MEASUREMENTS.items():
        assert f'<p class="note" id="{relation}">{title}: not measured' in html

    load_relation(warehouse, "serving_latency", [
        {"framework": "torch", "workload": "mlp", "format": "onnx", "p50_ms": 1.25, "status": "ok", "reason": None}])
    html = build(warehouse, tmp_path)

    assert "Serving latency: not measured" not in html
    assert table_rows(html, "Serving latency") == [["PyTorch", "ONNX (ONNX Runtime)", "mlp", "measured", "1.25"]]


def test_scorecard_puts_adoption_beside_performance(filled_report):
    html = filled_report

    scores = {(r["framework"], r["measure"]): r for r in rows(specs(html)["scorecard"])}
    latest = {venue: max(y for v, y in PAPERS if v == venue) for venue, _ in PAPERS}
    papers = [f for (venue, year), named in PAPERS.items() if latest[venue] == year for f in named if f is not None]
    jax_papers = sum("jax" in f for f in papers) / len(papers)
    assert scores[("jax", "Research: papers read that use it")]["value"] == pytest.approx(jax_papers)
    one_side = scores[("pytorch", "Research: of papers using PyTorch or TensorFlow only")]
    assert one_side["value"] + scores[("tensorflow", "Research: of papers using PyTorch or TensorFlow only")]["value"] \
        == pytest.approx(1)
    assert scores[("pytorch", "Performance: faster in")]["value"] == 1.0
    assert scores[("jax", "Community (Stack Overflow): share of the frameworks' total")]["value"] \
        == pytest.approx(20 / 520)
    table = {r[0]: r[1:] for r in table_rows(html, "Scorecard")}
    assert table["Performance: compile pays off after (median steps)"][2] == "–"  # JAX: not measured


def test_every_chart_is_valid_vega_lite(filled_report):
    for spec in specs(filled_report).values():
        assert vl_convert.vegalite_to_vega(spec)["marks"]


def test_every_colour_is_from_the_colour_blind_safe_palette(filled_report):
    def colours(node):
        if isinstance(node, dict):
            assert "scheme" not in node, "a colour scheme other than Okabe-Ito"
            for key, value in node.items():
                if key in ("range", "color", "stroke", "fill") and isinstance(value, (str, list)):
                    yield from [value] if isinstance(value, str) else value
                else:
                    yield from colours(value)
        elif isinstance(node, list):
            for item in node:
                yield from colours(item)

    used = {c for spec in specs(filled_report).values() for c in colours(spec)
            if isinstance(c, str) and c.startswith("#")}
    assert used and used <= set(OKABE_ITO) | {"#000000"}


def test_scraped_strings_appear_only_escaped(warehouse, tmp_path):
    load_papers(warehouse, {(EVIL, 2024): [{"pytorch"}]}, title=EVIL)

    html = build(warehouse, tmp_path)

    assert "<script>alert" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;quoted&#34; &#39;single&#39;" in html
    venues = {r["venue"] for r in rows(specs(html)["paper-trend"])}
    assert EVIL in venues


def test_script_json_cannot_close_its_element():
    value = {"title": "</script><!-- & </SCRIPT>"}

    text = script_json(value)

    assert "<" not in text and ">" not in text
    assert json.loads(text) == value


def test_a_chart_draws_its_numbers_to_a_few_digits_and_its_csv_keeps_them_whole():
    data = pd.DataFrame({"framework": ["pytorch"], "share": [2 / 3]})
    figure = Figure("f", alt.Chart(data).mark_bar().encode(x="share:Q", y="framework:N"), data, "SELECT 2 / 3", [])

    drawn = json.loads(figure.spec_json)
    (row,) = next(iter(drawn["datasets"].values()))
    assert row == {"framework": "pytorch", "share": float(f"{2 / 3:.{CHART_DIGITS}g}")} and row["share"] != 2 / 3
    assert repr(2 / 3) in unquote(figure.csv_uri)


def test_report_is_offline_with_the_vega_bundle_inlined_once(filled_report):
    html = filled_report

    assert html.count(vega_bundle()) == 1
    page = html.replace(vega_bundle(), "")
    assert not re.search(r"<(script|img|iframe|link|source)\b[^>]*\b(src|href)\s*=", page, re.I)
    assert "@import" not in page and "url(" not in page
    hrefs = re.findall(r'<a [^>]*href="([^"]*)"', page)
    assert hrefs and all(h.startswith(("#", "data:text/csv")) for h in hrefs)


def test_every_link_points_at_a_part_of_the_page(filled_report):
    html = filled_report

    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert {"research", "performance", "claims", "provenance"} <= targets  # the section menu
    assert any(target.startswith("claim-") for target in targets)  # C1 links the claims it rests on
    assert all(f'id="{target}"' in html for target in targets)


def test_each_chart_offers_its_sql_and_its_data_as_csv(filled_report):
    html = filled_report

    links = {name: uri for uri, name in re.findall(r'<a href="(data:text/csv[^"]*)" download="([\w-]+)\.csv"', html)}
    assert set(links) == CHARTS
    data = unquote(links["paper-trend"].removeprefix("data:text/csv;charset=utf-8,"))
    assert data.splitlines()[0].startswith("venue,field,year,held,series,profile,papers")
    assert len(data.splitlines()) == 1 + len(rows(specs(html)["paper-trend"]))
    assert html.count("<figcaption>") == len(CHARTS)
    assert all('<details class="sql">' in caption.partition("</figcaption>")[0]
               for caption in html.split("<figcaption>")[1:])
    assert "FROM paper_framework_share" in html
    assert "CREATE OR REPLACE VIEW paper_flags" in html
    assert "CREATE OR REPLACE VIEW experiment_summary" in html


def test_each_section_says_where_its_numbers_come_from(filled_report):
    html = filled_report

    research = section(html, "research")
    assert re.search(r"<td><code>paper_framework_share</code></td><td>3</td><td>gradient2019</td>", research)
    assert re.search(r"<td>papers</td><td>[^<]+</td><td>CVF Open Access</td><td>ok</td><td>21</td><td>1</td>",
                     research)
    industry = section(html, "industry")
    assert re.search(r"<td><code>job_framework_share</code></td><td>4</td><td>modern</td>", industry)
    assert re.search(r"<td><code>experiment_summary</code></td><td>8</td>", section(html, "performance"))


def test_provenance_shows_the_latest_run_per_source_and_caps_failures(warehouse, tmp_path):
    load_run(warehouse, failures=FAILURES_SHOWN + 5)

    html = build(warehouse, tmp_path)

    provenance = section(html, "provenance")
    assert re.search(r"<td>papers</td><td>[^<]+</td><td>CVF Open Access</td><td>ok</td><td>21</td><td>105</td>"
                     r"<td>0</td>", provenance)
    assert "<td>OpenReview</td><td>failed</td>" in provenance
    assert provenance.count("<td>javascript:alert(&#34;x&#34;)</td>") == FAILURES_SHOWN
    assert f"The {FAILURES_SHOWN} most recent of {FAILURES_SHOWN + 5} failures." in provenance
    assert "<td>papers</td><td>CVF Open Access</td><td>2024-07-01 09:30 UTC</td><td>worked, 105 items failed</td>" \
        in html


def test_chart_with_more_rows_than_altair_embeds_says_so(warehouse, tmp_path):
    with alt.data_transformers.enable("default", max_rows=2):
        html = build(warehouse, tmp_path)

    assert "paper-trend" not in specs(html)
    trend_rows = len(PAPERS) + len(seeded_conference_years() | set(PUBLISHED))  # ours and the published points
    assert f"This chart would draw {trend_rows} rows, more than a page should embed" in html


def test_experiments_without_equal_models_are_not_compared(warehouse, tmp_path):
    load_experiments(warehouse, [
        {**row, "equivalent": False} for row in EXPERIMENTS
    ] + [experiment("lstm", "torch", "eager", 5.0, run_id="exp-2")])

    html = build(warehouse, tmp_path)

    assert "None was measured in both frameworks with the two models proven the same." in html


def test_headline_markdown_carries_the_findings_and_refresh_dates(warehouse):
    markdown = headline_markdown(build_page(warehouse))

    pytorch_only, tensorflow_only = one_side_counts(PAPERS[("CVPR", 2024)])
    assert f"- **Research**: At CVPR 2024, {round(100 * pytorch_only / (pytorch_only + tensorflow_only))} % (" \
        in markdown
    assert "- **Claims**: Of the " in markdown
    assert "| papers | CVF Open Access | 2024-07-01 09:30 UTC | worked, 1 item failed | 2024-07-01 09:30 UTC |" \
        in markdown
    assert "| community counts | dev.to | – | not tried by a run | 2024-07-01 09:30 UTC |" in markdown
    assert "- **8 of 9** conferences where PyTorch passed half" in markdown


def test_headline_markdown_escapes_scraped_markup(warehouse):
    load_papers(warehouse, {(EVIL, 2030): [{"pytorch"}] * 3}, title=EVIL)

    markdown = headline_markdown(build_page(warehouse))

    assert "<script>" not in markdown
    assert r"\<script\>alert(1)\</script\>" in markdown


def test_headline_markdown_of_an_empty_warehouse_says_what_is_missing(empty_warehouse):
    markdown = headline_markdown(build_page(empty_warehouse))

    assert "No paper has been read yet" in markdown
    assert "Latest refresh of each source: none yet." in markdown


def test_provenance_shows_the_latest_shape_check_of_each_source(warehouse, tmp_path):
    checked = datetime(2026, 3, 2, 6, 0, tzinfo=timezone.utc)
    load_source_checks(warehouse, [
        {"source": "cvf", "kind": "papers", "status": "ok", "url": "https://cvf.test/CVPR2019.py", "items": 1294,
         "detail": None, "checked_at": checked.replace(day=1)},
        {"source": "cvf", "kind": "papers", "status": "changed", "url": "https://cvf.test/CVPR2019.py", "items": 12,
         "detail": "12 items, expected at least 500", "checked_at": checked},
        {"source": "github", "kind": "community", "status": "unreachable", "url": None, "items": None,
         "detail": "connection refused", "checked_at": checked},
    ])

    health = table_rows(section(build(warehouse, tmp_path), "provenance"),
                        "Latest shape check of each source (fwtrends sources check)")

    assert [row[1:] for row in health] == [
        ["changed", "12 items, expected at least 500 at https://cvf.test/CVPR2019.py", "2026-03-02 06:00 UTC"],
        ["unreachable", "connection refused", "2026-03-02 06:00 UTC"]]
