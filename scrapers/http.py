"""The only way out to the network: one polite, cached HTTP session that every source shares.

Politeness sits beneath the cache: a response replayed from the on-disk cache costs the host
nothing, so only requests that really leave the machine wait for their host's turn.
"""
from __future__ import annotations

import copyreg
import logging
import os
import re
import threading
import time
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta, timezone
from ipaddress import ip_address
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests_cache import CachedSession
from urllib3.exceptions import (
    ConnectTimeoutError,
    InvalidHeader,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ReadTimeoutError,
    ResponseError,
)
from urllib3.util import Retry

USER_AGENT = "fwtrends/0.1 (+https://github.com/fwtrends/fwtrends)"
RETRY_STATUSES = (429, 500, 502, 503, 504)
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5
ERROR_BODY_KEPT = 4096  # bytes of an error answer kept on HTTPStatusError.body

# urllib3 warns of each retry ("Retrying ... after connection broken by NameResolutionError ..."); what finally
# failed is said once, with the host and the reason, by the FetchError raised here.
logging.getLogger("urllib3.connectionpool").setLevel(logging.ERROR)
Timeout = float | tuple[float, float]


class ConfigError(ValueError):
    """A setting (an environment variable, a rate) that cannot be used; the message names it."""


class FetchError(Exception):
    """A URL could not be fetched; `str()` reads `<url>: <reason>`."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason

    def __reduce__(self):
        # Exception's own would call __init__ with the message alone, which no subclass accepts; rebuilt
        # from its fields instead, an error survives the trip from a Dask worker or another process.
        return copyreg.__newobj__, (type(self), *self.args), self.__dict__


class HostUnreachable(FetchError):
    """The host did not answer: name resolution, connection or timeout."""


class HTTPStatusError(FetchError):
    """The server answered with a status other than 2xx (after retrying the retryable ones).

    `body` keeps the beginning of the answer, which tells apart kinds of one status (OpenReview's 403
    `ChallengeRequiredError` from its other 403s); the message leaves it out.
    """

    def __init__(self, url: str, status: int, reason: str, body: bytes = b""):
        super().__init__(url, reason)
        self.status, self.body = status, body[:ERROR_BODY_KEPT]


class ResponseTooLarge(FetchError):
    """The body exceeds the size cap; reading stopped there."""


class TooSlow(FetchError):
    """The whole download took longer than its deadline, however steadily the bytes came."""


class RedirectRefused(FetchError):
    """A redirect pointed somewhere this session does not follow (another scheme, a private address,
    too many hops); it was not requested."""


class DisallowedByRobots(FetchError):
    """The host's robots.txt forbids the URL; it was not requested."""


class NotInCache(FetchError):
    """Offline, and the response was never cached."""


def _env_var(source: str, setting: str) -> str:
    return f"FWTRENDS_{re.sub(r'[^A-Z0-9]', '_', source.upper())}_{setting}"


# This year's proceedings may still be filling in: refreshed daily. Earlier years' replay from the cache.
PROCEEDINGS_LIVE_MAX_AGE = timedelta(days=1)


def proceedings_max_age(year: int) -> timedelta | None:
    return PROCEEDINGS_LIVE_MAX_AGE if year >= datetime.now(timezone.utc).year else None


def base_url(source: str, default: str) -> str:
    """The source's base URL: env `FWTRENDS_<SOURCE>_BASE_URL` (mirrors, tests) or `default`."""
    return (os.environ.get(_env_var(source, "BASE_URL")) or default).rstrip("/")


