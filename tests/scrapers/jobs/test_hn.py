import dataclasses
import json
import pickle
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from httpserver import Reply, query

from scrapers.jobs import hn
from scrapers.records import JobPost, StructureChanged
from scrapers.text.normalise import html_to_text

FIXTURES = Path(__file__).parent / "fixtures" / "hn"
SEPTEMBER_2023 = hn.Thread(
    id="37351667",
    title="Ask HN: Who is hiring? (September 2023)",
    month=date(2023, 9, 1),
    author="whoishiring",
    created_at=datetime(2023, 9, 1, 15, 0, 25, tzinfo=timezone.utc),
    num_comments=5,
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def story_hits() -> list[dict]:
    return [hit for page in (0, 1) for hit in hn.parse_thread_hits(fixture(f"whoishiring_stories_page{page}.json"))[0]]


@pytest.fixture
def algolia(http_server, monkeypatch):
    monkeypatch.setenv("FWTRENDS_HN_BASE_URL", http_server.base_url)
    return http_server



def test_search_page_gives_its_hits_and_the_page_count():
    hits, pages = hn.parse_thread_hits(fixture("whoishiring_stories_page0.json"))

    assert pages == 2
    assert len(hits) == 10
    assert hits[0]["objectID"] == "22502136"


def test_monthly_threads_keep_every_title_variant_and_only_the_hiring_threads():
    threads = hn.monthly_threads(story_hits())

    assert list(threads) == [
        date(2011, 4, 1), date(2012, 1, 1), date(2012, 10, 1),
        date(2016, 2, 1), date(2016, 3, 1), date(2016, 5, 1), date(2016, 6, 1), date(2020, 3, 1),
    ]
    assert threads[date(2012, 10, 1)].title == "Ask HN: Who Is Hiring? (October 2012)"
    assert threads[date(2011, 4, 1)].title == "Ask HN: Who is hiring? (April 2011)"
    assert all("hired" not in t.title and "Freelancer" not in t.title for t in threads.values())


def test_of_two_threads_for_one_month_the_one_with_most_comments_wins():
    threads = hn.monthly_threads(story_hits())

    assert threads[date(2012, 1, 1)].id == "3412901"
    assert threads[date(2012, 1, 1)].num_comments == 412


def test_march_2020_extra_who_is_hiring_right_now_thread_is_not_the_monthly_one():
    march = hn.monthly_threads(story_hits())[date(2020, 3, 1)]

    assert march.id == "22502136"
    assert march.title == "Ask HN: Who is hiring? (March 2020)"


def test_thread_carries_its_author_and_creation_time():
    may = hn.monthly_threads(story_hits())[date(2016, 5, 1)]

    assert may.author == "whoishiring"
    assert may.created_at == datetime(2016, 5, 2, 15, 0, 52, tzinfo=timezone.utc)


def test_missing_months_lists_each_month_without_a_thread_including_the_ends():
    threads = hn.monthly_threads(story_hits())

    assert hn.missing_months(threads, date(2016, 1, 15), date(2016, 7, 1)) == [
        date(2016, 1, 1), date(2016, 4, 1), date(2016, 7, 1),
    ]
    assert hn.missing_months(threads, date(2011, 12, 1), date(2012, 2, 1)) == [date(2011, 12, 1), date(2012, 2, 1)]


def test_thread_title_is_the_exact_title_to_search_for():
    assert hn.thread_title(date(2016, 4, 1)) == "Ask HN: Who is hiring? (April 2016)"


def test_postings_are_the_story_direct_replies_with_text_only():
    posts = hn.parse_thread(fixture("thread_nested_replies_deleted_and_dead.json"), SEPTEMBER_2023)

    assert [p.post_id for p in posts] == ["hn:37351702", "hn:37351720", "hn:37351733", "hn:37351741"]
    assert all(p.month == date(2023, 9, 1) and p.thread_id == "37351667" and p.source == "hn" for p in posts)


def test_posting_with_the_conventional_first_line_gives_company_role_and_location():
    acme = hn.parse_thread(fixture("thread_nested_replies_deleted_and_dead.json"), SEPTEMBER_2023)[0]

    assert (acme.company, acme.title, acme.location) == ("Acme Robotics", "Senior ML Engineer (PyTorch)", "Berlin, Germany")
    assert acme.url == "https://news.ycombinator.com/item?id=37351702"
    assert acme.posted_at == datetime(2023, 9, 1, 15, 2, 11, tzinfo=timezone.utc)


def test_posting_text_is_plain_with_paragraph_lines_entities_and_full_link_urls():
    acme = hn.parse_thread(fixture("thread_nested_replies_deleted_and_dead.json"), SEPTEMBER_2023)[0]

    assert acme.text.splitlines() == [
        "Acme Robotics | Senior ML Engineer (PyTorch) | Berlin, Germany | ONSITE | Full-time",
        "We build perception for warehouse robots. Our stack: PyTorch, CUDA & a little JAX.",
        "Apply: https://acme.example/careers/senior-ml-engineer-perception-2023 or mail jobs@acme.example",
    ]


def test_posting_without_a_header_line_gets_no_guessed_company():
    prose = hn.parse_thread(fixture("thread_nested_replies_deleted_and_dead.json"), SEPTEMBER_2023)[1]

    assert (prose.company, prose.title, prose.location) == (None, None, None)
    assert prose.text.startswith('We\'re hiring engineers who like "boring" tech (Django & Postgres)')


def test_two_field_first_line_names_only_the_company():
    globex = hn.parse_thread(fixture("thread_nested_replies_deleted_and_dead.json"), SEPTEMBER_2023)[2]

    assert (globex.company, globex.title, globex.location) == ("Globex", None, None)
    assert globex.text.splitlines()[1] == "Many roles: our jobs page"


def test_first_line_of_prose_with_a_pipe_is_not_taken_for_a_header():
    initech = hn.parse_thread(fixture("thread_nested_replies_deleted_and_dead.json"), SEPTEMBER_2023)[3]

    assert (initech.company, initech.title, initech.location) == (None, None, None)


def test_thread_without_replies_has_no_postings():
    thread = hn.Thread("49522897", "Ask HN: Who is hiring? (September 2026)", date(2026, 9, 1), "whoishiring", None, 0)

    assert hn.parse_thread(fixture("thread_without_replies.json"), thread) == []


def test_thread_whose_replies_all_lack_text_means_the_structure_changed():
    with pytest.raises(StructureChanged):
        hn.parse_thread(fixture("thread_replies_all_without_text.json"), SEPTEMBER_2023)


def test_item_of_another_story_means_the_structure_changed():
    with pytest.raises(StructureChanged):
        hn.parse_thread(fixture("thread_without_replies.json"), SEPTEMBER_2023)


def test_html_to_text_breaks_lines_at_paragraphs_breaks_and_code():
    text = html_to_text("Intro<p>Line one<br>line   two<p><pre><code>  pip install torch\n  pip install jax</code></pre>")

    assert text.splitlines() == ["Intro", "Line one", "line two", "pip install torch", "pip install jax"]


def serve_algolia(server) -> None:
    def stories(request) -> Reply:
        params = query(request.path)
        assert params["tags"] == "story,author_whoishiring"
        assert params["hitsPerPage"] == "100"
        return Reply(body=fixture(f"whoishiring_stories_page{params['page']}.json"))

    def title_search(request) -> Reply:
        found = query(request.path)["query"] == "Ask HN: Who is hiring? (April 2016)"
        return Reply(body=fixture("title_search_april_2016.json" if found else "title_search_no_hits.json"))

    server.route("/api/v1/search_by_date", handler=stories)
    server.route("/api/v1/search", handler=title_search)


def test_fetch_threads_walks_every_page_and_backfills_a_month_missing_from_the_tag(algolia, session):
    serve_algolia(algolia)

    threads = hn.fetch_threads(session, since=date(2016, 2, 1), until=date(2016, 7, 31))

    assert [(t.month, t.id) for t in threads] == [
        (date(2016, 2, 1), "11012044"),
        (date(2016, 3, 1), "11202954"),
        (date(2016, 4, 1), "11405239"),
        (date(2016, 5, 1), "11611867"),
        (date(2016, 6, 1), "11814828"),
    ]
    assert [query(p)["page"] for p in algolia.paths() if p.startswith("/api/v1/search_by_date")] == ["0", "1"]
    searched = [query(p) for p in algolia.paths() if p.startswith("/api/v1/search?")]
    assert [s["query"] for s in searched] == ["Ask HN: Who is hiring? (April 2016)", "Ask HN: Who is hiring? (July 2016)"]
    assert all(s["tags"] == "story" for s in searched)


def test_fetch_threads_raises_when_the_account_search_finds_no_stories(algolia, session):
    algolia.route("/api/v1/search_by_date", fixture("whoishiring_stories_empty.json"))

    with pytest.raises(StructureChanged):
        hn.fetch_threads(session, since=date(2016, 1, 1), until=date(2016, 2, 1))


def test_fetch_threads_raises_when_no_story_is_a_monthly_thread(algolia, session):
    page = json.loads(fixture("whoishiring_stories_page0.json"))
    page["hits"] = [hit for hit in page["hits"] if "hiring" not in hit["title"]]
    page["nbPages"] = 1
    algolia.route("/api/v1/search_by_date", json.dumps(page))

    with pytest.raises(StructureChanged):
        hn.fetch_threads(session, since=date(2016, 1, 1), until=date(2016, 2, 1))


def test_fetch_posts_reads_the_whole_thread_in_one_item_request(algolia, session):
    algolia.route("/api/v1/items/37351667", fixture("thread_nested_replies_deleted_and_dead.json"))

    posts = hn.fetch_posts(session, SEPTEMBER_2023)

    assert [p.company for p in posts] == ["Acme Robotics", None, "Globex", None]
    assert [p for p in algolia.paths() if p.startswith("/api/")] == ["/api/v1/items/37351667"]


def test_a_recent_thread_is_fetched_again_while_a_settled_one_replays(algolia, session, monkeypatch):
    monkeypatch.setattr(hn, "LIVE_MAX_AGE", timedelta(0))  # as if the cached copy were hours old
    item = json.loads(fixture("thread_nested_replies_deleted_and_dead.json"))
    this_month = dataclasses.replace(SEPTEMBER_2023, month=datetime.now(timezone.utc).date().replace(day=1))
    algolia.route("/api/v1/items/37351667", json.dumps(item))

    for thread in (this_month, this_month, SEPTEMBER_2023, SEPTEMBER_2023):
        hn.fetch_posts(session, thread)

    # The live month's thread went out twice; the settled September 2023 copy replayed from the cache.
    assert [p for p in algolia.paths() if p.startswith("/api/")] == ["/api/v1/items/37351667"] * 2


def posting(id_: int, company: str | None, hour: int, author: str | None = None) -> JobPost:
    return JobPost(post_id=f"hn:{id_}", source="hn", month=date(2024, 1, 1), author=author,
                   posted_at=datetime(2024, 1, 2, hour, tzinfo=timezone.utc), url="u", text="t", company=company)


def test_a_company_posting_twice_in_a_month_counts_once():
    posts = [posting(3, "Acme Robotics", 12), posting(1, "ACME  robotics", 9), posting(2, None, 10),
             posting(4, None, 11)]

    assert [p.post_id for p in hn.one_per_company(posts)] == ["hn:1", "hn:2", "hn:4"]


def test_postings_naming_no_company_count_once_per_author_never_merged_with_other_authors():
    posts = [posting(1, None, 9, "jane"), posting(2, None, 10, "joe"), posting(3, None, 11, "jane"),
             posting(4, "jane", 12, "jane")]

    assert [p.post_id for p in hn.one_per_company(posts)] == ["hn:1", "hn:2", "hn:4"]


def test_posting_carries_its_author():
    posts = hn.parse_thread(fixture("thread_nested_replies_deleted_and_dead.json"), SEPTEMBER_2023)

    assert [p.author for p in posts] == ["acme_hiring", "jane_cto", "globex_jobs", "initech_lead"]


def test_a_reply_that_is_no_posting_is_left_out():
    item = json.loads(fixture("thread_nested_replies_deleted_and_dead.json"))
    item["children"].append({"id": 37351799, "author": "helper", "created_at": "2023-09-01T16:00:00.000Z",
                             "text": "<p>Here is a RSS feed for this thread's postings:</p><p>https://rss.example</p>",
                             "children": []})

    posts = hn.parse_thread(json.dumps(item).encode(), SEPTEMBER_2023)

    assert [p.post_id for p in posts] == ["hn:37351702", "hn:37351720", "hn:37351733", "hn:37351741"]


def test_a_thread_fetched_and_parsed_apart_gives_the_same_postings(algolia, session):
    algolia.route("/api/v1/items/37351667", fixture("thread_nested_replies_deleted_and_dead.json"))

    body = hn.fetch_body(session, SEPTEMBER_2023)

    assert hn.parse_thread(body, SEPTEMBER_2023) == hn.fetch_posts(session, SEPTEMBER_2023)


def test_a_changed_structure_crosses_a_process_boundary_as_it_was_raised():
    with pytest.raises(StructureChanged) as raised:
        hn.parse_thread(fixture("thread_without_replies.json"), SEPTEMBER_2023)  # another story's item

    back = pickle.loads(pickle.dumps(raised.value))
    assert type(back) is StructureChanged and str(back) == str(raised.value)
    assert (back.source, back.url, back.detail) == (raised.value.source, raised.value.url, raised.value.detail)
