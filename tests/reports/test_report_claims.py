"""The claims' verdicts: each claim with a rule holds in one hand-made warehouse and flips when its
evidence flips in another; a rule that finds no evidence says "not measured"."""
from __future__ import annotations

import inspect
from datetime import date

import pytest
from report_warehouse import (
    experiment,
    load_community,
    load_experiments,
    load_papers,
    load_posts,
    load_relation,
    monthly,
)

from reports import claims
from reports.claims import DOES_NOT_HOLD, HOLDS, NO_LONGER_HOLDS, NOT_MEASURED
from warehouse.db import connect

CLAIMS = {claim.id: claim for claim in claims.load_claims()}


def claims_judged_by(rule: str) -> list[str]:
    return [claim.id for claim in CLAIMS.values() if claim.rule == rule]


def verdict(con, claim_id: str) -> str:
    (judged,) = claims.judge(con, [CLAIMS[claim_id]])
    return judged.verdict


@pytest.fixture
def con(tmp_path):
    con = connect(tmp_path / "claims.duckdb")
    yield con
    con.close()


def papers(pytorch_only: int, tensorflow_only: int) -> list[set[str]]:
    return [{"pytorch"}] * pytorch_only + [{"tensorflow"}] * tensorflow_only


def posts(pytorch_only: int, tensorflow_only: int) -> list[set[str]]:
    return [{"pytorch"}] * pytorch_only + [{"tensorflow"}] * tensorflow_only


def test_every_claim_has_a_known_rule_whose_thresholds_it_states_or_says_why_it_has_none():
    for claim in CLAIMS.values():
        if claim.rule is None:
            assert claim.unmeasured, claim.id
            continue
        rule = claims.RULES[claim.rule]
        inspect.signature(rule.judge).bind(None, **claim.params)
        assert "{" not in claims._statement(rule, claim.params), claim.id


def test_every_claim_is_not_measured_in_an_empty_warehouse(con):
    judged = claims.judge(con)

    assert {j.claim.id for j in judged} == set(CLAIMS)
    assert {j.verdict for j in judged} == {NOT_MEASURED}
    assert all(j.evidence.missing for j in judged)


@pytest.mark.parametrize(("now", "then", "expected"), [
    (True, None, HOLDS), (True, False, HOLDS), (False, True, NO_LONGER_HOLDS), (False, False, DOES_NOT_HOLD),
    (False, None, DOES_NOT_HOLD), (None, True, NOT_MEASURED),
])
def test_verdict_follows_from_now_and_then(now, then, expected):
    assert claims.verdict(now, then) == expected


@pytest.mark.parametrize("claim_id", claims_judged_by("research_majority"))
def test_research_majority_flips_with_the_venues_shares(con, claim_id):
    venues = ["CVPR", "ACL", "ICML"]
    load_papers(con, {(venue, 2019): papers(20, 2) for venue in venues}
                | {(venue, 2024): papers(20, 2) for venue in venues})
    assert verdict(con, claim_id) == HOLDS

    load_papers(con, {(venue, 2024): papers(2, 20) for venue in venues[:2]})
    assert verdict(con, claim_id) == NO_LONGER_HOLDS

    load_papers(con, {(venue, 2019): papers(2, 20) for venue in venues})
    assert verdict(con, claim_id) == DOES_NOT_HOLD

    # An interval that straddles the threshold is no majority either.
    load_papers(con, {(venue, 2024): papers(12, 10) for venue in venues})
    assert verdict(con, claim_id) == DOES_NOT_HOLD


@pytest.mark.parametrize("claim_id", claims_judged_by("job_lead"))
def test_job_lead_flips_with_the_postings(con, claim_id):
    load_posts(con, {date(2024, month, 1): posts(2, 10) for month in (4, 5, 6)}, company="A company")
    assert verdict(con, claim_id) == HOLDS

    load_posts(con, {date(2024, month, 1): posts(10, 2) for month in (4, 5, 6)}, company="A company")
    # Without postings from the article's year, its own figures (TensorFlow ahead) say it held then.
    assert verdict(con, claim_id) == NO_LONGER_HOLDS

    load_posts(con, {date(2019, 10, 1): posts(10, 2)}, company="A company")
    assert verdict(con, claim_id) == DOES_NOT_HOLD

    load_posts(con, {date(2019, 10, 1): posts(2, 10)}, company="A company")
    assert verdict(con, claim_id) == NO_LONGER_HOLDS


