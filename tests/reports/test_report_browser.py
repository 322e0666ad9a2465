"""The report in a real browser: headless Chromium opens the file with the network off. Every chart
draws its marks, nothing is logged as an error, no request leaves the page, scraped markup stays text,
the menus, legends and tooltips work, and the page fits a phone."""
from __future__ import annotations

import pytest
from browser import Chromium, find_browser
from report_warehouse import EVIL, PAPERS, fill, load_papers

from reports.build import build_report
from warehouse.db import connect

pytestmark = pytest.mark.skipif(
    find_browser() is None,
    reason="no Chromium on this machine: the browser tests need Debian's `chromium` package (apt-get install chromium)",
)

# Counts what each chart drew, by chart; an alert() the page might run is kept, not shown.
MARKS = """Object.fromEntries([...document.querySelectorAll('.chart')].map(
    chart => [chart.id.replace('chart-', ''), chart.querySelectorAll('svg.marks .role-mark > *').length]))"""
ALL_DRAWN = f"Object.values({MARKS}).every(n => n > 0) && document.querySelectorAll('.chart').length"
TRAP_ALERTS = "window.alerts = []; window.alert = message => window.alerts.push(String(message));"
VISION_SYMBOLS = "document.querySelectorAll('#chart-paper-share-vision svg.marks .mark-symbol path').length"


@pytest.fixture(scope="module")
def browser():
    with Chromium(find_browser()) as chromium:
        yield chromium


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


def test_every_chart_draws_offline_with_no_error_and_no_request(browser, report):
    visit = browser.open(report, before=TRAP_ALERTS)

    assert browser.wait_until(ALL_DRAWN), browser.evaluate(MARKS)
    drawn = browser.evaluate(MARKS)
    assert len(drawn) == report.read_text(encoding="utf-8").count('class="chart"')
    assert all(n > 0 for n in drawn.values()), drawn
    assert visit.errors == []
    assert visit.requests == [report.resolve().as_uri()]
    assert visit.blocked == []


def test_scraped_markup_renders_as_text(browser, report):
    browser.open(report, before=TRAP_ALERTS)
    browser.wait_until(ALL_DRAWN)

    assert EVIL in browser.evaluate("document.body.innerText")
    assert browser.evaluate("window.alerts") == []
    # The page's own scripts only: the Vega bundle, one spec per chart, and the one that embeds them.
    assert browser.evaluate("document.scripts.length") == 2 + browser.evaluate("document.querySelectorAll('.chart').length")


def test_venue_menu_filters_the_chart(browser, report):
    browser.open(report)
    browser.wait_until(ALL_DRAWN)
    both_venues = browser.evaluate(VISION_SYMBOLS)

    browser.evaluate("""(() => {
        const menu = document.querySelector('#chart-paper-share-vision select');
        menu.value = [...menu.options].find(option => option.text === 'ICCV').value;
        menu.dispatchEvent(new Event('change'));
    })()""")

    assert browser.wait_until(f"{VISION_SYMBOLS} < {both_venues}")
    assert browser.evaluate(VISION_SYMBOLS) > 0


def test_legend_selection_fades_the_other_venues(browser, report):
    browser.open(report)
    browser.wait_until(ALL_DRAWN)
    faded = """[...document.querySelectorAll('#chart-paper-share-vision svg.marks .mark-line path')]
        .filter(line => Number(line.getAttribute('opacity') ?? 1) < 1).length"""
    assert browser.evaluate(faded) == 0

    browser.evaluate("""document.querySelector('#chart-paper-share-vision .role-legend-symbol path')
        .dispatchEvent(new MouseEvent('click', {bubbles: true}))""")

    assert browser.wait_until(f"{faded} == 1")


def test_tooltip_shows_the_numbers_of_a_point(browser, report):
    browser.open(report)
    browser.wait_until(ALL_DRAWN)

    browser.evaluate("""(() => {
        const point = document.querySelector('#chart-paper-share-vision svg.marks .mark-symbol path');
        const box = point.getBoundingClientRect();
        point.dispatchEvent(new PointerEvent('pointermove',
            {bubbles: true, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2}));
    })()""")

    tooltip = browser.wait_until("document.querySelector('#vg-tooltip-element.visible')?.innerText")
    assert "PyTorch share" in tooltip and "95 % interval" in tooltip


def test_report_fits_a_phone(browser, report):
    visit = browser.open(report, width=375, height=800, mobile=True)

    assert browser.wait_until(ALL_DRAWN)
    assert browser.evaluate("document.documentElement.scrollWidth") <= 375
    widths = browser.evaluate("[...document.querySelectorAll('.chart svg.marks')].map(svg => svg.getBoundingClientRect().right)")
    assert widths and max(widths) <= 375
    assert visit.errors == []


def test_report_of_an_empty_warehouse_opens_cleanly(browser, tmp_path):
    con = connect(tmp_path / "empty.duckdb")
    path = build_report(con, tmp_path / "index.html")
    con.close()

    visit = browser.open(path)

    assert "No paper has been read yet" in browser.evaluate("document.body.innerText")
    assert browser.evaluate("document.querySelectorAll('.chart').length") == 0
    assert visit.errors == [] and visit.blocked == []


def test_the_browser_sees_what_a_page_requests_and_logs(browser, tmp_path):
    """The checks above would catch a page that reaches out or fails: this one does both."""
    page = tmp_path / "leaky.html"
    page.write_text('<img src="https://example.org/x.png"><script>console.error("broken")</script>')

    visit = browser.open(page)

    assert visit.blocked == ["https://example.org/x.png"]
    assert "broken" in visit.errors
