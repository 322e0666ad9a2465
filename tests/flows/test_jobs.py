"""The jobs flow's own machinery: HN threads a year to a task, read in worker processes on a long run, loaded
in batches, a unit that fails failing alone."""
import json
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from types import SimpleNamespace

import pytest

from flows import jobs
from flows.jobs import Fetched, jobs_flow, task_batches, task_name
from flows.retrying import TRANSIENT_STATUSES
from scrapers.http import HTTPStatusError
from scrapers.jobs import Unit, hn
from scrapers.records import StructureChanged
from warehouse import db

STACKS = ["We train models in PyTorch.", "TensorFlow 2 and Keras on GCP.", "Terraform (TF) on AWS.",
          "JAX/Flax on TPUs.", "JAX (Jacksonville) office.", "React and Go."]
MONTHS = [date(2024 + (month - 1) // 12, (month - 1) % 12 + 1, 1) for month in range(1, 15)]  # 14 threads


def thread_item(story_id: int, month: date) -> dict:
    link = "https:&#x2F;&#x2F;example.com&#x2F;{}"
    children = [{"id": story_id * 100 + i, "parent_id": story_id, "author": f"a{i}", "children": [],
                 "created_at": f"{month:%Y-%m}-02T10:00:00.000Z",
                 "text": f"Company{i} | Engineer | Remote<p>{STACKS[(story_id + i) % 6]} {STACKS[i % 6]}</p>"
                         f'<p>Apply at <a href="{link.format(i)}">{link.format(i)}</a>'}
                for i in range(8)]
    return {"id": story_id, "title": f"Ask HN: Who is hiring? ({month:%B %Y})", "children": children}


@pytest.fixture
def hn_site(http_server, fwtrends_home, monkeypatch):
    """Fourteen monthly threads: the sixth is another story's item (its structure changed), the seventh is gone."""
    hits = []
    for index, month in enumerate(MONTHS):
        story_id = 7000 + index
        item = thread_item(9999 if index == 5 else story_id, month)
        if index == 6:
            http_server.route(f"/api/v1/items/{story_id}", "gone", status=404)
        else:
            http_server.route(f"/api/v1/items/{story_id}", json.dumps(item))
        hits.append({"objectID": str(story_id), "title": f"Ask HN: Who is hiring? ({month:%B %Y})",
                     "author": "whoishiring", "created_at": f"{month:%Y-%m}-01T15:00:00.000Z", "num_comments": 8})
    http_server.route("/api/v1/search_by_date", json.dumps({"hits": hits, "nbPages": 1}))
    http_server.route("/api/v1/search", json.dumps({"hits": [], "nbPages": 0}))
    monkeypatch.setenv("FWTRENDS_HN_BASE_URL", http_server.url(""))
    monkeypatch.setenv("FWTRENDS_HN_RATE", "inf")
    return http_server


def unit(source: str, item: str) -> Unit:
    return Unit(source, item, None, board=None if source == "hn" else f"{source}:{item}")


def test_hn_threads_go_a_year_to_a_task_and_each_board_alone_the_sources_taking_turns():
    threads = [unit("hn", f"thread 2024-{month:02}") for month in range(1, 15)]
    boards = [unit("greenhouse", name) for name in ("acme", "globex")]

    batches = task_batches([threads, boards])

    assert [len(batch) for batch in batches] == [12, 1, 2, 1]
    assert [batch[0].source for batch in batches] == ["hn", "greenhouse", "hn", "greenhouse"]
    assert task_name(batches[0]) == "hn-thread 2024-01 to thread 2024-12"
    assert task_name(batches[1]) == "greenhouse-acme"


@pytest.mark.usefixtures("prefect_api")
def test_threads_read_in_worker_processes_load_what_reading_in_place_loads(hn_site, fwtrends_home, monkeypatch,
                                                                           tmp_path):
    def run(home, workers_from):
        monkeypatch.setenv("FWTRENDS_HOME", str(home))
        monkeypatch.setattr(jobs, "WORKERS_FROM", workers_from)
        (result,) = jobs_flow(["hn"], since=MONTHS[0], until=MONTHS[-1])
        con = db.connect(home / "fwtrends.duckdb", read_only=True)
        posts = con.execute("SELECT post_id, company, title, location, posted_at, url, thread_id, month "
                            "FROM job_posts ORDER BY post_id").fetchall()
        mentioned = con.execute("SELECT * FROM job_mentions ORDER BY ALL").fetchall()
        failures = con.execute("SELECT item, url, reason FROM failures ORDER BY item").fetchall()
        con.close()
        return result, posts, mentioned, failures

    in_place = run(fwtrends_home, workers_from=1000)
    in_workers = run(tmp_path / "workers", workers_from=1)

    assert in_workers == in_place
    result, posts, mentioned, failures = in_workers
    assert (result.status, result.fetched, result.failed) == ("partial", 12 * 8, 2)
    assert len(posts) == 12 * 8 and {framework for _, _, framework, _ in mentioned} == {"pytorch", "tensorflow",
                                                                                     "keras", "jax"}
    # The thread whose structure changed is named with its URL, as parse_thread raises it (here, not in a worker).
    (changed, changed_url, why), (gone, _, gone_why) = failures
    assert (changed, changed_url) == ("thread 2024-06", hn.ITEM_URL.format(id=7005)) and "structure changed" in why
    assert gone == "thread 2024-07" and "404" in gone_why


def test_a_busy_server_tries_the_task_again_until_the_last_try_where_it_fails_its_unit_alone(monkeypatch):
    units = [unit("hn", "thread 2024-01"), unit("hn", "thread 2024-02"), unit("hn", "thread 2024-03")]
    busy = HTTPStatusError("https://hn/2", min(TRANSIENT_STATUSES), "busy")
    changed = StructureChanged("hn", "https://hn/3", "no items found")
    fetched = Fetched([], [])

    def fetch_unit(session, unit, workers=None):
        return {"thread 2024-01": fetched}.get(unit.item) or _raise(busy if unit.item.endswith("02") else changed)

    monkeypatch.setattr(jobs, "fetch_unit", fetch_unit)
    monkeypatch.setattr(jobs.settings, "shared_session", lambda spec: None)
    monkeypatch.setattr(jobs, "get_run_logger", lambda: SimpleNamespace(warning=lambda *args: None))
    monkeypatch.setattr(jobs, "task_run", SimpleNamespace(run_count=1))
    with pytest.raises(HTTPStatusError):
        jobs.fetch_units.fn(None, units, "hn")

    monkeypatch.setattr(jobs, "task_run", SimpleNamespace(run_count=jobs.RETRIES + 1))
    assert jobs.fetch_units.fn(None, units, "hn") == [fetched, busy, changed]


def _raise(error):
    raise error


def test_without_workers_or_with_broken_ones_a_thread_is_read_here(monkeypatch):
    class Broken:
        def submit(self, *args):
            raise BrokenProcessPool("a worker was killed")

    thread = hn.Thread("7000", "Ask HN: Who is hiring? (January 2024)", MONTHS[0], "whoishiring", None, 8)
    body = json.dumps(thread_item(7000, MONTHS[0])).encode()
    monkeypatch.setattr(hn, "fetch_body", lambda session, ref, now=None: body)
    read_here = jobs.fetch_unit(None, Unit("hn", "thread 2024-01", thread), None)

    assert jobs.fetch_unit(None, Unit("hn", "thread 2024-01", thread), Broken()) == read_here
    assert len(read_here.posts) == 8 and read_here.mentions


def test_workers_only_for_a_long_run_on_more_than_one_core(monkeypatch):
    with jobs.worker_processes(jobs.WORKERS_FROM - 1) as workers:
        assert workers is None
    monkeypatch.setattr(jobs.os, "sched_getaffinity", lambda pid: {0})
    with jobs.worker_processes(jobs.WORKERS_FROM) as workers:
        assert workers is None
