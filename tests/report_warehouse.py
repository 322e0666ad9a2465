"""Hand-made warehouse rows for the report's tests: papers, postings, board snapshots, community
counts, experiments, the study's published figures and runs, each loaded as the flows load them."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pandas as pd

from warehouse.load import replace

EVIL = "<script>alert(1)</script> \"quoted\" 'single'"
FETCHED = datetime(2024, 7, 1, 9, 30, tzinfo=timezone.utc)
TENSORFLOW_SIDE = {"tensorflow", "keras"}

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
            mentions += [{"paper_id": paper_id, "profile": profile, "framework": f, "hits": 2, "references_hits": 0}
                         for f in sorted(frameworks or ())]
    papers = pd.DataFrame(rows)
    replace(con, "papers", papers, ["paper_id"])
    replace(con, "paper_texts", pd.DataFrame(texts), ["paper_id"])
    # A paper read again keeps only the mentions of this reading.
    replace(con, "paper_mentions", pd.DataFrame(mentions, columns=["paper_id", "profile", "framework", "hits",
                                                                    "references_hits"]),
            ["paper_id", "profile"], keys=papers[["paper_id"]].assign(profile=profile))
    replace(con, "profiles", pd.DataFrame([{"profile": profile, "description": "test", "counts_references": True}]),
            ["profile"])


def load_published_shares(con, shares: dict[tuple[str, int], tuple[int, int, int]]) -> None:
    """The 2019 study's published (PyTorch only, TensorFlow only, papers) per venue-year."""
    replace(con, "published_shares", pd.DataFrame([
        {"venue": venue, "year": year, "pytorch_only": p, "tensorflow_only": t, "papers": n,
         "source_url": "https://example.org/data.csv"}
        for (venue, year), (p, t, n) in shares.items()
    ]), ["venue", "year"])


def load_posts(con, posts: dict = POSTS, company: str = EVIL) -> None:
    rows, mentions = [], []
    for month, named in posts.items():
        for i, frameworks in enumerate(named):
            post_id = f"hn:{month:%Y%m}{i}"
            rows.append({
                "post_id": post_id, "source": "hn", "month": month, "company": company, "title": EVIL,
                "location": "Remote", "posted_at": FETCHED, "url": f"https://news.ycombinator.com/item?id={i}",
                "thread_id": "1", "first_seen": FETCHED, "observed_at": FETCHED,
            })
            mentions += [{"post_id": post_id, "profile": "modern", "framework": f, "hits": 1}
                         for f in sorted(frameworks)]
    postings = pd.DataFrame(rows)
    replace(con, "job_posts", postings, ["post_id"])
    replace(con, "job_mentions", pd.DataFrame(mentions, columns=["post_id", "profile", "framework", "hits"]),
            ["post_id"], keys=postings[["post_id"]])


def load_board(con, board: str, postings: list[tuple[set[str], bool]], first_seen: datetime,
               snapshot: datetime) -> None:
    """One company board, read at `first_seen` and again at `snapshot`: each posting's frameworks and
    whether the snapshot still listed it (if not, it closed then)."""
    rows, mentions = [], []
    for i, (frameworks, still_open) in enumerate(postings):
        post_id = f"greenhouse:{board}:{i}"
        rows.append({
            "post_id": post_id, "source": "greenhouse", "board": f"greenhouse:{board}",
            "month": date(first_seen.year, first_seen.month, 1), "company": board.title(), "title": "ML engineer",
            "first_seen": first_seen, "observed_at": snapshot if still_open else first_seen,
            "closed_at": None if still_open else snapshot,
        })
        mentions += [{"post_id": post_id, "profile": "modern", "framework": f, "hits": 1} for f in sorted(frameworks)]
    replace(con, "job_posts", pd.DataFrame(rows), ["post_id"])
    replace(con, "job_mentions", pd.DataFrame(mentions), ["post_id", "profile", "framework"])


def load_community(con, source: str, counts: dict[tuple[date, str], int], final: bool = True) -> None:
    replace(con, "community_counts", pd.DataFrame([
        {"source": source, "framework": framework, "period": period, "count": n, "final": final,
         "observed_at": FETCHED}
        for (period, framework), n in counts.items()
    ]), ["source", "framework", "period"])


