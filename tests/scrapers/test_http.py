import json
import math
import pickle
import re
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from httpserver import Reply

from scrapers.http import (
    ERROR_BODY_KEPT,
    USER_AGENT,
    ConfigError,
    DisallowedByRobots,
    FetchError,
    HostUnreachable,
    HTTPStatusError,
    NotInCache,
    PoliteSession,
    RedirectRefused,
    ResponseTooLarge,
    TooSlow,
    _redirect_target,
    base_url,
    source_rate,
)


@pytest.fixture(autouse=True)
def online(monkeypatch):
    monkeypatch.delenv("FWTRENDS_OFFLINE", raising=False)


@pytest.fixture
def make_session(tmp_path):
    """Sessions on one on-disk cache, unthrottled and without backoff unless a test says otherwise."""
    sessions = []

    def make(**options):
        options = {"default_rate": math.inf, "backoff": 0, **options}
        session = PoliteSession(tmp_path / "http-cache.sqlite", **options)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()


def elapsed(action):
    start = time.monotonic()
    action()
    return time.monotonic() - start


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_waits_as_long_as_retry_after_asks_then_succeeds(http_server, make_session):
    http_server.route("/busy", responses=[(429, {"Retry-After": "1"}, b""), (200, {}, b"done")])
    session = make_session()

    start = time.monotonic()
    response = session.get(http_server.url("/busy"))

    assert response.content == b"done"
    assert 0.9 <= time.monotonic() - start < 2.5
    assert http_server.paths().count("/busy") == 2


def test_retry_after_beyond_the_limit_fails_at_once_with_the_status(http_server, make_session):
    http_server.route("/busy", responses=[(503, {"Retry-After": "3600"}, b""), (200, {}, b"done")])
    session = make_session(max_retry_after=5)

    with pytest.raises(HTTPStatusError) as raised:
        session.get(http_server.url("/busy"))

    assert raised.value.status == 503
    assert "3600" in str(raised.value)
    assert http_server.paths().count("/busy") == 1


def test_server_error_is_retried_after_backing_off(http_server, make_session):
    http_server.route("/flaky", responses=[(500, {}, b"oops"), (200, {}, b"fine")])
    session = make_session(backoff=0.3)

    start = time.monotonic()
    response = session.get(http_server.url("/flaky"))

    assert response.content == b"fine"
    assert 0.3 <= time.monotonic() - start < 1.5


def test_garbled_retry_after_is_ignored(http_server, make_session):
    http_server.route("/busy", responses=[(429, {"Retry-After": "soon"}, b""), (200, {}, b"done")])

    assert make_session().get(http_server.url("/busy")).content == b"done"


def test_persistent_server_error_raises_status_error_after_retries(http_server, make_session):
    http_server.route("/broken", b"oops", status=500)
    url = http_server.url("/broken")

    with pytest.raises(HTTPStatusError) as raised:
        make_session(retries=2).get(url)

    assert raised.value.status == 500
    assert str(raised.value) == f"{url}: HTTP 500 Internal Server Error"
    assert http_server.paths().count("/broken") == 3


def test_client_error_is_not_retried(http_server, make_session):
    with pytest.raises(HTTPStatusError) as raised:
        make_session().get(http_server.url("/missing"))

    assert raised.value.status == 404
    assert http_server.paths().count("/missing") == 1


def test_status_error_keeps_the_beginning_of_the_body_out_of_its_message(http_server, make_session):
    body = b'{"name": "ChallengeRequiredError", "padding": "' + b"x" * 10_000 + b'"}'
    http_server.route("/notes", body, status=403, headers={"Content-Type": "application/json"})
    url = http_server.url("/notes")

    with pytest.raises(HTTPStatusError) as raised:
        make_session().get(url)

    assert raised.value.body == body[:ERROR_BODY_KEPT]
    assert str(raised.value) == f"{url}: HTTP 403 Forbidden"


def test_status_error_survives_pickling_with_its_fields(http_server, make_session):
    http_server.route("/notes", b"refused", status=403)

    with pytest.raises(HTTPStatusError) as raised:
        make_session().get(http_server.url("/notes"))
    copy = pickle.loads(pickle.dumps(raised.value))

    assert (type(copy), str(copy), copy.url, copy.status, copy.body) == (
        HTTPStatusError, str(raised.value), raised.value.url, 403, b"refused"
    )


