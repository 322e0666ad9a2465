"""The article's claims (../shared/ARTICLE.md) and their verdicts: the ids in the article's order, each rule
holding in one hand-made warehouse and not holding in another, and "not measurable" without evidence."""
from __future__ import annotations

import inspect
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from report_warehouse import load_papers, load_posts, load_relation

from reports import claims
from reports.claims import DOES_NOT_HOLD, HOLDS, NO_LONGER_HOLDS, NOT_MEASURED
from warehouse.db import connect

ARTICLE = Path(__file__).resolve().parents[3] / "shared" / "ARTICLE.md"
CLAIMS = {claim.id: claim for claim in claims.load_claims()}
AT = datetime(2024, 7, 1, tzinfo=UTC)


def verdict(con, claim_id: str) -> str:
    (judged,) = claims.judge(con, [CLAIMS[claim_id]])
    return judged.verdict


@pytest.fixture
def con(tmp_path):
    con = connect(tmp_path / "claims.duckdb")
    yield con
    con.close()


def one_side(pytorch_only: int, tensorflow_only: int) -> list[set[str]]:
    return [{"pytorch"}] * pytorch_only + [{"tensorflow"}] * tensorflow_only


@pytest.mark.skipif(not ARTICLE.exists(), reason="the article's file is beside the repository")
def test_the_ids_are_the_articles_in_its_order():
    ids = re.findall(r"\*\*((?:[A-Z]\d)|(?:(?:TF|PT)[+-]\d))\b", ARTICLE.read_text(encoding="utf-8"))
    assert [c.id for c in CLAIMS.values() if c.source is None] == list(dict.fromkeys(ids))


def test_every_claim_quotes_the_original_and_states_its_rule_or_why_it_has_none():
    assert CLAIMS["D1"].side == "PyTorch"
    for claim in CLAIMS.values():
        assert re.search("[а-яА-Я]", claim.quote), claim.id
        for part in claim.parts or ([{"rule": claim.rule, "params": claim.params}] if claim.rule else []):
            rule = claims.RULES[part["rule"]]
            inspect.signature(rule.judge).bind(None, **part["params"])
            assert "{" not in claims._statement(rule, part["params"]), claim.id
        assert claim.rule or claim.parts or claim.rests_on or claim.unmeasured, claim.id


def test_every_claim_is_not_measurable_in_an_empty_warehouse(con):
    judged = claims.judge(con)

    assert [j.claim.id for j in judged] == list(CLAIMS)
    assert {j.verdict for j in judged} == {NOT_MEASURED}
    assert all(j.evidence.missing for j in judged)


@pytest.mark.parametrize(("now", "then", "expected"), [
    (True, None, HOLDS), (False, True, NO_LONGER_HOLDS), (False, None, DOES_NOT_HOLD), (None, True, NOT_MEASURED),
])
def test_verdict_follows_from_now_and_then(now, then, expected):
    assert claims.verdict(now, then) == expected


def test_a1_is_judged_on_each_part(con):
    venues = ["CVPR", "ACL", "ICML"]
    load_papers(con, {(v, 2017): one_side(2, 20) for v in venues} | {(v, 2020): one_side(20, 2) for v in venues})
    assert verdict(con, "A1") == HOLDS

    load_papers(con, {(v, 2017): one_side(20, 2) for v in venues})  # PyTorch led before 2018 too
    (judged,) = claims.judge(con, [CLAIMS["A1"]])
    assert judged.verdict == DOES_NOT_HOLD
    assert all(line.startswith("TensorFlow led before 2018") for line in judged.evidence.opposing)

    load_papers(con, {(v, 2017): one_side(2, 20) for v in venues} | {(v, 2020): one_side(2, 20) for v in venues[:2]})
    assert verdict(con, "A1") == DOES_NOT_HOLD


def test_a1_needs_many_conferences(con):
    load_papers(con, {("CVPR", 2017): one_side(2, 20), ("CVPR", 2020): one_side(20, 2)})
    assert verdict(con, "A1") == NOT_MEASURED


def test_a2_research_ahead_of_industry(con):
    load_papers(con, {("CVPR", 2024): one_side(40, 4)})
    load_posts(con, {date(2024, 6, 1): one_side(5, 20)}, company="A company")
    assert verdict(con, "A2") == HOLDS

    load_posts(con, {date(2024, 6, 1): one_side(40, 4)}, company="A company")
    assert verdict(con, "A2") == DOES_NOT_HOLD


