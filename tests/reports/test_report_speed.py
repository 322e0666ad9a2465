"""Which framework is faster, as the report says it: from the TensorFlow/PyTorch step-time ratio of blocks timed
in turns (framework_speed_ratio) and its 95 % interval, in each of the four places that say it (the performance
section's sentence, the key figure, the scorecard's sentence, chart and table) and in the performance section's
table of ratios. Each in four warehouses: PyTorch faster, TensorFlow faster, a tie (the interval holds 1), and
runs timed before paired timing (no ratio: the medians compared, said to be unpaired)."""
from __future__ import annotations

import json
import re

import pytest
import vl_convert
from measured_rows import EITHER_SIDE, PYTORCH_FASTER, TENSORFLOW_FASTER, alternating, separately, timed_in_turns
from report_warehouse import load_experiments

from reports import evidence, wording
from reports.build import build_report
from reports.page import Figure, Note, Table
from reports.sections import headline, pairing, performance
from warehouse.db import connect

PROFILE = "gradient2019"
TALLY = re.compile(r"PyTorch is faster in (\d+), TensorFlow in (\d+), and the two are level within the 95 % "
                   r"interval in (\d+) of (\d+) configurations")
UNPAIRED = "unpaired: the frameworks were timed separately"
CASES = {
    "pytorch": alternating("mlp", PYTORCH_FASTER),
    "tensorflow": alternating("mlp", TENSORFLOW_FASTER),
    # The separately timed medians say PyTorch (0.9 ms against 1.0 ms); the ratio's interval holds 1.
    "tie": alternating("mlp", EITHER_SIDE, medians={"torch": 0.9, "tensorflow": 1.0}),
    "unpaired": separately("mlp", 1.0, 1.5),
}


@pytest.fixture
def con(tmp_path):
    con = connect(tmp_path / "speed.duckdb")
    yield con
    con.close()


def section(html: str, section_id: str) -> str:
    start = html.index(f'<section id="{section_id}">')
    return html[start:html.index("</section>", start)]


def view_ratio(con, workload: str = "mlp", tensorflow_mode: str = "function") -> tuple[float, float, float]:
    return con.execute("SELECT ratio, ci_low, ci_high FROM framework_speed_ratio WHERE workload = ? "
                       "AND tensorflow_mode = ? AND torch_mode = 'eager'", [workload, tensorflow_mode]).fetchone()


def shown_ratio(con, case: str) -> str:
    """What the report shows for TensorFlow's step time over PyTorch's in the case's one configuration."""
    if case == "unpaired":
        return "1.50× (unpaired)"
    ratio, low, high = view_ratio(con)
    return f"{ratio:.2f}× ({low:.2f}–{high:.2f})"


def tally(text: str) -> tuple[int, int, int, int]:
    (found,) = TALLY.findall(text)
    return tuple(map(int, found))


EXPECTED_TALLY = {"pytorch": (1, 0, 0, 1), "tensorflow": (0, 1, 0, 1), "tie": (0, 0, 1, 1), "unpaired": (1, 0, 0, 1)}


@pytest.mark.parametrize("case", CASES)
def test_matched_reads_the_paired_ratio_of_the_best_modes_or_says_it_is_unpaired(con, case):
    load_experiments(con, CASES[case])

    (row,) = evidence.matched(con).itertuples()

    assert row.faster == {"pytorch": "pytorch", "tensorflow": "tensorflow", "tie": "neither",
                          "unpaired": "pytorch"}[case]
    if case == "unpaired":
        assert not row.paired
        assert row.speed_ratio == pytest.approx(1.5)  # the medians' ratio
        assert row.speed_ci_low != row.speed_ci_low  # no interval (NaN)
    else:
        ratio, low, high = view_ratio(con)
        assert row.paired and row.speed_pairs == 2 * len(PYTORCH_FASTER) - 1
        assert (row.speed_ratio, row.speed_ci_low, row.speed_ci_high) == (ratio, low, high)
        assert {"pytorch": low > 1, "tensorflow": high < 1, "tie": low < 1 < high}[case]
    if case == "tie":
        assert row.torch_ms < row.tensorflow_ms  # what the medians alone would have called PyTorch's


def test_matched_takes_the_ratio_of_each_frameworks_fastest_mode(con):
    # TensorFlow eager at 2 ms and tf.function at 0.8 ms, each next to PyTorch eager at 1 ms.
    blocks = [block for ms in TENSORFLOW_FASTER for block in (
        ("torch", "eager", 1.0), ("tensorflow", "function", ms), ("torch", "eager", 1.0), ("tensorflow", "eager", 2.0))]
    load_experiments(con, timed_in_turns("mlp", blocks))

    (row,) = evidence.matched(con).itertuples()

    assert (row.tensorflow_mode, row.torch_mode, row.faster) == ("function", "eager", "tensorflow")
    assert row.speed_ratio == view_ratio(con, tensorflow_mode="function")[0]
    assert view_ratio(con, tensorflow_mode="eager")[0] == pytest.approx(2.0)


@pytest.mark.parametrize("case", CASES)
def test_performance_sentence_counts_ties_and_shows_the_ratio_with_its_interval(con, case):
    load_experiments(con, CASES[case])

    said = performance.build(con).summary

    assert tally(said) == EXPECTED_TALLY[case]
    assert f"TensorFlow's step time over PyTorch's: {shown_ratio(con, case)}." in said
    assert (UNPAIRED in said) == (case == "unpaired")


