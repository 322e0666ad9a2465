"""Debugging (TF-1): what an error shows about a bug in the user's file (its line named, its frame reached,
framework frames in the way), first with stand-in modules, then with both frameworks in every mode."""
import importlib
import sys
from datetime import datetime, timezone

import pandas as pd
import pytest

from experiments import frameworks
from experiments.capabilities import debugging
from experiments.capabilities.debugging import provoke, tracebacks
from warehouse import db
from warehouse.load.capabilities import load_measurements

NOW = datetime(2026, 11, 29, tzinfo=timezone.utc)
FRAMEWORK = '''
def call(fn, x):
    return fn(x)


def call_hiding(fn, x):
    try:
        return fn(x)
    except TypeError:
        raise RuntimeError("the framework failed") from None


def call_naming(fn, x, where):
    try:
        return fn(x)
    except TypeError:
        raise RuntimeError(f"from user code: {where}") from None
'''
USER = '''import stand_in_framework as framework


def forward(x):
    return x @ 1  # the bug: a number is no matrix


def step(x, how="call", *where):
    return getattr(framework, how)(forward, x, *where)
'''


@pytest.fixture
def user(tmp_path, monkeypatch):
    (tmp_path / "stand_in_framework.py").write_text(FRAMEWORK)
    (tmp_path / "stand_in_user.py").write_text(USER)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("stand_in_framework", "stand_in_user"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    return importlib.import_module("stand_in_user")


def caught(step, *arguments) -> BaseException:
    try:
        step(*arguments)
    except Exception as error:
        return error
    raise AssertionError("no error")


def test_an_error_raised_in_the_users_line_names_it_and_counts_the_framework_frames_between(user, tmp_path):
    path = tmp_path / "stand_in_user.py"
    line = tracebacks.bug_line(path)

    shown = tracebacks.shown(caught(user.step, 2), path, line)

    assert line == 5
    assert shown["names_bug_line"] and shown["bug_frame_in_traceback"]
    assert (shown["traceback_frames"], shown["framework_frames"]) == (3, 1)  # step, framework.call, forward
    assert (shown["error_type"], shown["raised_at"]) == ("TypeError", "stand_in_user.py:5")
    assert shown["printed_lines"] > shown["traceback_frames"]


def test_an_error_the_framework_raises_in_its_own_place_shows_no_bug_line(user, tmp_path):
    path = tmp_path / "stand_in_user.py"
    shown = tracebacks.shown(caught(user.step, 2, "call_hiding"), path, tracebacks.bug_line(path))
    assert not shown["names_bug_line"] and not shown["bug_frame_in_traceback"]
    assert (shown["framework_frames"], shown["raised_at"]) == (1, "stand_in_framework.py:10")
    assert shown["message"] == "the framework failed"


def test_a_message_that_names_the_bug_line_counts_though_the_frame_is_gone(user, tmp_path):
    path = tmp_path / "stand_in_user.py"
    where = f'File "{path}", line 5'
    shown = tracebacks.shown(caught(user.step, 2, "call_naming", where), path, tracebacks.bug_line(path))
    assert shown["names_bug_line"] and not shown["bug_frame_in_traceback"]


def test_an_error_outside_the_users_file_has_no_framework_frame_count(tmp_path):
    shown = tracebacks.shown(caught(int, "x"), tmp_path / "elsewhere.py", 1)
    assert (shown["traceback_frames"], shown["framework_frames"], shown["names_bug_line"]) == (0, None, False)


def test_each_frameworks_user_file_marks_its_bug_and_a_file_without_a_mark_is_refused(tmp_path):
    for framework in frameworks.NAMES:
        path = provoke.user_file(framework)
        assert tracebacks.MARKER in path.read_text().splitlines()[tracebacks.bug_line(path) - 1]
    (tmp_path / "clean.py").write_text("x = 1\n")
    with pytest.raises(LookupError):
        tracebacks.bug_line(tmp_path / "clean.py")


@pytest.mark.slow
@pytest.mark.parametrize("framework", frameworks.NAMES)
def test_the_bug_raises_in_every_mode_and_the_error_names_its_line(framework):
    pytest.importorskip(framework)
    rows = debugging.measure([framework], "run1", NOW, 1)

    assert [(r["mode"], r["status"], r["reason"]) for r in rows] == [
        (mode, "ok", None) for mode in frameworks.MODES[framework]]
    for r in rows:
        assert r["user_file"] == provoke.USER_CODE[framework].replace(".", "/") + ".py"
        assert r["names_bug_line"] is True  # every mode of both, today: the verdict rests on the rest
        assert r["traceback_frames"] >= 1 and r["printed_lines"] > 0 and r["error_type"]
    eager = rows[0]
    assert eager["mode"] == "eager" and eager["bug_frame_in_traceback"] is True
    assert all(r["framework_frames"] is not None for r in rows)


def test_a_framework_that_cannot_start_gives_not_run_rows_and_the_view_keeps_the_last_attempt(tmp_path, monkeypatch):
    class Unstartable:
        unavailable, fingerprint = "torch is not importable: no module named torch", {}

        def __init__(self, *args):
            pass

        def close(self):
            pass

    monkeypatch.setattr(debugging, "CapabilityProcess", Unstartable)
    rows = debugging.measure(["torch"], "run2", NOW, 1)
    assert [(r["mode"], r["status"], r["reason"]) for r in rows] == [
        (mode, "not_run", Unstartable.unavailable) for mode in frameworks.MODES["torch"]]
    measured = [{**r, "run_id": "run1", "measured_at": datetime(2026, 11, 1, tzinfo=timezone.utc), "status": "ok",
                 "reason": None, "names_bug_line": True, "framework_frames": 2} for r in rows]
    con = db.connect(tmp_path / "w.duckdb")
    try:
        load_measurements(con, "debugging", pd.DataFrame(measured))
        load_measurements(con, "debugging", pd.DataFrame(rows))
        shown = con.execute("SELECT mode, status, names_bug_line, framework_frames, bug_line, run_id "
                            "FROM debugging_errors").fetchall()
    finally:
        con.close()
    # A run that could not try hides no earlier result.
    assert shown == [(mode, "ok", True, 2, rows[0]["bug_line"], "run1") for mode in frameworks.MODES["torch"]]
