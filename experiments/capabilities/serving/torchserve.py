"""TorchServe, PyTorch's own model server (PyPI torchserve and torch-model-archiver; its frontend is a Java
program): a workload's torch.export model packed into a model archive (.mar) with torchserve_handler.py,
served on free ports of 127.0.0.1 by a TorchServe started for the measurement and stopped after it, also
on failure."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from experiments import frameworks
from experiments.capabilities import local_server
from experiments.capabilities.serving import exports, torchserve_handler

PACKAGES = {"torchserve": "ts", "torch-model-archiver": "model_archiver"}  # PyPI name: import name
HANDLER = Path(torchserve_handler.__file__)
START_TIMEOUT_S = 180
STOP_TIMEOUT_S = 30
# The frontend only queues requests and passes them to the Python worker: a small heap is enough.
JVM_OPTIONS = "-Xmx256m -XX:+UseSerialGC"
LOG = "torchserve.log"
# The handler imports this project: TorchServe's worker gets its root on the path.
PROJECT_ROOT = Path(__file__).resolve().parents[3]


def unavailable() -> str | None:
    """Why TorchServe cannot run here, or None."""
    missing = [name for name, module in PACKAGES.items() if importlib.util.find_spec(module) is None]
    if missing:
        return f"not installed: {', '.join(missing)}"
    if java() is None:
        return ("no Java runtime: TorchServe's frontend is a Java program "
                "(Debian: apt-get install default-jre-headless)")
    return None


def java() -> str | None:
    """The Java TorchServe would start: $JAVA_HOME/bin/java, else java on the PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        return str(Path(home) / "bin" / "java") if (Path(home) / "bin" / "java").is_file() else None
    return shutil.which("java")


def archive(model_dir: Path, workload: str, dtype: str, store: Path) -> None:
    """<store>/<workload>.mar from the torch.export model in `model_dir` (exports.FILES["torch_export"])."""
    from model_archiver import ModelArchiver, ModelArchiverConfig
    spec = Path(model_dir) / torchserve_handler.SPEC
    spec.write_text(json.dumps({"workload": workload, "dtype": dtype}))
    Path(store).mkdir(parents=True, exist_ok=True)
    ModelArchiver.generate_model_archive(ModelArchiverConfig(
        model_name=workload, handler=str(HANDLER), version="1", force=True, export_path=str(store),
        serialized_file=str(Path(model_dir) / exports.FILES["torch_export"]), extra_files=str(spec)))


@contextmanager
def running(store: Path, model: str, directory: Path, threads: int) -> Iterator[str]:
    """TorchServe serving <store>/<model>.mar with one worker of `threads` threads, its config, logs and
    temporary files under `directory`; yields the model's prediction URL. Raises local_server.DidNotStart
    with the reason when it does not get ready."""
    directory = Path(directory)
    scratch = directory / "tmp"  # its pid file and worker sockets: nothing shared with another TorchServe
    scratch.mkdir(parents=True, exist_ok=True)
    ports = {name: local_server.free_port() for name in ("inference", "management", "metrics")}
    config = directory / "config.properties"
    config.write_text("".join(f"{name}_address=http://{local_server.HOST}:{port}\n" for name, port in ports.items())
                      + f"load_models={model}.mar\ndefault_workers_per_model=1\ndisable_system_metrics=true\n"
                      f"max_request_size=67108864\nmax_response_size=67108864\nvmargs={JVM_OPTIONS}\n")
    env = {**os.environ, **frameworks.thread_env(threads), "TMPDIR": str(scratch), "TEMP": str(scratch),
           "LOG_LOCATION": str(directory), "METRICS_LOCATION": str(directory),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
    with open(directory / LOG, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "ts.model_server", "--start", "--foreground", "--ncs", "--disable-token-auth",
             "--model-store", str(store), "--ts-config", str(config)],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        local_server.wait_until_ready(lambda: _worker_ready(ports["management"], model), process,
                                      START_TIMEOUT_S, directory / LOG)
        yield f"http://{local_server.HOST}:{ports['inference']}/predictions/{model}"
    finally:
        _stop(process)


def _worker_ready(management_port: int, model: str) -> bool:
    address = f"http://{local_server.HOST}:{management_port}/models/{model}"
    try:
        with urllib.request.urlopen(address, timeout=2) as answer:
            described = json.loads(answer.read())
    except OSError:
        return False
    return any(worker["status"] == "READY" for version in described for worker in version.get("workers", []))


def _stop(process: subprocess.Popen) -> None:
    """The launcher (`ts.model_server`) waits on the Java frontend, and the frontend stops its Python workers
    when asked to end: ending the frontend first lets each parent reap its children. Whatever is left in the
    process group after that is killed."""
    import psutil
    try:
        frontend = psutil.Process(process.pid).children()
    except psutil.NoSuchProcess:
        frontend = []
    for child in frontend:
        child.terminate()
    psutil.wait_procs(frontend, timeout=STOP_TIMEOUT_S)
    local_server.stop(process, STOP_TIMEOUT_S)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
