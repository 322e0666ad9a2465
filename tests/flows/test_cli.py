import argparse
import json
import os
import re
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from flows import cli, serve
from flows.runlog import SourceResult
from warehouse import db
from warehouse.load import replace


@pytest.fixture
def warehouse(fwtrends_home):
    con = db.connect(fwtrends_home / "fwtrends.duckdb")
    replace(con, "job_posts", pd.DataFrame([
        {"post_id": "hn:1", "source": "hn", "month": date(2024, 1, 1), "company": 'Acme, "Inc"',
         "first_seen": pd.Timestamp("2024-01-02", tz="UTC"), "observed_at": pd.Timestamp("2024-01-02", tz="UTC")},
    ]), ["post_id"])
    con.close()
    return fwtrends_home / "fwtrends.duckdb"


def test_sql_prints_csv_and_json(warehouse, capsys):
    assert cli.main(["sql", "SELECT post_id, company, month FROM job_posts", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["post_id,company,month", 'hn:1,"Acme, ""Inc""",2024-01-01']
    assert cli.main(["sql", "SELECT post_id, company FROM job_posts", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"post_id": "hn:1", "company": 'Acme, "Inc"'}]


def test_sql_table_format_and_views(warehouse, capsys):
    assert cli.main(["sql", "SELECT source, posts FROM job_framework_share"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["source", "posts"] and lines[1].split() == ["hn", "1"]


def test_sql_is_read_only(warehouse, capsys):
    assert cli.main(["sql", "DELETE FROM job_posts"]) == 2
    assert "read-only" in capsys.readouterr().err
    con = db.connect(warehouse, read_only=True)
    assert con.execute("SELECT count(*) FROM job_posts").fetchone() == (1,)
    con.close()


@pytest.mark.parametrize("sql", ["COPY job_posts TO 'out.csv'", "SELECT 1; SELECT 2", "SELECT * FROM nowhere"])
def test_sql_refusals_and_errors_are_one_line_and_exit_2(warehouse, capsys, sql):
    assert cli.main(["sql", sql]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fwtrends sql: ") and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_sql_without_a_warehouse_says_how_to_make_one(fwtrends_home, capsys):
    assert cli.main(["sql", "SELECT 1"]) == 2
    assert "fwtrends run" in capsys.readouterr().err


def test_db_option_names_the_warehouse(warehouse, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("FWTRENDS_DB", raising=False)
    assert cli.main(["--db", str(tmp_path / "other.duckdb"), "sql", "SELECT 1"]) == 2
    assert "other.duckdb" in capsys.readouterr().err


@pytest.fixture
def without_prefect(monkeypatch):
    """Any flow run or temporary Prefect API server fails the test."""
    from prefect.flows import Flow
    from prefect.server.api.server import SubprocessASGIServer

    def refuse(*args, **kwargs):
        raise AssertionError("a Prefect flow run or temporary server was started")

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(Flow, "__call__", refuse)
    monkeypatch.setattr(SubprocessASGIServer, "start", refuse)


def test_report_writes_the_page_without_a_prefect_server(warehouse, fwtrends_home, without_prefect, capsys):
    assert cli.main(["report"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == fwtrends_home / "report" / "index.html" and "<html" in path.read_text()


def test_reclassify_and_compare_2019_answer_without_a_prefect_server(warehouse, without_prefect, capsys):
    assert cli.main(["papers", "reclassify"]) == 0
    assert "reclassify" in capsys.readouterr().out
    assert cli.main(["papers", "compare-2019"]) == 0
    assert "study_pct" in capsys.readouterr().out


@pytest.mark.slow
def test_a_run_on_the_temporary_server_prints_the_runs_without_tracebacks_or_server_notices(fwtrends_home, tmp_path):
    """Prefect's temporary server used to stop in the middle of recording the last task runs: an "Error flushing
    events ... CancelledError" traceback after every run. Offline, every board fails fast: many task runs. Prefect's
    notices that it starts and stops that server are not the run's business; the flow's own lines are."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect"), "FWTRENDS_OFFLINE": "1"}
    command = [sys.executable, "-m", "flows.cli", "jobs", "--source", "greenhouse", "--source", "lever", "--source", "ashby"]
    done = subprocess.run(command, check=False, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    printed = done.stdout + done.stderr
    assert "Traceback" not in printed
    assert "temporary server" not in printed and "Beginning flow run" in printed and "greenhouse" in printed


def test_experiments_tensorboard_says_where_the_logs_are_and_how_to_open_them(fwtrends_home, capsys):
    assert cli.main(["experiments", "--tensorboard"]) == 0
    out = capsys.readouterr().out
    assert str(fwtrends_home / "tensorboard") in out and "tensorboard --logdir" in out


def test_experiments_capabilities_takes_an_optional_list_of_parts():
    assert cli.parser().parse_args(["experiments", "--capabilities"]).capabilities == []
    assert cli.parser().parse_args(["experiments", "--capabilities", "serving,mobile"]).capabilities == [
        "serving", "mobile"]
    assert cli.parser().parse_args(["experiments"]).capabilities is None


def test_month_options_are_checked():
    assert cli.parser().parse_args(["jobs", "--since", "2019-01"]).since == date(2019, 1, 1)
    with pytest.raises(SystemExit):
        cli.parser().parse_args(["jobs", "--since", "January"])


def test_every_documented_subcommand_exists(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    listed = capsys.readouterr().out
    for command in ("run", "papers", "jobs", "community", "experiments", "report", "sql", "serve"):
        assert command in listed


def readme_commands() -> str:
    """The README's Commands section, with a command continued over lines (a trailing backslash) on one."""
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    return readme.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0].replace("\\\n", " ")


def flags(command: argparse.ArgumentParser) -> list[str]:
    return [flag for action in command._actions for flag in action.option_strings
            if flag.startswith("--") and flag != "--help"]


def choices(command: argparse.ArgumentParser) -> list[str]:
    """The values its options choose from, and its positionals' but their default, which goes unsaid."""
    return [choice for action in command._actions for choice in action.choices or []
            if action.option_strings or choice != action.default]


def mentioned(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def test_every_command_option_and_choice_is_in_the_readme():
    """As sqlite-utils checks its documentation: walk the parser and find each command's usage lines (and
    every option on them) in the README's Commands section, and each value an option takes there."""
    section = readme_commands()
    top = cli.parser()
    (commands,) = [action for action in top._actions if isinstance(action, argparse._SubParsersAction)]
    assert [flag for flag in flags(top) if flag not in section] == []
    for name, command in commands.choices.items():
        usage = "\n".join(line for line in section.splitlines() if line.startswith(f"fwtrends {name}"))
        assert usage, f"`fwtrends {name}` is not in the README's Commands"
        assert [flag for flag in flags(command) if flag not in usage] == [], name
        assert [choice for choice in choices(command) if not mentioned(choice, section)] == [], name


def test_serve_uses_a_configured_server_that_answers(http_server, monkeypatch):
    http_server.route("/api/health", "true")
    monkeypatch.setenv("PREFECT_API_URL", http_server.url("/api"))
    assert serve.find_or_start_server() == http_server.url("/api")


def test_serve_refuses_a_configured_server_that_does_not_answer(monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{port}/api")
    with pytest.raises(SystemExit, match="does not answer"):
        serve.find_or_start_server()


def test_deployments_carry_their_schedules():
    schedules = {d.name: d.schedules[0].schedule.cron for d in serve.deployments()}
    assert schedules == {"job-boards-daily": "0 6 * * *", "hn-monthly": "0 6 2 * *", "community-weekly": "0 5 * * 1",
                         "papers-weekly": "0 3 * * 1", "experiments-weekly": "0 4 * * 0",
                         "capabilities-weekly": "0 8 * * 0", "sources-check-weekly": "0 2 * * 1"}


def test_the_summary_keeps_its_status_column_aligned_for_long_source_names(capsys):
    results = [SourceResult("hn"), SourceResult("capabilities:tensorboard:tensorflow", status="failed", reason="why")]

    assert cli.print_summary(results) is False

    header, *lines = capsys.readouterr().out.strip().splitlines()
    column = header.index("status")
    assert [line[column:].split()[0] for line in lines] == ["ok", "failed"]