def monthly(first: date, months: int, per_month: dict[str, int]) -> dict[tuple[date, str], int]:
    """The same counts for each framework in each of `months` months from `first`."""
    found = {}
    for k in range(months):
        period = date(first.year + (first.month - 1 + k) // 12, (first.month - 1 + k) % 12 + 1, 1)
        found |= {(period, framework): n for framework, n in per_month.items()}
    return found


def experiment(workload: str, framework: str, mode: str, step_ms: float | None, *, first_call_s: float = 0.0,
               peak_mem_mb: float = 100.0, device: str = "cpu", precision: str = "fp32", phase: str = "train",
               batch_size: int = 64, equivalent: bool | None = True, status: str = "ok",
               run_id: str = "exp-1") -> dict:
    return {
        "run_id": run_id, "measured_at": FETCHED, "profile": "quick", "workload": workload,
        "framework": framework, "mode": mode, "device": device, "device_name": "Test CPU", "precision": precision,
        "phase": phase, "batch_size": batch_size, "status": status,
        "reason": None if status == "ok" else "not run in this profile", "equivalent": equivalent,
        "first_call_s": first_call_s if status == "ok" else None,
        "step_ms_median": step_ms, "step_ms_p10": None if step_ms is None else step_ms * 0.9,
        "step_ms_p90": None if step_ms is None else step_ms * 1.2,
        "throughput": None if step_ms is None else batch_size / step_ms * 1000,
        "peak_mem_mb": peak_mem_mb, "tflops": 0.5, "threads": 4,
        "fingerprint": json.dumps({"machine": {"cpu_model": "Test CPU", "python": "3.11.9", "platform": "Linux"},
                                   "framework": {"framework": framework, "version": "9.9.9", "tf32": False},
                                   "device": device, "threads": 4}),
    }


def load_experiments(con, rows: list[dict]) -> None:
    replace(con, "experiment_runs", pd.DataFrame(rows),
            ["run_id", "workload", "framework", "mode", "device", "precision", "phase", "batch_size"])


def load_relation(con, name: str, rows: list[dict]) -> None:
    """A measurement relation (distributed_scaling, serving_latency, ...) holding exactly `rows`: the table a
    test writes stands in for the warehouse's view, so a rule can be fed the columns it reads or lacks."""
    frame = pd.DataFrame(rows)
    con.register("incoming_relation", frame)
    if con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [name]).fetchone()[0]:
        con.execute(f'DROP VIEW "{name}"')
    con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM incoming_relation')
    con.unregister("incoming_relation")


def load_run(con, failures: int = 1, flow: str = "papers") -> None:
    counts = [
        {"source": "cvf", "status": "ok", "reason": None, "fetched": 21, "failed": failures, "skipped": 0},
        {"source": "openreview", "status": "failed", "reason": EVIL, "fetched": 0, "failed": 0, "skipped": 0},
    ]
    run = {"run_id": f"run-{flow}", "flow": flow, "started_at": FETCHED, "finished_at": FETCHED,
           "status": "partial", "params": "{}", "counts": json.dumps(counts)}
    replace(con, "runs", pd.DataFrame([run]), ["run_id", "flow"])
    replace(con, "failures", pd.DataFrame([
        {"run_id": f"run-{flow}", "source": "cvf", "item": f"{EVIL} {i}", "url": "javascript:alert(\"x\")",
         "reason": EVIL, "failed_at": FETCHED, "first_failed_at": FETCHED, "attempts": 1}
        for i in range(failures)
    ]), ["run_id", "item"])


SNAPSHOT = datetime(2024, 6, 20, tzinfo=timezone.utc)
PUBLISHED = {("CVPR", 2023): (3, 2, 7), ("NAACL", 2019): (40, 10, 300)}
BOARD_FIRST_SEEN = datetime(2024, 5, 20, tzinfo=timezone.utc)
BOARD = [({"pytorch"}, True), ({"pytorch", "jax"}, True), ({"tensorflow"}, True), ({"pytorch"}, False)]
EXPERIMENTS = [
    experiment("mlp", "torch", "eager", 2.0, first_call_s=0.01, peak_mem_mb=120),
    experiment("mlp", "torch", "compile", 1.0, first_call_s=5.001, peak_mem_mb=130),
    experiment("mlp", "tensorflow", "eager", 4.0, first_call_s=0.02, peak_mem_mb=150),
    experiment("mlp", "tensorflow", "function", 3.0, first_call_s=1.023, peak_mem_mb=140),
    experiment("mlp", "tensorflow", "xla", 2.5, first_call_s=2.0225, peak_mem_mb=135),
    experiment("cnn", "torch", "eager", 10.0, first_call_s=0.05, peak_mem_mb=400),
    experiment("cnn", "tensorflow", "function", 12.0, first_call_s=3.0, peak_mem_mb=380),
    experiment("cnn", "tensorflow", "eager", None, status="not_run"),
]