@pytest.mark.parametrize("case", CASES)
def test_key_figure_counts_where_pytorch_is_faster_beyond_the_interval(con, case):
    load_experiments(con, CASES[case])

    figure = headline.build(con, PROFILE).numbers[3]

    pytorch, tensorflow, level, total = EXPECTED_TALLY[case]
    assert figure.value == f"{pytorch} of {total}"
    assert f"TensorFlow faster in {tensorflow}, level in {level}" in figure.detail
    assert (UNPAIRED in figure.detail) == (case == "unpaired")


@pytest.mark.parametrize("case", CASES)
def test_scorecard_counts_ties_for_neither_and_shows_the_ratio_with_its_interval(con, case):
    load_experiments(con, CASES[case])

    section = pairing.build(con, PROFILE)

    assert tally(section.summary) == EXPECTED_TALLY[case]
    assert (UNPAIRED in section.summary) == (case == "unpaired")
    (chart, table) = section.blocks
    scores = {r.framework: r for r in chart.data.itertuples() if r.measure == "Performance: faster in"}
    pytorch, tensorflow, level, total = EXPECTED_TALLY[case]
    assert (scores["pytorch"].value, scores["tensorflow"].value) == (pytorch / total, tensorflow / total)
    assert f"level within the 95 % interval in {level}" in scores["pytorch"].detail
    speed = {row[0]: row[1:] for row in table.rows}["Performance: step time of the other against its own"]
    assert speed[0] == shown_ratio(con, case)
    if case == "unpaired":
        assert speed[1] == "0.67× (unpaired)"
    else:
        ratio, low, high = view_ratio(con)
        assert speed[1] == f"{1 / ratio:.2f}× ({1 / high:.2f}–{1 / low:.2f})"


@pytest.mark.parametrize("case", CASES)
def test_performance_table_shows_the_paired_ratios_or_says_there_are_none(con, case):
    load_experiments(con, CASES[case])

    blocks = {block.id: block for block in performance.build(con).blocks}

    if case == "unpaired":
        assert isinstance(blocks["speed-ratio"], Note)
        assert "speed-ratio-table" not in blocks
        return
    assert isinstance(blocks["speed-ratio"], Figure)
    assert "FROM framework_speed_ratio" in blocks["speed-ratio"].sql
    assert "framework_speed_ratio" in dict(blocks["speed-ratio"].definitions)
    table = blocks["speed-ratio-table"]
    assert isinstance(table, Table)
    assert table.columns == ["Workload", "Phase", "Device", "Precision", "Batch", "TensorFlow mode", "PyTorch mode",
                             "TensorFlow / PyTorch step time", "95 % interval", "Pairs of blocks", "Faster"]
    ratio, low, high = view_ratio(con)
    faster = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "tie": "neither (the interval holds 1)"}[case]
    assert table.rows == [["mlp", "train", "Test CPU", "fp32", "64", "tf.function", "eager", f"{ratio:.2f}×",
                           f"{low:.2f}–{high:.2f}", "19", faster]]


def test_a_report_of_every_case_together(con, tmp_path):
    """Four configurations, one of each case, one with two TensorFlow modes: the page says 2, 1 and 1 of 4, one
    unpaired, shows both mode pairs, draws a valid chart and shows no run id."""
    mixed = (
        timed_in_turns("mlp", [block for ms in PYTORCH_FASTER for block in (
            ("torch", "eager", 1.0), ("tensorflow", "function", ms), ("torch", "eager", 1.0),
            ("tensorflow", "eager", 2.0))])
        + alternating("cnn", TENSORFLOW_FASTER, first_seq=100)
        + alternating("lstm", EITHER_SIDE, first_seq=200)
        + separately("transformer", 1.0, 1.5)
    )
    load_experiments(con, mixed)

    html = build_report(con, tmp_path / "report" / "index.html").read_text(encoding="utf-8")

    header = html[:html.index("<main>")]
    assert '<span class="value">2 of 4</span>' in header
    assert "PyTorch is faster in 2, TensorFlow in 1, and the two are level within the 95 % interval in 1 of 4 " \
           "configurations measured in both with equal models, each framework in its fastest mode (1 of them " \
           "unpaired: the frameworks were timed separately" in html
    table = html[html.index("<caption>TensorFlow / PyTorch step time, timed block by block</caption>"):]
    table = table[:table.index("</table>")]
    assert "<th scope=\"col\">95 % interval</th>" in table and "<th scope=\"col\">Pairs of blocks</th>" in table
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
    shown = {(r[0], r[5], r[6]): r[7:] for r in rows if r}
    assert set(shown) == {("cnn", "tf.function", "eager"), ("lstm", "tf.function", "eager"),
                          ("mlp", "eager", "eager"), ("mlp", "tf.function", "eager")}
    assert shown[("mlp", "eager", "eager")][0] == "2.00×" and shown[("mlp", "eager", "eager")][3] == "PyTorch"
    assert shown[("lstm", "tf.function", "eager")][3] == "neither (the interval holds 1)"
    assert "paired-run" not in section(html, "performance")
    spec = re.search(r'<script type="application/json" id="spec-speed-ratio">(.*?)</script>', html, re.S).group(1)
    assert vl_convert.vegalite_to_vega(json.loads(spec))["marks"]


def test_ratio_interval_reads_as_a_ratio_with_its_interval():
    assert wording.ratio_interval(1.3149, 1.2733, 1.3512) == "1.31× (1.27–1.35)"
    assert wording.ratio_interval(1.5, None, None, paired=False) == "1.50× (unpaired)"
    assert wording.ratio_interval(None, None, None) == wording.MISSING