def test_slow_server_raises_read_timeout_as_unreachable(http_server, make_session):
    http_server.route("/slow", b"late", delay=2)
    session = make_session(respect_robots=False)

    with pytest.raises(HostUnreachable, match="read timed out") as raised:
        session.get(http_server.url("/slow"), timeout=(1, 0.2))

    assert raised.value.url == http_server.url("/slow")


def test_closed_port_fails_within_seconds_naming_the_url(make_session):
    url = f"http://127.0.0.1:{closed_port()}/CVPR2019"
    session = make_session(timeout=(3, 3), backoff=1.0)  # the production backoff

    start = time.monotonic()
    with pytest.raises(HostUnreachable) as raised:
        session.get(url)

    assert time.monotonic() - start < 3
    assert str(raised.value) == f"{url}: cannot reach host (connection refused)"


def test_an_unreachable_host_is_not_tried_again_but_its_cached_pages_still_replay(http_server, make_session):
    http_server.route("/listing", "papers")
    make_session().get(http_server.url("/listing"))  # cached
    http_server.stop()
    session = make_session(backoff=1.0)

    with pytest.raises(HostUnreachable):
        session.get(http_server.url("/new-page"))
    started = time.monotonic()
    with pytest.raises(HostUnreachable, match="connection refused.*earlier in this run"):
        session.get(http_server.url("/another-page"))

    assert time.monotonic() - started < 0.1  # no connect, no retry, no backoff
    assert session.get(http_server.url("/listing")).content == b"papers"


def test_threads_waiting_for_a_host_found_down_stop_waiting(make_session):
    base = f"http://127.0.0.1:{closed_port()}"
    # Six requests take five seconds of turns; the first one fails after its one-second retry back-off,
    # while the other five wait for their turns.
    session = make_session(default_rate=1.0, backoff=1.0)

    def fetch(number):
        with pytest.raises(HostUnreachable):
            session.get(f"{base}/page{number}")

    with ThreadPoolExecutor(6) as pool:
        took = elapsed(lambda: list(pool.map(fetch, range(6))))

    assert took < 3


def test_body_over_the_declared_size_cap_is_rejected(http_server, make_session):
    http_server.route("/big", b"x" * 2000)
    session = make_session()

    with pytest.raises(ResponseTooLarge, match="2,000 bytes"):
        session.get(http_server.url("/big"), max_bytes=1000)
    assert session.get(http_server.url("/big"), max_bytes=2000).content == b"x" * 2000


def test_chunked_body_is_cut_off_as_soon_as_it_passes_the_cap(http_server, make_session):
    served = []

    def long_stream(_request):
        def chunks():
            for _ in range(3200):  # 200 MiB, without a Content-Length to warn of it
                served.append(65536)
                yield b"x" * 65536

        return Reply(body=chunks())

    http_server.route("/stream", handler=long_stream)
    session = make_session(max_bytes=1_000_000)

    with pytest.raises(ResponseTooLarge, match="1,000,000 bytes"):
        session.get(http_server.url("/stream"))

    assert sum(served) < 20 * 2**20  # the cap plus what socket buffers held


def test_path_disallowed_by_robots_is_never_requested(http_server, make_session):
    http_server.route("/robots.txt", "User-agent: *\nDisallow: /private/\n")
    http_server.route("/private/page", "secret")
    http_server.route("/public", "hello")
    session = make_session()

    with pytest.raises(DisallowedByRobots, match="robots.txt"):
        session.get(http_server.url("/private/page"))
    assert session.get(http_server.url("/public")).text == "hello"

    assert http_server.paths() == ["/robots.txt", "/public"]


