"""The job parsers on answers recorded from the live sites (../shared/reference/real-pages, whose README gives
each file's provenance and the count it should give)."""
import json
from datetime import date, datetime, timedelta, timezone

import pytest
from reference import REAL_PAGES
from text_hygiene import assert_clean_line, assert_clean_text

from scrapers.jobs import ashby, greenhouse, hn, lever
from scrapers.records import JobPost

pytestmark = pytest.mark.skipif(not REAL_PAGES.is_dir(), reason=f"real responses not found at {REAL_PAGES}")

HN_2011 = "hn/algolia_items_2396027_2011-04.json"
HN_2026 = "hn/kurmudgen_jobwatch_hn_item_49522897_2026-09.json"
SNAPSHOT = date(2026, 8, 1)


def body(name: str) -> bytes:
    return (REAL_PAGES / name).read_bytes()


def thread_posts(name: str, month: date) -> list[JobPost]:
    item = json.loads(body(name))
    thread = hn.Thread(str(item["id"]), item["title"], month, item["author"], None, len(item["children"]))
    return hn.parse_thread(body(name), thread)


def april_2011() -> dict[str, JobPost]:
    return {post.post_id: post for post in thread_posts(HN_2011, date(2011, 4, 1))}


def september_2026() -> list[JobPost]:
    return thread_posts(HN_2026, date(2026, 9, 1))


def check_clean(posts: list[JobPost]) -> None:
    for post in posts:
        assert_clean_text(post.text)
        for field in (post.company, post.title, post.location):
            if field is not None:
                assert_clean_line(field)


# Hacker News

def test_hn_april_2011_thread_has_219_top_level_replies_and_212_postings_one_per_company_or_author():
    replies = json.loads(body(HN_2011))["children"]
    posts = april_2011()

    assert sum(1 for reply in replies if reply.get("text")) == 219
    # Left out: 4 replies that are no posting, and the second posting of Criteo (wooter, the Palo Alto office),
    # of junkafarian and of ktraub (both first lines name only a place).
    assert len(posts) == 219 - 4 - 3
    assert not {"hn:2397218", "hn:2396559", "hn:2396494"} & posts.keys()
    assert {"hn:2396453", "hn:2396489", "hn:2396486"} <= posts.keys()  # brugidou's Criteo, the first of the others


def test_hn_april_2011_replies_that_are_no_posting_are_left_out():
    posts = april_2011()

    assert "hn:2396162" not in posts  # "Here is a RSS feed for this thread's parent comments ..."
    assert "hn:2396254" not in posts  # "For UK'ers check out:" and a link to another job board
    assert "hn:2396125" not in posts  # "Can't help but feel like this might be a bad day for this thread."
    assert "hn:2398939" not in posts  # "Anyone hiring in New Zealand? My wife and I are ..."


def test_hn_april_2011_free_first_lines_give_company_role_and_location():
    posts = april_2011()

    def header(post_id):
        post = posts[post_id]
        return post.company, post.title, post.location

    assert header("hn:2396111") == ("Google", "Autocompleter", None)  # "Google - Autocompleter\\nhttp://..."
    assert header("hn:2396109") == (None, "PHP/MySQL Developer", "Montreal")
    assert header("hn:2396433") == (None, "Generalist engineer", "Raleigh, NC")
    assert header("hn:2397205") == ("SurveyMonkey.com", None, "Palo Alto, CA")
    assert header("hn:2396134") == ("37signals", "Rails Programmer", "Chicago, IL")
    assert header("hn:2396144")[::2] == ("Groupon", "Chicago and Palo Alto")  # "Groupon is hiring ... in Chicago ..."


def test_hn_posting_keeps_its_author_time_and_address():
    google = april_2011()["hn:2396111"]

    assert (google.author, google.thread_id, google.month) == ("gooberdlx", "2396027", date(2011, 4, 1))
    assert google.posted_at == datetime(2011, 4, 1, 13, 36, 16, tzinfo=timezone.utc)
    assert google.url == "https://news.ycombinator.com/item?id=2396111"


def test_hn_2011_line_breaks_written_as_backslash_n_are_line_breaks():
    google = april_2011()["hn:2396111"]

    assert google.text.splitlines() == [
        "Google - Autocompleter",
        "http://www.google.com/intl/en/jobs/uslocations/mountain-view/autocompleter/index.html",
    ]
    assert not any("\\n" in post.text for post in april_2011().values())


def test_hn_september_2026_employment_type_salary_and_links_are_not_the_location():
    modash, quill, neon = september_2026()

    assert (quill.company, quill.title, quill.location) == ("Quill", "Fullstack SWE", "Remote, PT/ET hours preferred")
    assert (modash.company, modash.title) == ("Modash.io", "Senior Product Engineer")
    assert modash.location == "Remote (Europe)"
    assert (neon.company, neon.location) == ("Open Education Applications / Neon", "Utrecht, The Netherlands")
    assert neon.title.startswith("Senior/Lead Platform & DevOps Engineer, ")


def test_hn_texts_are_plain_without_markup_entities_or_blank_lines():
    check_clean([*april_2011().values(), *september_2026()])
    modash = september_2026()[0]
    # The page: `... | <a href="https:&#x2F;&#x2F;modash.io" rel="nofollow">https:&#x2F;&#x2F;modash.io</a><p>`
    assert modash.text.splitlines()[0] == (
        "Modash.io | Senior Product Engineer | Remote (Europe) | Full-time | €75k–110k | https://modash.io"
    )


