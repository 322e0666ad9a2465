"""The capability measurements in the performance section: recompilation, device placement, model servers, the
visualisation matrix and debugging beside distributed training, serving, mobile export and TensorBoard, each a
table with human headings and worded numbers, read through the warehouse's own views (a heading whose columns a
view lacks would silently go missing), with no run id, log folder or snake_case name in a cell."""
from __future__ import annotations

import json
import re

import pytest
from measured_rows import RUN_ID, load_new_measurements
from report_warehouse import experiment, load_capabilities, load_experiments

from reports.build import build_report
from reports.page import Code, Note, Table
from reports.sections import performance
from warehouse.db import connect

# What a raw identifier looks like in a cell: a snake_case name, a UUID, a `source:item` key.
RAW = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$|[0-9a-f]{8}-[0-9a-f]{4}-|^[a-z]+:[\w.:-]+$")
NEW = ["recompilation_cost", "device_placement", "serving_comparison", "visualisation_matrix", "debugging_errors"]
HEADINGS = {
    "recompilation_cost": ["Framework", "Workload", "Mode", "Device", "Change of input", "Outcome", "Compiles",
                           "First call (s)", "Compile (s)", "Compile beyond eager's (s)", "Step (ms)",
                           "Eager step (ms)", "Steps until it pays off"],
    "device_placement": ["Framework", "Strategy", "Kind", "Outcome", "Placements by hand", "Needs none",
                         "What the source says", "Source"],
    "serving_comparison": ["Server", "Version", "The framework's own", "Maintenance", "Framework", "Format",
                           "Workload", "Device", "Clients at once", "Outcome", "Requests answered",
                           "Throughput (requests/s)", "Latency p50 (ms)", "Latency p99 (ms)", "Start-up (s)",
                           "Outputs match"],
    "visualisation_matrix": ["Tool", "Written from", "Feature", "Device", "Outcome", "Call that wrote it", "Written",
                             "Read back", "What was read"],
    "debugging_errors": ["Framework", "Mode", "Device", "Outcome", "Error", "Names the bug's line",
                         "Traceback reaches the bug", "Framework frames in the way", "Traceback frames",
                         "Lines printed"],
}


@pytest.fixture
def con(tmp_path):
    con = connect(tmp_path / "measurements.duckdb")
    yield con
    con.close()


def tables(con) -> dict[str, Table | Note]:
    return {block.id: block for block in performance.build(con).blocks if block.id}


def cell_texts(table: Table) -> list[str]:
    """Every cell's text but the names to type (Code), as a browser would show them."""
    return [cell for row in table.rows for cell in row if not isinstance(cell, Code)]


def test_each_new_measurement_is_a_table_with_human_headings(con):
    load_new_measurements(con)

    found = tables(con)

    for relation in NEW:
        table = found[relation]
        assert isinstance(table, Table), relation
        assert table.columns == HEADINGS[relation], relation
        assert table.caption == performance.MEASUREMENTS[relation]
        assert table.note, relation  # a sentence on what it shows
        assert all(not RAW.search(heading) for heading in table.columns), relation


def test_the_new_measurements_show_no_raw_identifier(con):
    load_new_measurements(con)

    found = tables(con)

    cells = [cell for relation in NEW for cell in cell_texts(found[relation])]
    assert cells and [cell for cell in cells if RAW.search(cell)] == []
    for raw in (RUN_ID, "data/tensorboard/torch/visualisation", "/tmp/fwtrends-debug/user_step.py",
                "ddp.py:12: model.to(device)", "functional.py:123"):
        assert not any(raw in cell for cell in cells), raw