def test_the_rows_behind_a_claim_carry_the_sql_the_rule_read_with_its_parameters(con):
    from reports.sections import verdicts

    load_papers(con, {("CVPR", 2024): one_side(40, 4)})
    load_posts(con, {date(2024, 6, 1): one_side(5, 20)}, company="A company")

    (judged,) = claims.judge(con, [CLAIMS["A2"]])
    (table,) = [b for b in verdicts.build(con).blocks if b.id == "rows-claim-a2"]

    assert len(judged.sql) == 2 and table.sql == ";\n\n".join(judged.sql)
    assert "-- $profile = 'gradient2019'" in judged.sql[0] and "FROM paper_framework_share" in judged.sql[0]
    assert "-- $source = 'hn', $months = 12, $year = None" in judged.sql[1]
    assert {name for name, _ in table.definitions} >= {"paper_framework_share", "job_framework_share"}
    pooled = con.execute(judged.sql[0].split("\n", 1)[1], {"profile": "gradient2019", "year": None}).df()
    assert int(pooled["pytorch_only"].iloc[0]) == 40  # the figures of the table's first row, read again


def test_a3_sets_the_published_figure_beside_todays_and_never_judges_today_by_it(con):
    load_posts(con, {date(2024, m, 1): one_side(2, 10) for m in (4, 5, 6)}, company="A company")
    (judged,) = claims.judge(con, [CLAIMS["A3"]])
    assert judged.verdict == HOLDS
    assert "published by the article, not measured here" in set(judged.evidence.rows["Origin"])

    load_posts(con, {date(2024, m, 1): one_side(10, 2) for m in (4, 5, 6)}, company="A company")
    assert verdict(con, "A3") == NO_LONGER_HOLDS  # the article's 1,541 vs 1,437 say it held then

    load_posts(con, {date(2019, 10, 1): one_side(10, 2)}, company="A company")
    assert verdict(con, "A3") == DOES_NOT_HOLD


def origins(tensorflow: str, pytorch: str) -> list[dict]:
    return [{"framework": name, "package": package, "first_version": "0.1", "first_upload_at": pd_time(at),
             "releases": 10, "response_date": AT, "history_note": "a note"}
            for name, package, at in (("tensorflow", "tensorflow", tensorflow), ("pytorch", "torch", pytorch))]


