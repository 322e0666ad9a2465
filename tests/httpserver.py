"""A real HTTP server on 127.0.0.1 for tests: register canned replies, then look at what arrived."""
from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    # An iterable of byte chunks is sent with chunked encoding, so no Content-Length announces its size.
    body: bytes | str | Iterable[bytes] = b""
    delay: float = 0.0  # seconds to wait before answering


@dataclass(frozen=True)
class ReceivedRequest:
    method: str
    path: str  # with the query string
    headers: Message
    body: bytes  # what a POST sent; empty for a GET
    at: float  # time.monotonic() on arrival


Handler = Callable[[ReceivedRequest], Reply]
NOT_FOUND = Reply(404, {"Content-Type": "text/plain"}, b"no such route")


def query(path: str) -> dict[str, str]:
    """A request path's query parameters, each with its first value."""
    return {name: values[0] for name, values in parse_qs(urlsplit(path).query).items()}


def _as_reply(reply: Reply | tuple) -> Reply:
    return reply if isinstance(reply, Reply) else Reply(*reply)


def _in_turn(replies: Sequence[Reply | tuple]) -> Handler:
    """Answers with each reply in order, then repeats the last one."""
    pending = [_as_reply(reply) for reply in replies]
    lock = threading.Lock()

    def next_reply(_: ReceivedRequest) -> Reply:
        with lock:
            return pending.pop(0) if len(pending) > 1 else pending[0]

    return next_reply


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # Clients hang up on purpose (size caps, timeouts), even between keep-alive requests; any
        # other failure still prints its traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalHTTPServer:
    """Serves registered routes from a background thread on a free port of 127.0.0.1.

    A route matches the request's path with its query string first, then the path alone, whatever
    the method (GET or POST; a handler can tell them apart by `request.method`); anything
    unregistered gets a 404 (so robots.txt is "absent" unless a test routes it).
    """

    def __init__(self) -> None:
        self._routes: dict[str, Handler] = {}
        self._received: list[ReceivedRequest] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        # A short poll interval lets stop() return at once instead of after up to half a second.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def route(
        self,
        path: str,
        body: bytes | str | Iterable[bytes] = b"",
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        responses: Sequence[Reply | tuple] | None = None,
        handler: Handler | None = None,
    ) -> None:
        """One fixed reply; or `responses` given in turn, e.g. [(429, {"Retry-After": "1"}, b""),
        (200, {}, b"ok")]; or a `handler` that builds a Reply from the request."""
        if handler is None:
            handler = _in_turn(responses or [Reply(status, headers or {}, body, delay)])
        with self._lock:
            self._routes[path] = handler

    @property
    def requests(self) -> list[ReceivedRequest]:
        with self._lock:
            return list(self._received)

    def paths(self) -> list[str]:
        return [request.path for request in self.requests]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> LocalHTTPServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _answer(self, method: str, path: str, headers: Message, body: bytes) -> Reply:
        request = ReceivedRequest(method, path, headers, body, time.monotonic())
        with self._lock:
            self._received.append(request)
            handler = self._routes.get(path) or self._routes.get(urlsplit(path).path)
        return handler(request) if handler else NOT_FOUND

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class RouteHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive and chunked encoding, like real servers
            disable_nagle_algorithm = True  # headers and body go out in separate writes

            def do_GET(self) -> None:
                self._respond("GET", b"")

            def do_POST(self) -> None:
                self._respond("POST", self.rfile.read(int(self.headers.get("Content-Length") or 0)))

            def _respond(self, method: str, body: bytes) -> None:
                reply = server._answer(method, self.path, self.headers, body)
                time.sleep(reply.delay)
                self._send(reply)

            def _send(self, reply: Reply) -> None:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                body = reply.body.encode() if isinstance(reply.body, str) else reply.body
                if isinstance(body, bytes):
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for chunk in filter(None, body):  # an empty chunk would end the body early
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: tests read `server.requests` instead."""

        return RouteHandler