def test_robots_rules_for_our_agent_apply(http_server, make_session):
    http_server.route("/robots.txt", "User-agent: fwtrends\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    http_server.route("/page", "hello")

    with pytest.raises(DisallowedByRobots):
        make_session().get(http_server.url("/page"))


def test_robots_forbidden_disallows_everything(http_server, make_session):
    http_server.route("/robots.txt", status=403)
    http_server.route("/page", "hello")

    with pytest.raises(DisallowedByRobots):
        make_session().get(http_server.url("/page"))
    assert http_server.paths() == ["/robots.txt"]


def test_robots_missing_allows_everything_and_is_fetched_once(http_server, make_session):
    http_server.route("/a", "a")
    http_server.route("/b", "b")
    session = make_session()

    assert [session.get(http_server.url(path)).text for path in ("/a", "/b")] == ["a", "b"]
    assert http_server.paths() == ["/robots.txt", "/a", "/b"]


def test_user_agent_names_the_project(http_server, make_session):
    http_server.route("/page", "hello")

    make_session().get(http_server.url("/page"))

    assert {request.headers["User-Agent"] for request in http_server.requests} == {USER_AGENT}
    assert re.fullmatch(r"fwtrends/[\d.]+ \(\+https://\S+\)", USER_AGENT)


def test_cached_response_is_replayed_after_the_server_is_gone(http_server, make_session):
    http_server.route("/listing", "papers")
    url = http_server.url("/listing")
    first = make_session().get(url)
    http_server.stop()

    replayed = make_session().get(url)
    offline = make_session(offline=True).get(url)

    assert first.content == replayed.content == offline.content == b"papers"
    assert replayed.from_cache and offline.from_cache


def test_cached_response_older_than_max_age_is_fetched_again(http_server, make_session):
    http_server.route("/thread", responses=[(200, {}, b"250 postings"), (200, {}, b"400 postings")])
    url = http_server.url("/thread")
    session = make_session()

    first = session.get(url)
    young = session.get(url, max_age=timedelta(hours=1))
    old = session.get(url, max_age=timedelta(0))
    after = make_session(offline=True).get(url)

    assert (first.content, young.content, old.content) == (b"250 postings", b"250 postings", b"400 postings")
    assert young.from_cache and not old.from_cache
    assert after.content == b"400 postings"  # the refreshed copy replaced the old one in the cache
    assert http_server.paths().count("/thread") == 2


def test_memory_cache_replays_within_the_session(http_server):
    http_server.route("/page", "hello")

    with PoliteSession(None, default_rate=math.inf) as session:
        bodies = [session.get(http_server.url("/page")).text for _ in range(2)]

    assert bodies == ["hello", "hello"]
    assert http_server.paths() == ["/robots.txt", "/page"]


def test_offline_miss_raises_not_in_cache_without_requesting(http_server, make_session, monkeypatch):
    monkeypatch.setenv("FWTRENDS_OFFLINE", "1")
    session = make_session()

    with pytest.raises(NotInCache, match="not in cache"):
        session.get(http_server.url("/never-fetched"))
    assert session.offline
    assert http_server.requests == []


def test_uncached_fetch_goes_to_the_server_every_time_and_is_not_kept(http_server, make_session):
    http_server.route("/paper.pdf", b"%PDF-1.7")
    url = http_server.url("/paper.pdf")
    session = make_session()

    for _ in range(2):
        assert session.get(url, cache=False).content == b"%PDF-1.7"

    assert http_server.paths().count("/paper.pdf") == 2
    with pytest.raises(NotInCache):
        make_session(offline=True).get(url)


def test_rate_limit_spaces_network_requests_but_not_cache_hits(http_server, make_session):
    paths = [f"/page/{n}" for n in range(4)]
    for path in paths:
        http_server.route(path, path)
    session = make_session(default_rate=5, respect_robots=False)

    def fetch_all():
        return [session.get(http_server.url(path)) for path in paths]

    assert 0.55 <= elapsed(fetch_all) < 1.5  # 3 gaps of 1/5 s
    assert elapsed(fetch_all) < 0.3  # all replayed from the cache


def test_rate_set_per_host_overrides_the_default(http_server, make_session):
    http_server.route("/page", "hello")
    session = make_session(default_rate=0.5, respect_robots=False)
    session.set_rate(http_server.url("/"), 20)

    assert elapsed(lambda: [session.get(http_server.url("/page"), cache=False) for _ in range(3)]) < 0.5


def test_rate_limit_holds_across_threads_sharing_a_session(http_server, make_session):
    paths = [f"/page/{n}" for n in range(5)]
    for path in paths:
        http_server.route(path, path)
    session = make_session(respect_robots=False)
    session.set_rate("127.0.0.1", 10)

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=5) as pool:
        bodies = list(pool.map(lambda path: session.get(http_server.url(path)).text, paths))

    assert bodies == paths
    # The last of 5 requests cannot leave before 4 gaps of 1/10 s (the first one's arrival may lag its start).
    assert max(request.at for request in http_server.requests) - start >= 0.4


def test_invalid_rate_is_refused(make_session):
    with pytest.raises(ValueError, match="positive"):
        make_session().set_rate("example.org", 0)


def test_base_url_comes_from_the_environment_at_call_time(monkeypatch):
    assert base_url("open-review", "https://api.openreview.net/") == "https://api.openreview.net"

    monkeypatch.setenv("FWTRENDS_OPEN_REVIEW_BASE_URL", "http://127.0.0.1:8000/")

    assert base_url("open-review", "https://api.openreview.net") == "http://127.0.0.1:8000"