def source_rate(source: str, default: float) -> float:
    """Requests per second for a source: env `FWTRENDS_<SOURCE>_RATE` or `default`."""
    name = _env_var(source, "RATE")
    value = os.environ.get(name)
    if not value:
        return default
    try:
        rate = float(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a number of requests per second") from None
    if not rate > 0:
        raise ConfigError(f"{name}={value!r}: a rate must be positive requests per second (or inf)")
    return rate


class _HostThrottle:
    """Spaces the requests to each host at least 1/rate seconds apart, across threads. Waiting for a host
    found down ends at once: its requests are refused anyway."""

    def __init__(self, default_rate: float):
        self._default = _checked_rate(default_rate)
        self._rates: dict[str, float] = {}
        self._next_slot: dict[str, float] = {}
        self._down: set[str] = set()
        self._turns = threading.Condition()

    def set_rate(self, host: str, per_second: float) -> None:
        """Sources sharing a host share its strictest rate, whichever of them configures it last."""
        per_second = _checked_rate(per_second)
        with self._turns:
            self._rates[host] = min(per_second, self._rates.get(host, per_second))

    def wait_turn(self, host: str) -> None:
        # The slot is reserved under the lock; waiting releases it, so other hosts never wait.
        with self._turns:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + 1 / self._rates.get(host, self._default)
            self._turns.wait_for(lambda: host in self._down or time.monotonic() >= slot, timeout=slot - now)

    def host_down(self, host: str) -> None:
        with self._turns:
            self._down.add(host)
            self._turns.notify_all()


def _checked_rate(per_second: float) -> float:
    if not per_second > 0:
        raise ConfigError(f"a rate must be positive requests per second (or math.inf), not {per_second!r}")
    return per_second


def _host(host_or_url: str) -> str:
    return (urlsplit(host_or_url).hostname if "://" in host_or_url else host_or_url).lower()


class _BoundedRetry(Retry):
    """urllib3's Retry, but it gives up, rather than waiting, when a server asks for a pause of
    `retry_after_max` or more (urllib3 would shorten the pause and retry against the server's wish),
    and it never retries at once (urllib3 retries the first failure without backing off)."""

    def get_backoff_time(self) -> float:
        return max(super().get_backoff_time(), self.backoff_factor)

    def get_retry_after(self, response) -> float | None:
        try:
            return super().get_retry_after(response)
        except InvalidHeader:  # a garbled Retry-After: back off as if there were none
            return None

    def asks_too_long(self, response) -> bool:
        pause = self.get_retry_after(response)  # already clipped to retry_after_max
        return pause is not None and pause >= self.retry_after_max

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if response is not None and self.asks_too_long(response):
            raise MaxRetryError(_pool, url, ResponseError("Retry-After beyond the limit"))
        return super().increment(method, url, response, error, _pool, _stacktrace)


class _PoliteAdapter(HTTPAdapter):
    """Waits for the host's turn, then streams the body in under a size cap, whatever `stream` says.

    It sits beneath requests-cache, so cache hits never reach it (and replay even from a host that is
    down); and the cache would read a whole body into memory before any caller could check its size, so
    the cap is enforced here too.
    """

    def __init__(self, throttle: _HostThrottle, retry: Retry, max_bytes: int):
        super().__init__(max_retries=retry)
        self._throttle, self._max_bytes = throttle, max_bytes
        self._down: dict[str, str] = {}  # host -> why it could not be reached

    def mark_down(self, url: str, reason: str) -> None:
        """A host that could not be reached at all is not tried again by this session: with no network,
        every source fails within seconds instead of once per page."""
        host = urlsplit(url).hostname or ""
        self._down.setdefault(host, reason)
        self._throttle.host_down(host)

    def _raise_if_down(self, host: str, url: str) -> None:
        if host in self._down:
            raise HostUnreachable(url, f"{self._down[host]}, earlier in this run")

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None, max_bytes=None,
             deadline=None):
        host = urlsplit(request.url).hostname or ""
        self._raise_if_down(host, request.url)
        self._throttle.wait_turn(host)
        self._raise_if_down(host, request.url)  # found down by another thread while this one waited
        response = super().send(
            request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )
        _read_capped(response, self._max_bytes if max_bytes is None else max_bytes, deadline)
        return response