def fill(con) -> None:
    """A warehouse with something in every section; scraped strings are markup."""
    load_papers(con, PAPERS, title=EVIL)
    load_published_shares(con, PUBLISHED)
    load_posts(con)
    load_board(con, "anthropic", BOARD, BOARD_FIRST_SEEN, SNAPSHOT)
    load_community(con, "stackoverflow", monthly(date(2023, 1, 1), 18, {"pytorch": 300, "tensorflow": 200, "jax": 20}))
    load_community(con, "devto", monthly(date(2023, 1, 1), 18, {"pytorch": 50, "tensorflow": 40}))
    load_experiments(con, EXPERIMENTS)
    load_run(con)


def capability(run_id: str = "5f0c2a9e-7d41-4b8e-9a3c-1e2f3a4b5c6d", **values) -> dict:
    """A capability row as the experiments write one: its run, when, and an ok status unless told."""
    return {"run_id": run_id, "measured_at": FETCHED, "device": "cpu", "status": "ok", "reason": None,
            "fingerprint": "{}", **values}


def load_capabilities(con) -> None:
    """A quick capability run on a 2-core machine: distributed scaling (the 4-worker runs not run), serving in
    every format, TensorBoard from both frameworks and mobile export."""
    not_enough_cores = "4 workers need 4 cores, this machine has 2"
    distributed = [
        capability(framework=framework, workload="mlp", workers=workers, processes=processes, strategy=strategy,
                   batch_per_worker=64, global_batch=64 * workers, threads_per_worker=1, threads=workers, steps=20,
                   throughput=throughput, scaling_efficiency=efficiency, start_s=start_s, setup_lines=lines,
                   equivalent=None if workers == 1 else True, param_diff=None if workers == 1 else 1e-7)
        for framework, strategy, processes, workers, throughput, efficiency, start_s, lines in [
            ("torch", "single process", 1, 1, 21000.0, 1.0, 2.1, 0),
            ("torch", "DistributedDataParallel (gloo)", 2, 2, 17000.0, 0.405, 6.3, 4),
            ("tensorflow", "single process", 1, 1, 15000.0, 1.0, 4.2, 0),
            ("tensorflow", "MultiWorkerMirroredStrategy (ring)", 2, 2, 11000.0, 0.367, 11.8, 18),
            ("tensorflow", "MirroredStrategy (logical CPU devices, one process)", 1, 2, 16000.0, 0.533, 5.0, 15),
        ]
    ] + [
        capability(framework=framework, workload="mlp", workers=4, processes=4, strategy=strategy, status="not_run",
                   reason=not_enough_cores)
        for framework, strategy in [("torch", "DistributedDataParallel (gloo)"),
                                    ("tensorflow", "MultiWorkerMirroredStrategy (ring)")]
    ]
    serving = [
        capability(framework=framework, workload="mlp", format=fmt, export_s=1.2, file_bytes=file_bytes, load_s=load_s,
                   outputs_match=True, output_diff=1e-7, p50_ms=p50, p99_ms=p50 * 1.8, inprocess_p50_ms=0.08,
                   inprocess_p99_ms=0.2, batch_size=64, throughput=48000.0, server="http.server",
                   http_requests=200, http_concurrency=4, http_outputs_match=True, http_p50_ms=p50 + 0.9,
                   http_p99_ms=p50 + 3.1)
        for framework, fmt, file_bytes, load_s, p50 in [
            ("tensorflow", "savedmodel", 912_384, 1.9, 0.31), ("torch", "torch_export", 402_112, 0.8, 0.12),
            ("torch", "onnx", 398_020, 0.2, 0.05), ("tensorflow", "onnx", 401_996, 0.2, 0.05),
        ]
    ]
    tensorboard = [
        capability(framework=framework, workload="mlp", log_dir=f"data/tensorboard/{framework}/mlp",
                   events_written=20, events_read_back=20, write_s=write_s)
        for framework, write_s in [("torch", 0.41), ("tensorflow", 1.37)]
    ]
    mobile = [
        capability(framework="tensorflow", workload="cnn", format="tflite", convert_s=6.2, file_bytes=1_204_112,
                   outputs_match=True, output_diff=2e-7, calls=200, latency_ms=0.9, p99_ms=1.6,
                   original_latency_ms=2.4),
        capability(framework="torch", workload="cnn", format="executorch", status="failed",
                   reason="executorch is not installed: pip install executorch"),
    ]
    for table, found in [("distributed_runs", distributed), ("serving_runs", serving),
                         ("tensorboard_runs", tensorboard), ("mobile_runs", mobile)]:
        replace(con, table, pd.DataFrame(found), ["run_id", "framework", "workload"])
