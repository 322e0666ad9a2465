"""The PDF fan-out on a real local Dask cluster (2 worker processes) gives the rows the thread pool gives."""
import pytest
from test_pipeline import site  # noqa: F401  (the same local CVF stand-in)

from flows.papers import papers_flow_on
from warehouse import db

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.usefixtures("prefect_api")

ROWS = """
    SELECT split_part(t.url, '/', -1), t.status, m.profile, m.framework, m.hits, m.references_hits
    FROM paper_texts t LEFT JOIN paper_mentions m USING (paper_id) ORDER BY ALL"""


def rows_after(flow, home):
    results = flow(["CVPR"], [2019])
    con = db.connect(home / "fwtrends.duckdb", read_only=True)
    rows = con.execute(ROWS).fetchall()
    con.close()
    return {(r.source, r.status, r.fetched, r.failed) for r in results}, rows


def test_dask_cluster_and_thread_pool_give_the_same_rows(site, fwtrends_home, monkeypatch, tmp_path):  # noqa: F811
    threads = rows_after(papers_flow_on(None), fwtrends_home)
    monkeypatch.setenv("FWTRENDS_HOME", str(tmp_path / "dask-home"))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        on_dask = rows_after(papers_flow_on(cluster.scheduler_address), tmp_path / "dask-home")
    assert on_dask == threads
    assert any(status == "failed" for _, status, *_ in threads[1])  # the broken PDFs are in both
