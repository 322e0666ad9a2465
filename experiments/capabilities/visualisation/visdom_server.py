"""Visdom's server on a free port of 127.0.0.1, started and stopped by the measurement.

`python -m visdom.server` first downloads the web page's scripts, styles and fonts (React, Plotly,
MathJax, ...) from CDNs, which fails or stalls without network. The Python client's API needs none of
them, so the server is started through `visdom.server.run_server.start_server`, which skips that
download (a browser opening this server would lack the page's scripts):

    python -m experiments.capabilities.visualisation.visdom_server --port 8097 --env-path DIR"""
from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from experiments.capabilities import local_server

START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10
LOG = "visdom-server.log"
SERVER_MODULE = __name__  # what `running` starts: this module's main


@contextmanager
def running(directory: Path) -> Iterator[int]:
    """A Visdom server keeping its state under `directory`; yields its port, stops it on leaving, also on
    failure. Raises local_server.DidNotStart with the reason when it cannot start."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    port = local_server.free_port()
    command = [sys.executable, "-m", SERVER_MODULE, "--port", str(port), "--env-path", str(directory)]
    with open(directory / LOG, "w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        local_server.wait_until_ready(lambda: local_server.listening(port), process, START_TIMEOUT_S, directory / LOG)
        yield port
    finally:
        local_server.stop(process, STOP_TIMEOUT_S)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", required=True, type=int)
    parser.add_argument("--env-path", required=True)
    args = parser.parse_args(argv)
    from visdom.server.run_server import start_server
    # base_url "" is the root: run_server.main turns its default "/" into "" before this call too.
    start_server(port=args.port, base_url="", env_path=args.env_path, bind_local=True)


if __name__ == "__main__":
    main()