def test_source_rate_comes_from_the_environment(monkeypatch):
    assert source_rate("cvf", 2.0) == 2.0
    monkeypatch.setenv("FWTRENDS_CVF_RATE", "0.25")
    assert source_rate("cvf", 2.0) == 0.25
    monkeypatch.setenv("FWTRENDS_CVF_RATE", "fast")
    with pytest.raises(ConfigError, match="FWTRENDS_CVF_RATE='fast' is not a number"):
        source_rate("cvf", 2.0)
    monkeypatch.setenv("FWTRENDS_CVF_RATE", "-1")
    with pytest.raises(ConfigError, match="FWTRENDS_CVF_RATE='-1': a rate must be positive"):
        source_rate("cvf", 2.0)


def test_server_sequence_replies_in_turn_then_repeats_the_last(http_server, make_session):
    http_server.route("/seq", responses=[Reply(body=b"one"), (200, {}, b"two")])
    session = make_session()

    bodies = [session.get(http_server.url("/seq"), cache=False).content for _ in range(3)]

    assert bodies == [b"one", b"two", b"two"]


def json_reply(request):
    """Echoes the posted JSON, so a test sees what arrived and that each answer is fresh."""
    return Reply(200, {"Content-Type": "application/json"}, json.dumps({"got": json.loads(request.body)}))


def test_post_json_sends_the_body_as_json_and_answers_the_decoded_reply(http_server, make_session):
    http_server.route("/login", handler=json_reply)

    answer = make_session().post_json(http_server.url("/login"), {"id": "ada"}, headers={"X-Probe": "1"})

    assert answer == {"got": {"id": "ada"}}
    [request] = [request for request in http_server.requests if request.method == "POST"]
    assert request.headers["Content-Type"] == "application/json"
    assert (request.headers["User-Agent"], request.headers["X-Probe"]) == (USER_AGENT, "1")


def test_post_json_is_never_cached(http_server, make_session):
    http_server.route("/login", handler=json_reply)
    url = http_server.url("/login")
    session = make_session()

    for _ in range(2):
        assert session.post_json(url, {"id": "ada"}) == {"got": {"id": "ada"}}

    assert http_server.paths().count("/login") == 2
    with pytest.raises(NotInCache):
        make_session(offline=True).post_json(url, {"id": "ada"})
    assert http_server.paths().count("/login") == 2


def test_post_json_server_error_is_raised_at_once_not_retried(http_server, make_session):
    http_server.route("/login", responses=[(500, {}, b"oops"), (200, {}, b"{}")])
    session = make_session(retries=5)

    with pytest.raises(HTTPStatusError) as raised:
        session.post_json(http_server.url("/login"), {"id": "ada"})

    assert raised.value.status == 500
    assert raised.value.body == b"oops"
    assert http_server.paths().count("/login") == 1


def test_post_json_status_error_keeps_the_body(http_server, make_session):
    body = b'{"name": "ForbiddenError", "message": "Invalid username or password"}'
    http_server.route("/login", body, status=403, headers={"Content-Type": "application/json"})
    url = http_server.url("/login")

    with pytest.raises(HTTPStatusError) as raised:
        make_session().post_json(url, {"id": "ada"})

    assert raised.value.body == body
    assert str(raised.value) == f"{url}: HTTP 403 Forbidden"


def test_post_json_waits_its_turn_at_the_host(http_server, make_session):
    http_server.route("/login", handler=json_reply)
    session = make_session(default_rate=5, respect_robots=False)

    assert 0.35 <= elapsed(lambda: [session.post_json(http_server.url("/login"), {}) for _ in range(3)]) < 1.2


def test_post_json_to_a_path_robots_txt_forbids_is_never_sent(http_server, make_session):
    http_server.route("/robots.txt", "User-agent: *\nDisallow: /login\n")

    with pytest.raises(DisallowedByRobots):
        make_session().post_json(http_server.url("/login"), {"id": "ada"})
    assert http_server.paths() == ["/robots.txt"]


def test_post_json_to_a_closed_port_fails_within_seconds_naming_the_url(make_session):
    url = f"http://127.0.0.1:{closed_port()}/login"
    session = make_session(timeout=(3, 3), backoff=1.0)

    start = time.monotonic()
    with pytest.raises(HostUnreachable) as raised:
        session.post_json(url, {"id": "ada"})

    assert time.monotonic() - start < 3
    assert str(raised.value) == f"{url}: cannot reach host (connection refused)"


