"""The report in a real browser: headless Chromium opens the file with the network off. Every chart
draws its marks, nothing is logged as an error, no request leaves the page, scraped markup stays text,
the menus, toggles, legends and tooltips work, the headline chart draws every venue from the seed data alone,
no table shows a raw identifier or pads a row, and the page fits a phone. Screenshots at desktop and phone
width are written to a `screenshots` folder (its path is printed) for people to look at."""
from __future__ import annotations

import re

import pytest
from measured_rows import EITHER_SIDE, PYTORCH_FASTER, alternating, load_new_measurements
from report_warehouse import EVIL, PAPERS, fill, load_capabilities, load_experiments, load_papers

from reports.build import build_report
from warehouse.db import connect

# Counts what each chart drew, by chart.
MARKS = """Object.fromEntries([...document.querySelectorAll('.chart')].map(
    chart => [chart.id.replace('chart-', ''), chart.querySelectorAll('svg.marks .role-mark > *').length]))"""
ALL_DRAWN = f"Object.values({MARKS}).every(n => n > 0) && document.querySelectorAll('.chart').length"
TREND_CHART = "#chart-paper-trend"
TREND_SYMBOLS = f"document.querySelectorAll('{TREND_CHART} svg.marks .mark-symbol path').length"
TREND_LINES = f"[...document.querySelectorAll('{TREND_CHART} svg.marks .mark-line path')]"
# The venues whose points the trend chart drew, read from the description Vega gives each point.
TREND_VENUES = f"""[...new Set([...document.querySelectorAll('{TREND_CHART} svg.marks .mark-symbol path')]
    .map(point => (point.getAttribute('aria-label') ?? '').match(/Conference: ([^;]+)/)?.[1]).filter(Boolean))]"""
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
# Every table cell's text but the names to type (<code>).
CELLS = """[...document.querySelectorAll('th, td')].map(cell => {
    const text = cell.cloneNode(true);
    text.querySelectorAll('code').forEach(code => code.remove());
    return text.textContent.trim();
})"""
# The lines a cell's text takes: its line boxes, told apart by their tops (inline code sits a pixel lower).
TEXT_LINES = """cell => { const range = document.createRange(); range.selectNodeContents(cell);
    const tops = [...range.getClientRects()].map(rect => rect.top).sort((a, b) => a - b);
    return tops.filter((top, i) => i === 0 || top - tops[i - 1] > 4).length; }"""
ROW_PADDING = f"""[...document.querySelectorAll('tr')].filter(row => row.getClientRects().length).map(row => {{
    const cells = [...row.children], style = getComputedStyle(cells[0]);
    const padding = ['paddingTop', 'paddingBottom', 'borderBottomWidth']
        .reduce((sum, side) => sum + parseFloat(style[side]), 0);
    const text = Math.max(...cells.map(cell => ({TEXT_LINES})(cell) * parseFloat(getComputedStyle(cell).lineHeight)));
    return row.getBoundingClientRect().height - padding - text;
}})"""
# Cells of short text (the others wrap by design) that take more than one line.
WRAPPED = f"""[...document.querySelectorAll('th, td:not(.long)')].filter(cell => cell.getClientRects().length)
    .filter(cell => ({TEXT_LINES})(cell) > 1).map(cell => cell.textContent.trim())"""
