"""The report in a real browser: headless Chromium opens the file with the network off. Every chart
draws its marks, nothing is logged as an error, no request leaves the page, scraped markup stays text,
the menus, legends and tooltips work, and the page fits a phone."""
from __future__ import annotations

import pytest
from report_warehouse import EVIL, PAPERS, fill, load_papers

from reports.build import build_report
from warehouse.db import connect

# Counts what each chart drew, by chart.
MARKS = """Object.fromEntries([...document.querySelectorAll('.chart')].map(
    chart => [chart.id.replace('chart-', ''), chart.querySelectorAll('svg.marks .role-mark > *').length]))"""
ALL_DRAWN = f"Object.values({MARKS}).every(n => n > 0) && document.querySelectorAll('.chart').length"
VISION_CHART = "#chart-paper-share-vision"
VISION_SYMBOLS = f"document.querySelectorAll('{VISION_CHART} svg.marks .mark-symbol path').length"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The report of a warehouse with something in every section and two vision venues, whose
    scraped strings are markup."""
    folder = tmp_path_factory.mktemp("browser")
    con = connect(folder / "filled.duckdb")
    fill(con)
    load_papers(con, {("ICCV", 2023): PAPERS[("CVPR", 2023)]}, title=EVIL)
    path = build_report(con, folder / "report" / "index.html")
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


def test_venue_menu_filters_the_chart(open_offline, report):
    page = open_offline(report).page
    page.wait_for_function(ALL_DRAWN)
    both_venues = page.evaluate(VISION_SYMBOLS)

    page.select_option(f"{VISION_CHART} select", label="ICCV")

    page.wait_for_function(f"{VISION_SYMBOLS} < {both_venues}")
    assert page.evaluate(VISION_SYMBOLS) > 0


def test_legend_selection_fades_the_other_venues(open_offline, report):
    page = open_offline(report).page
    page.wait_for_function(ALL_DRAWN)
    faded = f"""[...document.querySelectorAll('{VISION_CHART} svg.marks .mark-line path')]
        .filter(line => Number(line.getAttribute('opacity') ?? 1) < 1).length"""
    assert page.evaluate(faded) == 0

    page.locator(f"{VISION_CHART} .role-legend-symbol path").first.click()

    page.wait_for_function(f"{faded} == 1")


def test_tooltip_shows_the_numbers_of_a_point(open_offline, report):
    page = open_offline(report).page
    page.wait_for_function(ALL_DRAWN)

    page.locator(f"{VISION_CHART} svg.marks .mark-symbol path").first.hover()

    tooltip = page.locator("#vg-tooltip-element.visible").inner_text()
    assert "PyTorch share" in tooltip and "95 % interval" in tooltip


def test_report_fits_a_phone(open_offline, report):
    visit = open_offline(report, viewport={"width": 375, "height": 800}, is_mobile=True)

    visit.page.wait_for_function(ALL_DRAWN)
    assert visit.page.evaluate("document.documentElement.scrollWidth") <= 375
    widths = visit.page.evaluate(
        "[...document.querySelectorAll('.chart svg.marks')].map(svg => svg.getBoundingClientRect().right)")
    assert widths and max(widths) <= 375
    assert visit.errors == []


def test_report_of_an_empty_warehouse_opens_cleanly(open_offline, tmp_path):
    con = connect(tmp_path / "empty.duckdb")
    path = build_report(con, tmp_path / "index.html")
    con.close()

    visit = open_offline(path)

    assert "No paper has been read yet" in visit.page.inner_text("body")
    assert visit.page.locator(".chart").count() == 0
    assert visit.errors == [] and visit.blocked == []


def test_the_browser_sees_what_a_page_requests_and_logs(open_offline, tmp_path):
    """The checks above would catch a page that reaches out, fails or opens a dialog: this one does all three."""
    page = tmp_path / "leaky.html"
    page.write_text('<img src="https://example.org/x.png"><script>console.error("broken"); alert("hi")</script>')

    visit = open_offline(page)

    assert visit.blocked == ["https://example.org/x.png"]
    assert "broken" in visit.errors
    assert visit.dialogs == ["hi"]