def test_hn_search_pages_give_149_monthly_threads_april_2011_to_september_2023():
    hits = []
    for page in range(9):
        page_hits, pages = hn.parse_thread_hits(body(f"hn/algolia_search_by_date_whoishiring_page{page}.json"))
        assert pages == 8
        hits += page_hits
    threads = hn.monthly_threads(hits)

    assert len(threads) == 149
    assert (min(threads), max(threads)) == (date(2011, 4, 1), date(2023, 9, 1))
    april_2011 = threads[date(2011, 4, 1)]
    assert (april_2011.id, april_2011.title) == ("2396027", "Ask HN: Who is Hiring? (April 2011)")


# Company boards

def greenhouse_posts(name: str) -> list[JobPost]:
    return greenhouse.parse_jobs(body(f"greenhouse/{name}"), "board", "Company", SNAPSHOT)


def lever_posts(name: str) -> list[JobPost]:
    return lever.parse_postings(body(f"lever/{name}"), "site", "Company", SNAPSHOT)


def ashby_posts(name: str) -> list[JobPost]:
    return ashby.parse_jobs(body(f"ashby/{name}"), "board", "Company", SNAPSHOT)


BOARDS = [
    (greenhouse_posts, "ATS_Polling_greenhouse.json"), (greenhouse_posts, "tech-salary-radar_greenhouse.json"),
    (lever_posts, "ATS_Polling_lever.json"), (lever_posts, "tech-salary-radar_lever.json"),
    (ashby_posts, "ATS_Polling_ashby.json"), (ashby_posts, "tech-salary-radar_ashby.json"),
]


@pytest.mark.parametrize(("posts", "name"), BOARDS)
def test_board_gives_its_two_postings_with_clean_title_location_and_text(posts, name):
    found = posts(name)

    assert len(found) == 2
    check_clean(found)


def test_greenhouse_title_ending_in_a_space_comes_out_without_it():
    analyst, coder = greenhouse_posts("ATS_Polling_greenhouse.json")

    assert coder.title == "Clinical Coding Specialist"  # the board says "Clinical Coding Specialist "
    assert coder.location == "Remote (United States)"
    assert coder.url == "https://job-boards.greenhouse.io/smarterdx/jobs/5099964007"
    assert coder.posted_at == datetime(2026, 4, 6, 9, 38, 12, tzinfo=timezone(timedelta(hours=-4)))
    assert analyst.title == "Client Support Analyst I"


def test_greenhouse_content_escaped_twice_becomes_plain_text():
    ai_engineer = greenhouse_posts("tech-salary-radar_greenhouse.json")[1]

    assert (ai_engineer.title, ai_engineer.location) == ("AI Engineer", "Remote, US")
    assert ai_engineer.text.splitlines()[:2] == [
        "AI Engineer",
        "GitLab is the intelligent orchestration platform for DevSecOps. GitLab enables organizations to increase "
        "developer productivity, improve operational efficiency, reduce security and compliance risk, and "
        "accelerate digital transformation. More than 50 million registered users and more than 50% of the "
        "Fortune 100* trust GitLab to ship better, more secure software faster.",
    ]


def test_lever_lines_holding_only_a_no_break_space_are_dropped():
    partner = lever_posts("ATS_Polling_lever.json")[0]

    assert (partner.title, partner.location) == ("Administrative Business Partner", "London, United Kingdom")
    assert partner.posted_at == datetime.fromtimestamp(1711403416.463, timezone.utc)
    # descriptionPlain: "A World-Changing Company\n\xa0\nPalantir builds ..."
    assert partner.text.splitlines()[1:3] == [
        "A World-Changing Company",
        "Palantir builds the world’s leading software for data-driven decisions and operations. By bringing the "
        "right data to the people who need it, our platforms empower our partners to develop lifesaving drugs, "
        "forecast supply chain disruptions, locate missing children, and more.",
    ]


def test_lever_text_in_korean_with_list_items_is_kept_whole():
    azar = lever_posts("tech-salary-radar_lever.json")[1]

    assert (azar.title, azar.location) == ("Android Software Engineer (Azar)", "Seoul, South Korea")
    assert "채용 절차: 서류전형 > 코딩테스트 > Recruiter Call > 1차 면접 > 2차 면접 > 최종합격" in azar.text


def test_ashby_postings_as_the_board_gives_them():
    staff, platform = ashby_posts("ATS_Polling_ashby.json")

    assert (staff.title, staff.location) == ("Member of Technical Staff", "San Francisco")
    assert staff.url == "https://jobs.ashbyhq.com/openevidence/4c577aae-1ad0-444b-9e15-2ad994333de4"
    assert staff.posted_at == datetime(2026, 1, 22, 21, 44, 44, 930000, tzinfo=timezone.utc)
    # descriptionPlain: "Role\n\n\n\nAs a Data Platform Software Engineer ..."
    assert platform.text.splitlines()[:2] == ["Software Engineer, Data Platform", "Role"]
    assert platform.text.splitlines()[2].startswith("As a Data Platform Software Engineer working at OpenEvidence")