@pytest.mark.parametrize("claim_id", claims_judged_by("community_lead"))
def test_community_lead_flips_with_the_counts(con, claim_id):
    source = CLAIMS[claim_id].params["source"]
    load_community(con, source, monthly(date(2023, 7, 1), 12, {"pytorch": 100, "tensorflow": 300}))
    assert verdict(con, claim_id) == HOLDS

    load_community(con, source, monthly(date(2023, 7, 1), 12, {"pytorch": 300, "tensorflow": 100}))
    # Without counts from the article's year, only a claim the article gave figures for held then.
    assert verdict(con, claim_id) == (NO_LONGER_HOLDS if CLAIMS[claim_id].params.get("published") else DOES_NOT_HOLD)

    load_community(con, source, monthly(date(2019, 1, 1), 12, {"pytorch": 100, "tensorflow": 300}))
    assert verdict(con, claim_id) == NO_LONGER_HOLDS

    load_community(con, source, monthly(date(2019, 1, 1), 12, {"pytorch": 300, "tensorflow": 100}))
    assert verdict(con, claim_id) == DOES_NOT_HOLD


@pytest.mark.parametrize("claim_id", claims_judged_by("community_lead"))
def test_community_lead_counts_only_final_months(con, claim_id):
    load_community(con, CLAIMS[claim_id].params["source"],
                   monthly(date(2024, 6, 1), 1, {"pytorch": 100, "tensorflow": 300}), final=False)

    assert verdict(con, claim_id) == NOT_MEASURED


@pytest.mark.parametrize("claim_id", claims_judged_by("eager_parity"))
def test_eager_parity_flips_with_the_step_times(con, claim_id):
    def measured(torch_eager_ms: float, equivalent: bool = True) -> list[dict]:
        return [experiment(workload, "torch", "eager", torch_eager_ms, equivalent=equivalent)
                for workload in ("mlp", "cnn")] + [
            experiment(workload, "tensorflow", mode, ms, equivalent=equivalent)
            for workload in ("mlp", "cnn") for mode, ms in (("eager", 9.0), ("function", 3.0), ("xla", 4.0))]

    load_experiments(con, measured(3.2))
    assert verdict(con, claim_id) == HOLDS

    load_experiments(con, measured(6.0))
    assert verdict(con, claim_id) == DOES_NOT_HOLD

    load_experiments(con, measured(3.2, equivalent=False))
    assert verdict(con, claim_id) == NOT_MEASURED


@pytest.mark.parametrize("claim_id", claims_judged_by("graph_speedup"))
def test_graph_speedup_flips_with_what_compiling_saves(con, claim_id):
    def measured(graph_ms: float) -> list[dict]:
        return [experiment("mlp", framework, mode, ms)
                for framework, modes in (("torch", ("eager", "compile")), ("tensorflow", ("eager", "function")))
                for mode, ms in zip(modes, (4.0, graph_ms))]

    load_experiments(con, measured(2.0))
    assert verdict(con, claim_id) == HOLDS

    load_experiments(con, measured(3.9))  # under 5 % faster is not faster
    assert verdict(con, claim_id) == DOES_NOT_HOLD

    con.execute("DELETE FROM experiment_runs WHERE mode <> 'eager'")
    assert verdict(con, claim_id) == NOT_MEASURED


def test_graph_speedup_for_one_framework_reads_only_its_modes(con):
    load_experiments(con, [
        experiment("mlp", "tensorflow", "eager", 4.0), experiment("mlp", "tensorflow", "xla", 2.0),
        experiment("mlp", "torch", "eager", 4.0), experiment("mlp", "torch", "compile", 8.0),
        experiment("cnn", "torch", "eager", 4.0), experiment("cnn", "torch", "compile", 8.0),
    ])

    assert verdict(con, "tensorflow-pro-graphs") == HOLDS
    assert verdict(con, "static-graphs-faster") == DOES_NOT_HOLD