OPEN_ALL = "document.querySelectorAll('details').forEach(details => details.open = true)"
# What a raw identifier looks like: a snake_case name, a UUID, a `source:item` key.
RAW = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$|[0-9a-f]{8}-[0-9a-f]{4}-|^[a-z]+:[\w.:-]+$")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """A warehouse with something in every section, capability runs among it, two workloads timed in turns, and
    two vision venues whose scraped strings are markup."""
    path = tmp_path_factory.mktemp("browser") / "filled.duckdb"
    con = connect(path)
    fill(con)
    load_capabilities(con)
    load_new_measurements(con)
    load_experiments(con, alternating("lstm", PYTORCH_FASTER) + alternating("transformer", EITHER_SIDE,
                                                                             first_seq=100))
    load_papers(con, {("ICCV", 2023): PAPERS[("CVPR", 2023)]}, title=EVIL)
    con.close()
    return path


@pytest.fixture(scope="module")
def report(warehouse):
    con = connect(warehouse)
    path = build_report(con, warehouse.parent / "report" / "index.html")
    con.close()
    return path


@pytest.fixture(scope="module")
def seed_only_report(tmp_path_factory):
    """The report of a warehouse that was only opened: nothing fetched, read or measured."""
    folder = tmp_path_factory.mktemp("seed-only")
    con = connect(folder / "fresh.duckdb")
    path = build_report(con, folder / "index.html")
    con.close()
    return path


def test_every_chart_draws_offline_with_no_error_and_no_request(open_offline, report):
    visit = open_offline(report)

    visit.page.wait_for_function(ALL_DRAWN)
    drawn = visit.page.evaluate(MARKS)
    assert len(drawn) == report.read_text(encoding="utf-8").count('class="chart"')
    assert all(n > 0 for n in drawn.values()), drawn
    assert visit.errors == []
    assert visit.requests == [report.resolve().as_uri()]
    assert visit.blocked == []


def test_scraped_markup_renders_as_text(open_offline, report):
    visit = open_offline(report)
    visit.page.wait_for_function(ALL_DRAWN)

    assert EVIL in visit.page.inner_text("body")
    assert visit.dialogs == []
    # The page's own scripts only: the Vega bundle, one spec per chart, and the one that embeds them.
    assert visit.page.locator("script").count() == 2 + visit.page.locator(".chart").count()


def test_the_headline_chart_draws_every_venue_from_the_seed_data_alone(open_offline, seed_only_report):
    visit = open_offline(seed_only_report)

    visit.page.wait_for_function(ALL_DRAWN)
    assert sorted(visit.page.evaluate(TREND_VENUES)) == sorted(
        ["NeurIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "ACL", "EMNLP", "NAACL"])
    assert "published by the study, not measured here" in visit.page.inner_text("header")
    assert "No paper has been read yet" in visit.page.inner_text("body")
    assert visit.errors == [] and visit.blocked == []


def test_venue_menu_filters_the_chart(open_offline, report):
    page = open_offline(report).page
    page.wait_for_function(ALL_DRAWN)
    every_venue = page.evaluate(TREND_SYMBOLS)

    page.select_option(f"{TREND_CHART} select", label="ICCV")

    page.wait_for_function(f"{TREND_SYMBOLS} < {every_venue}")
    assert page.evaluate(TREND_VENUES) == ["ICCV"]


def test_toggle_shows_the_papers_naming_each_side(open_offline, report):
    page = open_offline(report).page
    page.wait_for_function(ALL_DRAWN)
    assert "PyTorch share of conference papers" in page.inner_text(TREND_CHART)

    page.locator(f"{TREND_CHART} input[type=radio][value=counts]").check()

    page.wait_for_function(f"document.querySelector('{TREND_CHART}').textContent.includes('naming each framework')")
    strokes = page.evaluate(f"[...new Set({TREND_LINES}.map(line => line.getAttribute('stroke')))]")
    assert sorted(strokes) == ["#0072B2", "#D55E00"]  # PyTorch's side and TensorFlow's, nothing per venue


def test_legend_selection_fades_the_other_venues(open_offline, report):
    page = open_offline(report).page
    page.wait_for_function(ALL_DRAWN)
    faded = f"{TREND_LINES}.filter(line => Number(line.getAttribute('opacity') ?? 1) < 1).length"
    lines = page.evaluate(f"{TREND_LINES}.length")
    assert page.evaluate(faded) == 0

    page.locator(f"{TREND_CHART} .role-legend", has_text="Conference").locator(".role-legend-symbol path").first.click()

    page.wait_for_function(f"{faded} == {lines - 1}")


def test_tooltip_shows_the_numbers_of_a_point(open_offline, report):
    page = open_offline(report).page
    page.wait_for_function(ALL_DRAWN)

    page.locator(f"{TREND_CHART} svg.marks .mark-symbol path[aria-label*='95 % interval']").first.hover()

    tooltip = page.locator("#vg-tooltip-element.visible").inner_text()
    assert "PyTorch share" in tooltip and "95 % interval" in tooltip


def test_no_table_cell_shows_a_raw_identifier(open_offline, report, warehouse):
    con = connect(warehouse, read_only=True)
    run_ids = {run_id for (run_id,) in con.execute(
        "SELECT run_id FROM runs UNION SELECT run_id FROM experiment_runs UNION SELECT run_id FROM distributed_runs "
        "UNION SELECT run_id FROM recompilation_runs"
    ).fetchall()}
    con.close()
    page = open_offline(report).page

    cells = page.evaluate(CELLS)

    assert len(cells) > 300
    assert [cell for cell in cells if RAW.search(cell)] == []
    assert run_ids and not run_ids & set(cells)


def test_no_table_row_is_taller_than_its_text(open_offline, report):
    for viewport in (DESKTOP, PHONE):
        page = open_offline(report, viewport=viewport).page
        page.evaluate(OPEN_ALL)

        padding = page.evaluate(ROW_PADDING)

        assert len(padding) > 100
        assert max(padding) < 2, viewport
        assert page.evaluate(WRAPPED) == [], viewport


@pytest.mark.parametrize("built", ["report", "seed_only_report"])
def test_report_fits_a_phone(open_offline, request, built):
    visit = open_offline(request.getfixturevalue(built), viewport=PHONE, is_mobile=True)

    visit.page.wait_for_function(ALL_DRAWN)
    visit.page.evaluate(OPEN_ALL)
    assert visit.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    widths = visit.page.evaluate(
        "[...document.querySelectorAll('.chart svg.marks')].map(svg => svg.getBoundingClientRect().right)")
    assert widths and max(widths) <= PHONE["width"]
    assert visit.errors == []


def test_screenshots_at_desktop_and_phone_width(open_offline, report, seed_only_report, tmp_path_factory):
    folder = tmp_path_factory.mktemp("screenshots")
    for name, path in [("filled", report), ("seed-only", seed_only_report)]:
        for width, viewport in [("desktop", DESKTOP), ("phone", PHONE)]:
            page = open_offline(path, viewport=viewport, is_mobile=viewport is PHONE).page
            page.wait_for_function(ALL_DRAWN)
            page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
    print(f"\nscreenshots: {folder}")

    assert len(list(folder.glob("*.png"))) == 4


def test_report_is_under_three_megabytes(report):
    assert report.stat().st_size < 3_000_000


def test_the_browser_sees_what_a_page_requests_and_logs(open_offline, tmp_path):
    """The checks above would catch a page that reaches out, fails or opens a dialog: this one does all three."""
    page = tmp_path / "leaky.html"
    page.write_text('<img src="https://example.org/x.png"><script>console.error("broken"); alert("hi")</script>')

    visit = open_offline(page)

    assert visit.blocked == ["https://example.org/x.png"]
    assert "broken" in visit.errors
    assert visit.dialogs == ["hi"]