def test_the_new_measurements_read_as_people_say_them(con):
    load_new_measurements(con)

    found = tables(con)

    recompiled = {(r[2], r[4]): r for r in found["recompilation_cost"].rows}
    assert set(recompiled) >= {("eager", "first input"), ("torch.compile (dynamic=True)", "another batch size")}
    dynamic = recompiled[("torch.compile (dynamic=True)", "new batch size")]
    assert dynamic[5:] == ["measured", "1", "4.20", "4.20", "4.19", "1.20", "2.00", "5,238"]
    assert recompiled[("eager", "new batch size")][-1] == "–"  # eager is the baseline, not a compile to pay off
    assert recompiled[("XLA", "first input")][5] == "not run: XLA is not installed on this machine"
    placement = {r[1]: r for r in found["device_placement"].rows}
    assert placement["DistributedDataParallel"][2:6] == ["counted in our code", "measured", "2", "no"]
    assert placement["TensorFlow 1.x multi-GPU guide"][2] == "documented for TensorFlow 1.x"
    servers = {(r[0], r[8]): r for r in found["serving_comparison"].rows}
    assert servers[("TorchServe", "8")][1:8] == ["torchserve 0.12.0", "yes", "limited", "PyTorch", "torch.export",
                                                 "mlp", "CPU"]
    assert servers[("TorchServe", "8")][10:] == ["200", "2,404", "8.80", "23.20", "14.2", "yes"]
    assert servers[("TensorFlow Serving", "1")][9] == "not run: tensorflow_model_server is not installed"
    features = {r[2]: r for r in found["visualisation_matrix"].rows}
    assert features["profiler trace"][4] == "unsupported: no trace was read back"
    assert features["scalars"][5] == Code("add_scalar")
    assert features["histograms"][6:] == ["5", "5", "5 histograms"]
    errors = {r[0]: r for r in found["debugging_errors"].rows}
    assert errors["TensorFlow"][1:] == ["tf.function", "CPU", "measured", "InvalidArgumentError", "no", "no", "29",
                                        "31", "65"]


def test_the_section_reads_in_order_single_device_speed_compiling_distributed_serving_tools(con):
    load_new_measurements(con)
    load_capabilities(con)

    order = [block.id for block in performance.build(con).blocks if block.id]

    assert order == ["step-time", "speed-ratio", "compile-payoff", "recompilation_cost", "distributed_scaling",
                     "device_placement", "serving_latency", "serving_comparison", "mobile_export",
                     "tensorboard_logging", "visualisation_matrix", "debugging_errors"]


def test_the_page_shows_the_new_headings_and_not_their_columns(con, tmp_path):
    load_new_measurements(con)

    html = build_report(con, tmp_path / "report" / "index.html").read_text(encoding="utf-8")

    start = html.index('<section id="performance">')
    shown = html[start:html.index("</section>", start)]
    for relation in NEW:
        assert f"<caption>{performance.MEASUREMENTS[relation]}</caption>" in shown
    headings = set(re.findall(r'<th scope="col">(.*?)</th>', shown))
    assert {"Steps until it pays off", "Clients at once", "Framework frames in the way", "Placements by hand",
            "Call that wrote it"} <= {h.replace("&#39;", "'") for h in headings}
    for raw in ("break_even_steps", "extra_compile_s", "framework_frames", "bug_frame_in_traceback", "log_dir",
                "run_id", "needs_none", "framework_product", "concurrency"):
        assert f"<th scope=\"col\">{raw}</th>" not in shown and f"<td>{raw}</td>" not in shown
    assert RUN_ID not in shown
    for relation in ("distributed_scaling", "serving_latency", "mobile_export", "tensorboard_logging"):
        assert f'<p class="note" id="{relation}">{performance.MEASUREMENTS[relation]}: not measured' in shown


def test_each_measurement_table_carries_the_sql_and_views_its_rows_came_from(con, tmp_path):
    load_new_measurements(con)

    found = tables(con)

    for relation in NEW:
        assert found[relation].sql == f'SELECT * FROM "{relation}"'
        assert relation in dict(found[relation].definitions)
    html = build_report(con, tmp_path / "report.html").read_text()
    for relation in NEW:
        table = html[html.index(f'id="{relation}"'):]
        assert table.index('<details class="sql">') < table.index("</div>")


def _run_started_at_load(run_id: str, workload: str, load: float) -> list[dict]:
    rows = [experiment(workload, framework, "eager", 10.0, run_id=run_id) for framework in ("torch", "tensorflow")]
    for row in rows:
        fingerprint = json.loads(row["fingerprint"])
        fingerprint["machine"] |= {"usable_cpus": 2, "load_average_1min": load, "busy": load >= 1}
        row["fingerprint"] = json.dumps(fingerprint)
    return rows


def test_a_run_started_on_a_busy_machine_is_flagged_beside_its_environment(con):
    load_experiments(con, _run_started_at_load("idle-run", "mlp", 0.3))

    environment = tables(con)["environment"]
    assert {row[6] for row in environment.rows} == {"0.3 on 2 CPUs"}
    assert environment.note is None

    load_experiments(con, _run_started_at_load("busy-run", "cnn", 3.9))

    environment = tables(con)["environment"]
    assert "3.9 on 2 CPUs (busy)" in {row[6] for row in environment.rows}
    assert "busy (load average up to 3.9)" in environment.note