@pytest.mark.parametrize("claim_id", claims_judged_by("head_to_head"))
def test_head_to_head_flips_with_the_measurements(con, claim_id):
    params = CLAIMS[claim_id].params
    config = {column: "x" for column in params["match"]}
    if "label" in params:
        config[params["label"]] = "the only way"

    def scores(tensorflow: float, torch: float) -> list[dict]:
        return [{**config, "framework": "tensorflow", params["metric"]: tensorflow},
                {**config, "framework": "torch", params["metric"]: torch}]

    assert verdict(con, claim_id) == NOT_MEASURED
    better, worse = (0.9, 0.7) if params["better"] == "higher" else (0.7, 0.9)
    load_relation(con, params["relation"], scores(better, worse))
    assert verdict(con, claim_id) == HOLDS

    load_relation(con, params["relation"], scores(worse, better))
    assert verdict(con, claim_id) == DOES_NOT_HOLD

    load_relation(con, params["relation"], scores(better, worse)[:1])
    assert verdict(con, claim_id) == NOT_MEASURED


def test_distributed_claim_compares_each_framework_at_its_best_beyond_one_worker(con):
    def scaling(framework: str, strategy: str, workers: int, efficiency: float) -> dict:
        return {"framework": framework, "strategy": strategy, "workload": "mlp", "device": "cpu",
                "workers": workers, "scaling_efficiency": efficiency}

    baselines = [scaling("tensorflow", "single process", 1, 1.0), scaling("torch", "single process", 1, 1.0)]
    load_relation(con, "distributed_scaling", [
        *baselines, scaling("torch", "DDP", 2, 0.5),
        scaling("tensorflow", "MultiWorkerMirroredStrategy", 2, 0.3), scaling("tensorflow", "MirroredStrategy", 2, 0.6)])
    (judged,) = claims.judge(con, [CLAIMS["distributed-training"]])
    assert judged.verdict == HOLDS
    assert judged.evidence.supporting == [
        "1 of 1 configurations: TensorFlow has the higher scaling_efficiency.",
        "mlp, cpu, 2: TensorFlow 0.60 (MirroredStrategy) against PyTorch 0.50 (DDP)."]
    assert "leaving out workers = 1" in judged.rule

    load_relation(con, "distributed_scaling", baselines)
    assert verdict(con, "distributed-training") == NOT_MEASURED


@pytest.mark.parametrize("claim_id", claims_judged_by("capability"))
def test_capability_flips_with_what_each_framework_managed(con, claim_id):
    relation = CLAIMS[claim_id].params["relation"]

    assert verdict(con, claim_id) == NOT_MEASURED
    load_relation(con, relation, [{"framework": "tensorflow", "status": "ok"},
                                  {"framework": "torch", "status": "failed"}])
    assert verdict(con, claim_id) == HOLDS

    load_relation(con, relation, [{"framework": "tensorflow", "status": "ok"},
                                  {"framework": "torch", "status": "failed"}, {"framework": "torch", "status": "ok"}])
    assert verdict(con, claim_id) == DOES_NOT_HOLD

    load_relation(con, relation, [{"framework": "tensorflow", "status": "ok"}])
    assert verdict(con, claim_id) == NOT_MEASURED

    # A framework whose package is missing here was not tried: that is no evidence it cannot.
    load_relation(con, relation, [{"framework": "tensorflow", "status": "ok"},
                                  {"framework": "torch", "status": "not_run"}])
    assert verdict(con, claim_id) == NOT_MEASURED


def test_evidence_names_the_numbers_and_the_rows_behind_them(con):
    load_papers(con, {("CVPR", 2024): papers(20, 2), ("ACL", 2024): papers(2, 20)})

    (judged,) = claims.judge(con, [CLAIMS["research-popularity"]])

    assert judged.evidence.supporting == ["CVPR 2024: 91 % (72–97 %)"]
    assert judged.evidence.opposing == ["ACL 2024: 9 % (3–28 %)"]
    assert judged.evidence.behind == "paper-shares"
    assert "above 50%" in judged.rule and "in 2019" in judged.rule


@pytest.mark.parametrize("claim_id", claims_judged_by("head_to_head") + claims_judged_by("capability"))
def test_a_measurement_relation_without_the_columns_a_rule_reads_is_not_measured(con, claim_id):
    load_relation(con, CLAIMS[claim_id].params["relation"], [{"framework": "torch", "outcome": "fine"}])

    (judged,) = claims.judge(con, [CLAIMS[claim_id]])

    assert judged.verdict == NOT_MEASURED
    assert "column" in judged.evidence.missing