def pd_time(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def test_f1_origins(con):
    load_relation(con, "framework_origins", origins("2015-11-09", "2017-08-05"))
    assert verdict(con, "F1") == HOLDS
    load_relation(con, "framework_origins", origins("2016-12-01", "2018-01-10"))  # PyPI came later: no refutation
    assert verdict(con, "F1") == HOLDS

    load_relation(con, "framework_origins", origins("2014-01-01", "2017-08-05"))
    assert verdict(con, "F1") == DOES_NOT_HOLD
    load_relation(con, "framework_origins", origins("2017-09-01", "2017-08-05"))
    assert verdict(con, "F1") == DOES_NOT_HOLD


def change(framework: str, mode: str, change: str, compiles: int, extra_s: float = 0.0,
           frozen: float | None = None) -> dict:
    return {"framework": framework, "workload": "mlp", "mode": mode, "device": "cpu", "change": change,
            "status": "ok", "compiles": compiles, "first_call_s": 0.1 + extra_s, "extra_compile_s": extra_s,
            "break_even_steps": 100, "frozen_infer_speedup": frozen, "frozen_batch_size": 64}


def changes(eager_compiles: int, graph_compiles: int, graph_extra_s: float, frozen: float = 1.5) -> list[dict]:
    return [change(f, "eager", c, eager_compiles) for f in ("torch", "tensorflow") for c in ("batch_size", "dtype")] + [
        change(f, m, c, graph_compiles, graph_extra_s, frozen)
        for f, m in (("torch", "compile"), ("tensorflow", "function")) for c in ("batch_size", "dtype")
    ] + [change("torch", "compile", "initial", 1, 5.0, frozen)]


def test_e1_dynamic_against_static(con):
    load_relation(con, "recompilation_cost", [r for r in changes(0, 1, 2.0) if not (
        r["framework"] == "tensorflow" and r["mode"] == "eager")])
    assert verdict(con, "E1") == HOLDS

    load_relation(con, "recompilation_cost", changes(0, 1, 2.0))  # TensorFlow runs eagerly today
    assert verdict(con, "E1") == NO_LONGER_HOLDS


@pytest.mark.parametrize("claim_id", ["E2", "PT+2"])
def test_eager_needs_no_compiling_when_the_input_changes(con, claim_id):
    load_relation(con, "recompilation_cost", changes(0, 1, 2.0))
    assert verdict(con, claim_id) == HOLDS

    load_relation(con, "recompilation_cost", changes(1, 1, 2.0))
    assert verdict(con, claim_id) == DOES_NOT_HOLD


def test_e2_fails_when_compiling_costs_no_more_than_eager(con):
    load_relation(con, "recompilation_cost", changes(0, 1, 0.0))
    assert verdict(con, "E2") == DOES_NOT_HOLD


def test_e3_recompiling_and_the_frozen_graphs_speed(con):
    load_relation(con, "recompilation_cost", changes(0, 1, 2.0, frozen=1.5))
    assert verdict(con, "E3") == HOLDS

    load_relation(con, "recompilation_cost", changes(0, 1, 2.0, frozen=0.9))
    assert verdict(con, "E3") == DOES_NOT_HOLD
    load_relation(con, "recompilation_cost", changes(0, 0, 2.0, frozen=1.5))
    assert verdict(con, "E3") == DOES_NOT_HOLD


def test_tf2_held_in_the_articles_time_but_no_longer_once_tensorflow_runs_eagerly(con):
    rows = changes(0, 1, 2.0)
    load_relation(con, "recompilation_cost", [r | {"compiles": 1} if r["framework"] == "tensorflow" else r
                                              for r in rows])
    assert verdict(con, "TF-2") == HOLDS

    load_relation(con, "recompilation_cost", rows)
    assert verdict(con, "TF-2") == NO_LONGER_HOLDS


def scaling(framework: str, strategy: str, workers: int, efficiency: float, lines: int) -> dict:
    return {"framework": framework, "strategy": strategy, "workload": "mlp", "device": "cpu", "workers": workers,
            "scaling_efficiency": efficiency, "setup_lines": lines}


def test_d1_pytorchs_advantage_on_both_parts(con):
    base = [scaling("torch", "single process", 1, 1.0, 0), scaling("tensorflow", "single process", 1, 1.0, 0)]
    load_relation(con, "distributed_scaling", base + [scaling("torch", "DDP", 2, 0.6, 4),
                                                      scaling("tensorflow", "MultiWorkerMirroredStrategy", 2, 0.4, 18)])
    assert verdict(con, "D1") == HOLDS

    load_relation(con, "distributed_scaling", base + [scaling("torch", "DDP", 2, 0.6, 4),
                                                      scaling("tensorflow", "MirroredStrategy", 2, 0.7, 15)])
    assert verdict(con, "D1") == DOES_NOT_HOLD


def placement(strategy: str, placements: int, kind: str = "code") -> dict:
    return {"framework": "tensorflow", "strategy": strategy, "name": strategy, "kind": kind, "status": "ok",
            "placements": placements, "fact": "one tower per GPU under tf.device", "source": "https://example.org"}


def test_d2_by_hand_for_every_strategy_or_held_in_tensorflow_1(con):
    load_relation(con, "device_placement", [placement("mirrored", 2), placement("multi-worker", 1)])
    assert verdict(con, "D2") == HOLDS

    load_relation(con, "device_placement", [placement("mirrored", 2), placement("multi-worker", 0)])
    assert verdict(con, "D2") == DOES_NOT_HOLD

    load_relation(con, "device_placement", [placement("multi-worker", 0), placement("tf1-guide", 4, "documented")])
    assert verdict(con, "D2") == NO_LONGER_HOLDS


def feature_rows(tool: str, framework: str, supported: list[str], unsupported: list[str] = ()) -> list[dict]:
    return [{"tool": tool, "framework": framework, "feature": f, "status": status, "reason": None, "read_back": 1}
            for status, features in (("supported", supported), ("unsupported", unsupported)) for f in features]


TENSORBOARD = ["scalars", "graph", "histograms", "images", "text", "audio", "profiler_trace"]


def test_v1_counts_each_tools_features(con):
    load_relation(con, "visualisation_matrix", feature_rows("TensorBoard", "tensorflow", TENSORBOARD)
                  + feature_rows("Visdom", "torch", ["scalars", "images", "callbacks"], ["graph"]))
    assert verdict(con, "V1") == HOLDS

    load_relation(con, "visualisation_matrix", feature_rows("TensorBoard", "tensorflow", ["scalars"], ["graph"])
                  + feature_rows("Visdom", "torch", ["scalars", "images", "callbacks"]))
    assert verdict(con, "V1") == DOES_NOT_HOLD


@pytest.mark.parametrize(("claim_id", "tool", "framework", "features"), [
    ("V2", "TensorBoard", "tensorflow", TENSORBOARD), ("V3", "Visdom", "torch", ["callbacks", "scalars"]),
])
def test_a_tool_shows_every_feature_the_article_lists(con, claim_id, tool, framework, features):
    load_relation(con, "visualisation_matrix", feature_rows(tool, framework, features))
    assert verdict(con, claim_id) == HOLDS

    load_relation(con, "visualisation_matrix", feature_rows(tool, framework, features[1:], features[:1]))
    assert verdict(con, claim_id) == DOES_NOT_HOLD


def test_pt1_pytorch_writing_tensorboard_itself_refutes_it(con):
    load_relation(con, "visualisation_matrix", feature_rows("TensorBoard", "torch", ["scalars"], ["graph", "histograms"]))
    assert verdict(con, "PT-1") == HOLDS

    load_relation(con, "visualisation_matrix", feature_rows("TensorBoard", "torch", ["scalars", "graph", "histograms"]))
    assert verdict(con, "PT-1") == DOES_NOT_HOLD


def served(server: str, framework: str, status: str, product: bool = True, match: bool = True) -> dict:
    return {"server": server, "framework": framework, "framework_product": product, "concurrency": 1,
            "status": status, "reason": None if status == "ok" else "not on PyPI", "outputs_match": match,
            "p50_ms": 1.0, "p99_ms": 2.0, "maintenance": None}


def test_p1_needs_each_frameworks_own_server_measured(con):
    load_relation(con, "serving_comparison", [served("TensorFlow Serving", "tensorflow", "ok"),
                                              served("TorchServe", "torch", "failed", match=False),
                                              served("FastAPI + uvicorn", "torch", "ok", product=False)])
    assert verdict(con, "P1") == HOLDS
    assert verdict(con, "PT-2") == HOLDS
    assert verdict(con, "TF+3") == HOLDS

    load_relation(con, "serving_comparison", [served("TensorFlow Serving", "tensorflow", "not_run"),
                                              served("TorchServe", "torch", "ok")])
    assert verdict(con, "P1") == DOES_NOT_HOLD  # TorchServe served: PyTorch has one of its own
    assert verdict(con, "PT-2") == DOES_NOT_HOLD
    assert verdict(con, "TF+3") == NOT_MEASURED


def test_tf3_does_not_hold_when_tensorflows_own_server_fails(con):
    load_relation(con, "serving_comparison", [served("TensorFlow Serving", "tensorflow", "failed", match=False)])
    assert verdict(con, "TF+3") == DOES_NOT_HOLD


def test_tf4_on_device(con):
    row = {"framework": "tensorflow", "format": "tflite", "workload": "cnn", "status": "ok", "reason": None,
           "outputs_match": True, "latency_ms": 1.0}
    load_relation(con, "mobile_export", [row])
    assert verdict(con, "TF+4") == HOLDS

    load_relation(con, "mobile_export", [row | {"status": "failed", "outputs_match": None}])
    assert verdict(con, "TF+4") == DOES_NOT_HOLD


def bug(framework: str, mode: str, names_line: bool, frames: int) -> dict:
    return {"framework": framework, "mode": mode, "status": "ok", "error_type": "ValueError",
            "names_bug_line": names_line, "framework_frames": frames}


def test_tf1_debugging_by_its_proxy(con):
    load_relation(con, "debugging_errors", [bug("torch", "eager", True, 3), bug("tensorflow", "eager", True, 3),
                                            bug("tensorflow", "function", False, 20)])
    assert verdict(con, "TF-1") == HOLDS

    load_relation(con, "debugging_errors", [bug("torch", "eager", True, 9), bug("tensorflow", "eager", True, 3)])
    assert verdict(con, "TF-1") == DOES_NOT_HOLD


def test_c1_rests_on_the_claims_it_summarises_and_links_them(con):
    load_relation(con, "serving_comparison", [served("TensorFlow Serving", "tensorflow", "ok"),
                                              served("TorchServe", "torch", "failed", match=False)])
    load_relation(con, "visualisation_matrix", feature_rows("TensorBoard", "tensorflow", TENSORBOARD)
                  + feature_rows("Visdom", "torch", ["scalars"]))
    (judged,) = claims.judge(con, [CLAIMS["C1"]])
    assert judged.verdict == HOLDS
    assert judged.evidence.links == CLAIMS["C1"].rests_on

    load_relation(con, "serving_comparison", [served("TorchServe", "torch", "ok"),
                                              served("TensorFlow Serving", "tensorflow", "failed", match=False)])
    assert verdict(con, "C1") == DOES_NOT_HOLD


def test_the_claims_section_groups_as_the_article_and_links_every_verdict_to_its_rows(con):
    from reports.sections import verdicts

    load_relation(con, "visualisation_matrix", feature_rows("TensorBoard", "tensorflow", TENSORBOARD)
                  + feature_rows("Visdom", "torch", ["scalars"]))
    section = verdicts.build(con)

    groups = [b.caption for b in section.blocks if b.id and b.id.startswith("claims-")]
    assert groups == ["Adoption", "Facts about the two libraries", "Execution model", "Distributed training",
                      "Visualisation", "Production", "The pros and cons lists", "Conclusion"]
    ids = {b.id for b in section.blocks}
    rows = [row for b in section.blocks if b.id.startswith("claims-") for row in b.rows]
    assert [row[0].label for row in rows] == list(CLAIMS)
    for row in rows:
        verdict_measured = row[3] not in (NOT_MEASURED,) and not isinstance(row[3], list)
        if verdict_measured:
            links = row[7] if isinstance(row[7], list) else [row[7]]
            assert all(link.target in ids or link.target.startswith("claim-") for link in links)
