"""Debian's headless Chromium for tests, driven over the DevTools protocol on a pipe (no port, no
extra package), with the network off: every request other than the page's own file is failed and
recorded, and so is everything the page logs as an error."""
from __future__ import annotations

import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

FIRST_FREE_FD = 5  # above 3 and 4, where the browser expects its DevTools pipe
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--remote-debugging-pipe",
    # Belt and braces: even a request the interception missed finds no name server and no route.
    "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
]


def find_browser() -> str | None:
    return next(filter(None, map(shutil.which, BROWSERS)), None)


class BrowserError(Exception):
    pass


@dataclass
class PageVisit:
    """What happened while a page was open: its requests, the ones blocked, its errors."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Chromium:
    """One headless browser; `open()` loads a file with the network off and `evaluate()` asks it things."""

    def __init__(self, executable: str, timeout: float = 30.0):
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="fwtrends-chromium-")
        to_browser_read, self._to_browser = _pipe_above_the_child_fds()
        self._from_browser, from_browser_write = _pipe_above_the_child_fds()

        def on_fds_3_and_4():
            # The DevTools pipe is the browser's fd 3 (commands in) and fd 4 (replies and events out).
            os.dup2(to_browser_read, 3)
            os.dup2(from_browser_write, 4)

        self._process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # Descriptors Python opens are not inherited (PEP 446): only the two dup2 copies reach the browser.
            preexec_fn=on_fds_3_and_4, close_fds=False,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._ids = iter(range(1, 1 << 31))
        self._messages: queue.Queue[dict] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._target: str | None = None
        self._session: str | None = None
        self._own_url = ""
        self.visit = PageVisit()

    def open(self, path: Path, width: int = 1280, height: int = 900, mobile: bool = False,
             before: str | None = None) -> PageVisit:
        """Load `path` in a fresh tab of the given size, with `before` run ahead of the page's own
        scripts, and wait for its load event; returns the record of this visit."""
        if self._target:
            self._send("Target.closeTarget", {"targetId": self._target})
        self.visit = PageVisit()
        self._own_url = Path(path).resolve().as_uri()
        self._target = self._send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self._send("Target.attachToTarget", {"targetId": self._target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            self._send(f"{domain}.enable")
        self._send("Emulation.setDeviceMetricsOverride",
                   {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        if before:
            self._send("Page.addScriptToEvaluateOnNewDocument", {"source": before})
        self._send("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})
        self._send("Page.navigate", {"url": self._own_url})
        self._wait_for(lambda m: m.get("method") == "Page.loadEventFired" and m.get("sessionId") == self._session)
        return self.visit

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (awaited when it is a promise)."""
        reply = self._send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in reply:
            raise BrowserError(f"{expression!r} threw: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def wait_until(self, expression: str, timeout: float | None = None):
        """Evaluate `expression` until it is truthy; its last value when the time runs out."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            value = self.evaluate(expression)
            if value or time.monotonic() > deadline:
                return value
            self._pump(0.1)

    def close(self) -> None:
        try:
            self._post("Browser.close", {}, session=None)
        except BrokenPipeError:
            pass  # it has gone already
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(10)
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._profile.cleanup()

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _send(self, method: str, params: dict | None = None) -> dict:
        """Send a command (to the open tab, unless it addresses the browser) and wait for its answer."""
        session = None if method.startswith(("Target.", "Browser.")) else self._session
        message_id = self._post(method, params or {}, session)
        reply = self._wait_for(lambda m: m.get("id") == message_id)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def _wait_for(self, wanted) -> dict:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            try:
                message = self._messages.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                break
            self._observe(message)
            if wanted(message):
                return message
        raise BrowserError(f"no answer from the browser within {self.timeout:.0f} s")

    def _pump(self, seconds: float) -> None:
        """Handle the events that arrive within `seconds` (requests to let through or block, errors)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                self._observe(self._messages.get(timeout=left))
            except queue.Empty:
                return

    def _observe(self, message: dict) -> None:
        method, params = message.get("method"), message.get("params", {})
        if message.get("sessionId") != self._session:
            return  # the browser's own events, or a closed tab's
        if method == "Network.requestWillBeSent":
            self.visit.requests.append(params["request"]["url"])
        elif method == "Fetch.requestPaused":
            url = params["request"]["url"]
            allowed = url.split("#")[0] == self._own_url
            if not allowed:
                self.visit.blocked.append(url)
            self._post(
                "Fetch.continueRequest" if allowed else "Fetch.failRequest",
                {"requestId": params["requestId"]} | ({} if allowed else {"errorReason": "InternetDisconnected"}),
                self._session,
            )
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            self.visit.errors.append(" ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.visit.errors.append(details.get("exception", {}).get("description", details["text"]))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            self.visit.errors.append(params["entry"]["text"])

    def _post(self, method: str, params: dict, session: str | None) -> int:
        """Send a command without waiting for its answer (an event may need one while we wait)."""
        message_id = next(self._ids)
        message = {"id": message_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return message_id

    def _read(self) -> None:
        buffer = b""
        while chunk := os.read(self._from_browser, 1 << 16):
            buffer += chunk
            *complete, buffer = buffer.split(b"\0")
            for raw in complete:
                self._messages.put(json.loads(raw))


def _pipe_above_the_child_fds() -> tuple[int, int]:
    """A pipe whose ends sit above 4, so that placing them at 3 and 4 in the child cannot overwrite one."""
    ends = []
    for end in os.pipe():
        ends.append(fcntl.fcntl(end, fcntl.F_DUPFD_CLOEXEC, FIRST_FREE_FD))
        os.close(end)
    return ends[0], ends[1]