def _read_capped(response: requests.Response, limit: int, deadline: float | None) -> None:
    """Reads the body whole, refusing more than `limit` bytes, or taking longer than `deadline` seconds
    in all (a server may drip a byte at a time, each within the read timeout)."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        response.close()
        raise ResponseTooLarge(response.url, f"response too large ({int(declared):,} bytes, limit {limit:,})")
    chunks, size = [], 0
    give_up_at = None if deadline is None else time.monotonic() + deadline
    # read1 answers with whatever has arrived, so a dripping server cannot hold one read past the deadline.
    while chunk := response.raw.read1(64 * 1024, decode_content=True):
        size += len(chunk)
        if size > limit:
            response.close()
            raise ResponseTooLarge(response.url, f"response too large (over the limit of {limit:,} bytes)")
        if give_up_at is not None and time.monotonic() > give_up_at:
            response.close()
            raise TooSlow(response.url, f"download took over {deadline:g} s (got {size:,} bytes by then)")
        chunks.append(chunk)
    response._content = b"".join(chunks)  # what `.content` would hold had requests read it itself


def _redirect_target(url: str, location: str) -> str:
    """Where a redirect from `url` leads, if this session follows it there."""
    target = urljoin(url, location)
    origin, goal = urlsplit(url), urlsplit(target)
    if goal.scheme not in ("http", "https"):
        raise RedirectRefused(url, f"redirect to {target}: not http(s)")
    if origin.scheme == "https" and goal.scheme == "http":
        raise RedirectRefused(url, f"redirect to {target}: from https to http")
    if _is_private(goal.hostname) and not _is_private(origin.hostname):
        raise RedirectRefused(url, f"redirect to {target}: a private address")
    return target


def _is_private(host: str | None) -> bool:
    if not host or host.lower() == "localhost":
        return True
    try:
        address = ip_address(host)
    except ValueError:  # a name: where it points is the resolver's business
        return False
    return not address.is_global


def _causes(error: BaseException | None) -> Iterator[BaseException]:
    while error is not None:
        yield error
        error = error.__cause__ or error.__context__


def _network_failure(error: Exception, timeout: Timeout) -> tuple[str, bool] | None:
    """Why the host could not be reached, and whether that will last the run (no name, no connection)
    rather than pass (a read that timed out)."""
    causes = list(_causes(error))

    def found(kind: type[BaseException]) -> BaseException | None:
        return next((cause for cause in causes if isinstance(cause, kind)), None)

    if found(NameResolutionError):
        return "cannot reach host (name resolution failed)", True
    refused = found(NewConnectionError)  # checked before ConnectTimeoutError, its base class
    if refused:
        detail = getattr(refused.__cause__, "strerror", None) or "no connection"
        return f"cannot reach host ({detail.lower()})", True
    if found(ConnectTimeoutError):
        return "cannot reach host (connect timed out)", True
    if found(ReadTimeoutError):
        read_timeout = timeout[1] if isinstance(timeout, tuple) else timeout
        return f"read timed out (no data for {read_timeout:g} s)", False
    if isinstance(error, requests.ConnectionError):
        return f"cannot reach host ({error})", False
    return None


class PoliteSession:
    """GETs through an on-disk cache with retries, per-host rate limits, robots.txt, timeouts and a
    size cap; POSTs JSON under the same rules, uncached. One instance serves every source and any
    number of threads.

    `cache_path=None` keeps the cache in memory. Offline (`offline=True` or env
    `FWTRENDS_OFFLINE=1`) answers only from the cache. A server asking to wait `max_retry_after`
    seconds or more is not waited for: the request fails with its status.
    """

    def __init__(
        self,
        cache_path: Path | None,
        *,
        default_rate: float = 1.0,
        timeout: Timeout = (10, 60),
        max_bytes: int = 64 * 2**20,
        deadline: float = 600.0,
        offline: bool = False,
        respect_robots: bool = True,
        retries: int = 5,
        backoff: float = 1.0,
        max_retry_after: float = 120.0,
    ):
        self.offline = offline or os.environ.get("FWTRENDS_OFFLINE") == "1"
        self.timeout, self.deadline, self.respect_robots = timeout, deadline, respect_robots
        # Redirects are followed here, hop by hop, so each hop is cached (and replays offline) on its own.
        cached_codes = (200, *REDIRECT_STATUSES)
        if cache_path is None:
            self._session = CachedSession(backend="memory", only_if_cached=self.offline, allowable_codes=cached_codes)
        else:
            cache_path.parent.mkdir(parents=True, exist_ok=True)
            self._session = CachedSession(
                str(cache_path), backend="sqlite", wal=True, only_if_cached=self.offline,
                allowable_codes=cached_codes,
            )
        self._session.headers["User-Agent"] = USER_AGENT
        # One connect retry only: with no network, every source must fail within seconds.
        self._retry = _BoundedRetry(
            total=retries, connect=1, read=1, backoff_factor=backoff, status_forcelist=RETRY_STATUSES,
            respect_retry_after_header=True, retry_after_max=max_retry_after, raise_on_status=False,
        )
        self._throttle = _HostThrottle(default_rate)
        self._adapter = _PoliteAdapter(self._throttle, self._retry, max_bytes)
        self._session.mount("http://", self._adapter)
        self._session.mount("https://", self._adapter)
        self._robots: dict[str, RobotFileParser] = {}
        self._robots_lock = threading.Lock()

    def set_rate(self, host_or_url: str, per_second: float) -> None:
        """At most `per_second` network requests per second to this host (`math.inf`: no limit)."""
        self._throttle.set_rate(_host(host_or_url), per_second)

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: Timeout | None = None,
        max_bytes: int | None = None,
        cache: bool = True,
        max_age: timedelta | None = None,
        deadline: float | None = None,
    ) -> requests.Response:
        """The 2xx response, body read into `.content`; otherwise raises a `FetchError` subclass.
        `cache=False` neither reads nor stores the cache (big binaries). A cached response replays
        while it is younger than `max_age` (default: for ever; pages that change, such as the current
        month's thread, pass one) and is fetched again after. Each body must arrive within `deadline`
        seconds (default: the session's).

        Redirects are followed hop by hop, each hop a request of its own: its host's robots.txt, rate
        and down-state apply, and a failure is charged to the host that failed. A redirect to another
        scheme than http(s), from https to http, or from a public host to a private address is refused."""
        prepared = self._session.prepare_request(requests.Request("GET", url, params=params, headers=headers))
        return self._follow(prepared, lambda hop: self._get_hop(hop, timeout, max_bytes, cache, max_age, deadline))

    def _follow(self, prepared: requests.PreparedRequest, send_hop) -> requests.Response:
        for _ in range(MAX_REDIRECTS + 1):
            response = send_hop(prepared)
            if response.status_code not in REDIRECT_STATUSES:
                return response
            target = _redirect_target(prepared.url, response.headers["Location"])
            # As requests does: credentials are not carried to another host.
            same_host = urlsplit(target).netloc == urlsplit(prepared.url).netloc
            headers = {name: value for name, value in prepared.headers.items()
                       if same_host or name.lower() not in ("authorization", "cookie")}
            prepared = self._session.prepare_request(requests.Request("GET", target, headers=headers))
        raise RedirectRefused(prepared.url, f"more than {MAX_REDIRECTS} redirects")

    def _get_hop(self, prepared, timeout, max_bytes, cache, max_age, deadline) -> requests.Response:
        if not cache:
            prepared.headers["Cache-Control"] = "no-store"
        cached = self._cached_at(prepared) if cache else None
        replay = self.offline or (cached is not None and (max_age is None or datetime.now(timezone.utc) - cached < max_age))
        # A replay touches no host, so robots.txt only guards requests that go out (which also
        # lets a run replay offline when the host's robots.txt was a 404, which is never cached).
        if not replay:
            self._check_robots(prepared.url)
        return self._send(prepared, timeout or self.timeout, max_bytes, refresh=cached is not None and not replay,
                          deadline=deadline)

    def post_json(
        self,
        url: str,
        body: Mapping[str, Any],
        *,
        headers: Mapping[str, str] | None = None,
        timeout: Timeout | None = None,
    ) -> Any:
        """POSTs `body` as JSON and answers the decoded JSON reply; failures raise as for `get`.

        A POST may change the server's state, so it is never cached (requests-cache stores only GET
        and HEAD), and urllib3 retries it only when it never left (connection failures), not on a
        status or a read timeout. Offline, it raises `NotInCache` without being sent.
        """
        prepared = self._session.prepare_request(requests.Request("POST", url, json=dict(body), headers=headers))
        if not self.offline:  # offline, requests-cache answers it as a miss: nothing goes out
            self._check_robots(prepared.url)
        response = self._send(prepared, timeout or self.timeout, None)
        try:
            return response.json()
        except ValueError as error:
            kind = response.headers.get("Content-Type") or "no Content-Type"
            raise FetchError(prepared.url, f"answer is not JSON ({kind})") from error

    def _cached_at(self, request: requests.PreparedRequest) -> datetime | None:
        response = self._session.cache.get_response(self._session.cache.create_key(request))
        if response is None:
            return None
        created = response.created_at
        return created if created.tzinfo else created.replace(tzinfo=timezone.utc)

    def _send(
        self, request: requests.PreparedRequest, timeout: Timeout, max_bytes: int | None, refresh: bool = False,
        deadline: float | None = None,
    ) -> requests.Response:
        settings = self._session.merge_environment_settings(request.url, {}, None, None, None)
        try:
            response = self._session.send(
                request, timeout=timeout, max_bytes=max_bytes, deadline=deadline or self.deadline,
                force_refresh=refresh, allow_redirects=False, **settings
            )
        except (requests.RequestException, urllib3.exceptions.HTTPError) as error:
            failure = _network_failure(error, timeout)
            if failure is None:
                raise FetchError(request.url, f"{type(error).__name__}: {error}") from error
            reason, lasting = failure
            if lasting:
                self._adapter.mark_down(request.url, reason)
            raise HostUnreachable(request.url, reason) from error
        if self.offline and response.status_code == 504:  # requests-cache's answer to a miss
            raise NotInCache(request.url, "not in cache (offline)")
        if response.status_code in REDIRECT_STATUSES and "Location" in response.headers:
            return response
        if not 200 <= response.status_code < 300:
            reason = f"HTTP {response.status_code} {response.reason}"
            if self._retry.asks_too_long(response.raw):
                pause, limit = response.headers["Retry-After"], self._retry.retry_after_max
                reason += f" (asks to retry after {pause}, beyond our limit of {limit:g} s)"
            raise HTTPStatusError(request.url, response.status_code, reason, response.content)
        return response

    def _check_robots(self, url: str) -> None:
        if self.respect_robots and not self._robots_allow(url):
            raise DisallowedByRobots(url, "disallowed by robots.txt")

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            rules = self._robots.get(origin)
        if rules is None:
            try:
                rules = self._fetch_robots(origin)
            except HostUnreachable as error:  # name the page asked for, not its robots.txt
                raise HostUnreachable(url, error.reason) from error
            with self._robots_lock:
                rules = self._robots.setdefault(origin, rules)
        return rules.can_fetch(USER_AGENT, url)

    def _fetch_robots(self, origin: str) -> RobotFileParser:
        rules = RobotFileParser(f"{origin}/robots.txt")
        try:
            request = self._session.prepare_request(requests.Request("GET", rules.url))
            response = self._follow(request, lambda hop: self._send(hop, self.timeout, None))
        except HTTPStatusError as error:
            # As urllib.robotparser.read() does: 401/403 forbid everything, other 4xx allow everything.
            if error.status in (401, 403):
                rules.disallow_all = True
            elif 400 <= error.status < 500 and error.status != 429:
                rules.allow_all = True
            else:
                raise
            return rules
        rules.parse(response.content.decode("utf-8", errors="replace").splitlines())
        return rules

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> PoliteSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
