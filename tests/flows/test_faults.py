"""Faults and concurrent use: a run that dies, sources that fail in part or whole, readers during a run; in each
case nothing already fetched or met is lost."""
import subprocess
import sys
import textwrap

import pytest

from flows import cli
from flows.runlog import SourceResult, flow_run
from warehouse import db, query


def table(path, sql):
    con = db.connect(path, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_source_with_some_items_failed_is_partial_and_with_all_failed_is_failed(tmp_path, capsys):
    path = tmp_path / "w.duckdb"
    with flow_run("jobs", {}, db_path=path) as run:
        some, every = SourceResult("greenhouse"), SourceResult("pdfs")
        run.results += [some, every]
        some.fetched = 6
        for item in range(15):
            run.attempt(some, f"board {item}", int, "not a number")
        for item in range(3):
            run.attempt(every, f"paper {item}", int, "not a number")

    assert (some.status, every.status) == ("partial", "failed")
    assert table(path, "SELECT status FROM runs") == [("partial",)]
    assert table(path, "SELECT count(*) FROM failures") == [(18,)]  # every failed item kept
    assert cli.summarized(run.results, strict=True) == 1 and cli.summarized([some], strict=True) == 1
    assert cli.summarized(run.results, strict=False) == 0
    assert "partial" in capsys.readouterr().out


def test_a_killed_run_keeps_its_failures_and_is_closed_as_interrupted_by_the_next(tmp_path):
    path = tmp_path / "w.duckdb"
    killed = subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
        import os
        from flows.runlog import SourceResult, flow_run
        with flow_run("papers", {{}}, db_path={str(path)!r}) as run:
            result = SourceResult("pdfs")
            run.results.append(result)
            result.fetched = 4
            run.attempt(result, "paper-1", int, "x")
            with run.warehouse():  # a load: what the run met so far is kept
                pass
            os.kill(os.getpid(), 9)
    """)])
    assert killed.returncode == -9
    assert table(path, "SELECT flow, status FROM runs") == [("papers", "running")]

    with flow_run("papers", {}, db_path=path):
        pass

    assert sorted(table(path, "SELECT status FROM runs")) == [("interrupted",), ("ok",)]
    assert table(path, "SELECT item, attempts FROM failures") == [("paper-1", 1)]
    assert table(path, "SELECT json_extract(counts, '$[0].fetched') FROM runs WHERE status = 'interrupted'") == [
        ("4",)]


def test_a_run_that_raises_is_closed_as_interrupted_with_its_failures(tmp_path):
    path = tmp_path / "w.duckdb"
    with pytest.raises(RuntimeError), flow_run("jobs", {}, db_path=path) as run:
        result = SourceResult("hn")
        run.results.append(result)
        run.attempt(result, "thread 2024-01", int, "x")
        raise RuntimeError("stopped")

    assert table(path, "SELECT status FROM runs") == [("interrupted",)]
    assert table(path, "SELECT item FROM failures") == [("thread 2024-01",)]


def test_readers_get_in_while_a_run_is_between_loads(tmp_path):
    path = tmp_path / "w.duckdb"
    with flow_run("papers", {}, db_path=path) as run:
        with run.warehouse() as con:
            con.execute("SELECT 1")
        reader = query.connect(path)  # would meet the run's lock if it held the warehouse for the whole run
        assert query.run(reader, "SELECT count(*) AS n FROM papers").to_dict("records") == [{"n": 0}]
        reader.close()


@pytest.mark.parametrize("argv, says", [
    (["papers", "--sample", "-5"], "'-5' is not a positive number"),
    (["papers", "--sample", "0"], "'0' is not a positive number"),
    (["papers", "--year", "1900"], "papers exist for the years 2015 to"),
])
def test_invalid_options_are_refused_before_any_fetch(argv, says, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2 and says in capsys.readouterr().err


def test_a_warehouse_that_cannot_be_opened_is_one_line_and_exit_2(tmp_path, capsys):
    corrupt = tmp_path / "corrupt.duckdb"
    corrupt.write_bytes(b"not a database" * 1000)
    assert cli.main(["--db", str(tmp_path), "papers", "reclassify"]) == 2
    assert cli.main(["--db", str(corrupt), "papers", "reclassify"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "is a directory" in err[0] and "not a valid DuckDB database file" in err[1]
    assert corrupt.read_bytes() == b"not a database" * 1000


def test_a_rate_that_is_no_number_is_one_line_before_any_fetch(fwtrends_home, monkeypatch, capsys):
    monkeypatch.setenv("FWTRENDS_CVF_RATE", "abc")
    monkeypatch.setattr("flows.papers.papers_flow", lambda *a, **k: pytest.fail("the flow must not start"))

    assert cli.main(["papers", "--venue", "CVPR", "--year", "2019"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["fwtrends papers: FWTRENDS_CVF_RATE='abc' is not a number of requests per second"]


def test_a_venue_year_no_source_lists_is_named():
    from flows.papers import listings_plan, unhosted

    plan = listings_plan(["ICCV"], [2019, 2020], None)
    missing = unhosted(["ICCV", "WACV"], [2019, 2020], None, plan)

    assert [(r.source, r.status) for r in missing] == [("ICCV 2020", "failed"), ("WACV", "failed")]
    assert missing[0].reason == "ICCV 2020: no source lists it"