def test_post_json_answer_over_the_size_cap_is_rejected(http_server, make_session):
    http_server.route("/login", json.dumps({"token": "x" * 2000}), headers={"Content-Type": "application/json"})

    with pytest.raises(ResponseTooLarge):
        make_session(max_bytes=1000).post_json(http_server.url("/login"), {"id": "ada"})


def test_post_json_answer_that_is_not_json_raises_a_fetch_error(http_server, make_session):
    http_server.route("/login", "<html>Sign in</html>", headers={"Content-Type": "text/html"})
    url = http_server.url("/login")

    with pytest.raises(FetchError) as raised:
        make_session().post_json(url, {"id": "ada"})

    assert str(raised.value) == f"{url}: answer is not JSON (text/html)"


def test_a_redirect_to_an_unreachable_host_charges_that_host_not_the_origin(http_server, make_session):
    dead = f"http://localhost:{closed_port()}/paper.pdf"
    http_server.route("/moved.pdf", status=302, headers={"Location": dead})
    http_server.route("/healthy.pdf", "%PDF-1.7")
    session = make_session(respect_robots=False)

    with pytest.raises(HostUnreachable) as raised:
        session.get(http_server.url("/moved.pdf"))

    assert raised.value.url == dead
    assert session.get(http_server.url("/healthy.pdf")).text == "%PDF-1.7"  # the origin host is still up
    with pytest.raises(HostUnreachable, match="earlier in this run"):
        session.get(dead)


def test_each_redirect_hop_obeys_its_own_hosts_robots_txt(http_server, make_session):
    http_server.route("/robots.txt", "User-agent: *\nDisallow: /private/")
    target = f"http://localhost:{urlsplit(http_server.base_url).port}/private/paper.pdf"
    http_server.route("/paper.pdf", status=301, headers={"Location": target})
    http_server.route("/private/paper.pdf", "secret")

    with pytest.raises(DisallowedByRobots) as raised:
        make_session().get(http_server.url("/paper.pdf"))

    assert raised.value.url == target
    assert "/private/paper.pdf" not in http_server.paths()


def test_redirects_replay_offline_hop_by_hop(http_server, make_session):
    http_server.route("/old", status=301, headers={"Location": "/new"})
    http_server.route("/new", "moved here")
    assert make_session(respect_robots=False).get(http_server.url("/old")).text == "moved here"

    replayed = make_session(offline=True).get(http_server.url("/old"))

    assert replayed.text == "moved here"
    assert replayed.url == http_server.url("/new")


def test_a_redirect_loop_ends_with_a_clear_error(http_server, make_session):
    http_server.route("/a", status=302, headers={"Location": "/b"})
    http_server.route("/b", status=302, headers={"Location": "/a"})

    with pytest.raises(RedirectRefused, match="more than 5 redirects"):
        make_session(respect_robots=False).get(http_server.url("/a"))


@pytest.mark.parametrize("origin, location, why", [
    ("http://example.org/a", "ftp://example.org/a", "not http"),
    ("https://example.org/a", "http://example.org/a", "from https to http"),
    ("https://example.org/a", "http://127.0.0.1/admin", "from https to http"),
    ("http://example.org/a", "http://169.254.169.254/latest/meta-data", "a private address"),
    ("http://example.org/a", "http://localhost:8080/", "a private address"),
])
def test_redirects_that_leave_the_public_web_are_refused(origin, location, why):
    with pytest.raises(RedirectRefused, match=why):
        _redirect_target(origin, location)


def test_a_server_dripping_bytes_is_cut_off_at_the_download_deadline(http_server, make_session):
    def drip():
        for _ in range(50):
            time.sleep(0.1)
            yield b"x"

    http_server.route("/slow.pdf", drip())

    with pytest.raises(TooSlow, match="took over 0.5 s"):
        make_session(respect_robots=False).get(http_server.url("/slow.pdf"), deadline=0.5)


def test_sources_sharing_a_host_share_its_strictest_rate(http_server, make_session):
    http_server.route("/page", "hello")
    session = make_session(respect_robots=False)
    session.set_rate(http_server.url("/"), 5)
    session.set_rate("127.0.0.1", 50)  # a second source on the same host, more permissive

    assert elapsed(lambda: [session.get(http_server.url("/page"), cache=False) for _ in range(3)]) >= 0.35
