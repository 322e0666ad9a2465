"""The visualisation feature matrix: a feature is supported only when what was written is read back;
Visdom's server is started and stopped by the measurement, and a tool that cannot run is not run, with
the reason."""
from datetime import datetime, timezone

import psutil
import pytest

from experiments.capabilities import local_server, visualisation
from experiments.capabilities.visualisation import features, visdom_server
from experiments.capabilities.visualisation.features import FEATURES, STEPS, Unsupported, attempt_all

EVERY_FEATURE = {feature: ("api", lambda: (2, 2, None)) for feature in FEATURES}


def leftovers() -> list[psutil.Process]:
    """This test process's descendants that a visualisation measurement started."""
    started = ("experiments.capabilities.worker", visdom_server.SERVER_MODULE)
    found = []
    for process in psutil.Process().children(recursive=True):
        try:
            if any(name in " ".join(process.cmdline()) for name in started):
                found.append(process)
        except psutil.Error:  # a zombie: exited, never reaped
            found.append(process)
    return found


def by_feature(results: list[dict]) -> dict[str, dict]:
    return {r["feature"]: r for r in results}


def test_a_feature_read_back_whole_is_supported_and_one_read_back_short_failed():
    results = by_feature(attempt_all({**EVERY_FEATURE, "audio": ("api", lambda: (3, 2, None))}))

    assert [r["feature"] for r in results.values()] == list(FEATURES)
    assert (results["scalars"]["status"], results["scalars"]["reason"]) == ("supported", None)
    assert (results["audio"]["status"], results["audio"]["reason"]) == ("failed", "wrote 3, read back 2")


def test_nothing_written_is_not_supported():
    results = by_feature(attempt_all({**EVERY_FEATURE, "text": ("api", lambda: (0, 0, None))}))
    assert results["text"]["status"] == "failed"


def test_an_error_fails_only_its_feature_and_a_missing_api_is_unsupported_with_the_reason():
    def broken():
        raise OSError("disk full")

    def one_at_a_time():
        raise Unsupported("keeps only the last", written=5, read_back=1)

    results = by_feature(attempt_all({**EVERY_FEATURE, "images": ("api", broken), "histograms": ("api", one_at_a_time)},
                                     unsupported={"graph": "no graph view"}))

    assert (results["images"]["status"], results["images"]["reason"]) == ("failed", "OSError: disk full")
    assert (results["graph"]["status"], results["graph"]["reason"], results["graph"]["api"]) == \
        ("unsupported", "no graph view", None)
    assert [results["histograms"][k] for k in ("status", "written", "read_back")] == ["unsupported", 5, 1]
    assert results["callbacks"]["status"] == "supported"


def test_the_tone_is_a_quarter_second_at_the_sample_rate():
    clip = features.tone()
    assert len(clip) == features.SAMPLE_RATE // 4 and abs(clip).max() <= 1


@pytest.mark.slow
def test_visdom_server_starts_without_fetching_its_page_scripts_and_stops(tmp_path):
    pytest.importorskip("visdom")
    with visdom_server.running(tmp_path) as port:
        assert local_server.listening(port)
        server = [p for p in psutil.Process().children() if visdom_server.SERVER_MODULE in " ".join(p.cmdline())]
    assert not local_server.listening(port)
    assert len(server) == 1 and not server[0].is_running()
    assert "Checking for scripts" not in (tmp_path / visdom_server.LOG).read_text()


@pytest.mark.slow
def test_visdom_that_cannot_start_is_not_run_with_the_reason(tmp_path, monkeypatch):
    pytest.importorskip("torch")
    pytest.importorskip("visdom")
    monkeypatch.setitem(visualisation.TOOLS, "torch", ("Visdom",))
    monkeypatch.setattr(visdom_server, "SERVER_MODULE", "no_such_module_for_tests")

    rows = visualisation.measure(["torch"], tmp_path, "run1", datetime.now(timezone.utc), 1)

    assert [(r["feature"], r["status"]) for r in rows] == [(feature, "not_run") for feature in FEATURES]
    assert all(r["reason"].startswith("Visdom's server did not start: exited with status 1") for r in rows)
    assert "no_such_module_for_tests" in rows[0]["reason"]
    assert leftovers() == []


@pytest.mark.slow
def test_a_tool_whose_package_is_missing_is_not_run(tmp_path, monkeypatch):
    pytest.importorskip("torch")
    monkeypatch.setitem(visualisation.TOOLS, "torch", ("Visdom",))
    monkeypatch.setitem(visualisation.PACKAGES, "Visdom", "no_such_package_for_tests")

    rows = visualisation.measure(["torch"], tmp_path, "run1", datetime.now(timezone.utc), 1)

    assert {(r["status"], r["reason"]) for r in rows} == {
        ("not_run", "the no_such_package_for_tests package is not installed")}


@pytest.mark.slow
def test_every_tool_tries_every_feature_and_reads_it_back(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("tensorflow")
    pytest.importorskip("tensorboard")
    pytest.importorskip("visdom")

    rows = visualisation.measure(["torch", "tensorflow"], tmp_path, "run1", datetime.now(timezone.utc), 1)

    matrix = {(r["tool"], r["framework"], r["feature"]): r for r in rows}
    assert len(matrix) == len(rows) == 3 * len(FEATURES)
    for framework in ("tensorflow", "torch"):
        for feature in FEATURES:
            r = matrix["TensorBoard", framework, feature]
            assert (r["status"], r["reason"]) == ("supported", None), (framework, feature)
            assert r["written"] == r["read_back"] > 0
            assert r["log_dir"] == str(tmp_path / "run1" / f"tensorboard-{framework}")
    visdom = {feature: matrix["Visdom", "torch", feature] for feature in FEATURES}
    assert {f for f, r in visdom.items() if r["status"] == "supported"} == {"scalars", "images", "text", "audio",
                                                                            "callbacks"}
    assert {f: r["status"] for f, r in visdom.items() if f in ("graph", "histograms", "profiler_trace")} == \
        {"graph": "unsupported", "histograms": "unsupported", "profiler_trace": "unsupported"}
    assert (visdom["histograms"]["written"], visdom["histograms"]["read_back"]) == (STEPS, 1)
    assert all(r["reason"] for r in visdom.values() if r["status"] == "unsupported")
    assert all('"machine"' in r["fingerprint"] for r in rows)
    assert leftovers() == []
