"""Target: parse and load 15 years of HN "Who is hiring?" postings (about 100,000, generated in the real
shape and size) in under 10 s when the threads replay from the HTTP cache.

Besides the wall time it prints the replay's CPU time (this process's threads; the Prefect server runs in
another) and the load average, since other work on the machine stretches the wall time."""
from __future__ import annotations

import json
import os
import random
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.cputime import cpu_seconds

MONTHS = 180  # April 2011 to March 2026
POSTS_PER_THREAD = 560
TARGET_S = 10.0

ROLES = ["ML Engineer", "Backend Engineer", "Data Scientist", "Research Scientist", "Frontend Engineer", "SRE"]
STACKS = ["We train models in PyTorch and serve them with Triton.", "Our stack: Python, TensorFlow 2, Keras, GCP.",
          "Go, Postgres, Kubernetes, Terraform (TF) on AWS.", "JAX/Flax research on TPUs.",
          "React, TypeScript, Node.js.", "Rust and C++ for low-latency systems; some torch.compile work."]


def month_at(index: int) -> date:
    months = 2011 * 12 + 3 + index
    return date(months // 12, months % 12 + 1, 1)


def thread(story_id: int, month: date, rng: random.Random) -> dict:
    children = []
    for i in range(POSTS_PER_THREAD):
        post_id = story_id * 1000 + i
        body = " ".join(rng.choice(STACKS) for _ in range(3))
        text = (f"Company{rng.randrange(5000)} | {rng.choice(ROLES)} | Remote, US | Full-time"
                f"<p>{body}</p><p>We are a team of {rng.randrange(5, 500)} building things. "
                f"Apply at <a href=\"https:&#x2F;&#x2F;example.com&#x2F;jobs&#x2F;{post_id}\">"
                f"https:&#x2F;&#x2F;example.com&#x2F;jobs&#x2F;{post_id}</a></p>" + "<p>More about the role.</p>" * 4)
        children.append({"id": post_id, "parent_id": story_id, "author": "someone", "text": text, "children": [],
                         "created_at": f"{month:%Y-%m}-02T10:00:00.000Z"})
    return {"id": story_id, "title": f"Ask HN: Who is hiring? ({month:%B %Y})", "children": children,
            "created_at": f"{month:%Y-%m}-01T15:00:00.000Z"}


def main() -> None:
    rng = random.Random(2011)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FWTRENDS_HOME"] = tmp
        os.environ.setdefault("PREFECT_HOME", str(Path(tmp) / "prefect"))
        from httpserver import LocalHTTPServer
        from prefect import flow

        from flows.jobs import jobs_flow
        from warehouse import db

        with LocalHTTPServer() as server:
            hits = []
            for index in range(MONTHS):
                month, story_id = month_at(index), 10_000 + index
                server.route(f"/api/v1/items/{story_id}", json.dumps(thread(story_id, month, rng)))
                hits.append({"objectID": str(story_id), "title": f"Ask HN: Who is hiring? ({month:%B %Y})",
                             "author": "whoishiring", "created_at": f"{month:%Y-%m}-01T15:00:00.000Z",
                             "num_comments": POSTS_PER_THREAD})
            server.route("/api/v1/search_by_date", json.dumps({"hits": hits, "nbPages": 1}))
            server.route("/api/v1/search", json.dumps({"hits": [], "nbPages": 0}))
            os.environ["FWTRENDS_HN_BASE_URL"] = server.url("")
            os.environ["FWTRENDS_HN_RATE"] = "inf"
            flow(name="warm-up")(lambda: None)()
            until = month_at(MONTHS - 1)
            started = time.perf_counter()
            jobs_flow(["hn"], until=until)  # fills the cache (and the warehouse)
            first = time.perf_counter() - started
        # The server is gone: this run replays every thread from the cache.
        started, cpu_started = time.perf_counter(), cpu_seconds()
        (result,) = jobs_flow(["hn"], until=until)
        replay, replay_cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
        con = db.connect(Path(tmp) / "fwtrends.duckdb", read_only=True)
        posts = con.execute("SELECT count(*) FROM job_posts").fetchone()[0]
        con.close()
    verdict = "PASS" if replay < TARGET_S and result.fetched == posts else "FAIL"
    print(f"HN, {MONTHS} monthly threads: {posts:,} postings kept (one per company and month) of "
          f"{MONTHS * POSTS_PER_THREAD:,}; first run from 127.0.0.1 {first:.1f} s; "
          f"replayed from the cache {replay:.1f} s ({replay_cpu:.1f} s CPU, load average "
          f"{os.getloadavg()[0]:.1f}); target < {TARGET_S:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
