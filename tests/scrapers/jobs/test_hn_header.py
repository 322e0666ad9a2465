import random

import pytest

from scrapers.jobs.hn_header import _NOT_A_POSTING, Header, is_posting, read_header

# First lines of the April 2011 and September 2026 threads (../shared/reference/real-pages/hn), as posted.
REAL_LINES = [
    # 2011: free lines that usually lead with the place
    ("Montreal - PHP/MySQL Developer", Header(None, "PHP/MySQL Developer", "Montreal")),
    ("Raleigh, NC - Generalist engineer (development/operations)", Header(None, "Generalist engineer", "Raleigh, NC")),
    ("Palo Alto, CA - SurveyMonkey.com", Header("SurveyMonkey.com", None, "Palo Alto, CA")),
    ("Chicago, IL (or anywhere) - Rails Programmer @ 37signals",
     Header("37signals", "Rails Programmer", "Chicago, IL")),
    ("Google - Autocompleter", Header("Google", "Autocompleter", None)),
    ("Portland, OR - Rails Developer - Kongregate", Header("Kongregate", "Rails Developer", "Portland, OR")),
    ("Polyconseil - Paris, France - Django developer", Header("Polyconseil", "Django developer", "Paris, France")),
    ("Palo Alto, CA - Criteo (www.criteo.com)", Header("Criteo", None, "Palo Alto, CA")),
    ("Everlane - San Francisco, CA (FULLTIME, H1B, INTERNS)", Header("Everlane", None, "San Francisco, CA")),
    ("Mountain View, CA (INTERN and FULLTIME)", Header(None, None, "Mountain View, CA")),
    ("Toronto, full time (no remote)", Header(None, None, "Toronto")),
    ("Toronto, ON - Web / mobile developers", Header(None, "Web / mobile developers", "Toronto, ON")),
    ("Kontagent (San Francisco, CA)", Header("Kontagent", None, "San Francisco, CA")),
    ("@Sipwise in Vienna/Austria", Header("Sipwise", None, "Vienna/Austria")),
    ("Trendiction in Luxembourg:", Header("Trendiction", None, "Luxembourg")),
    ("Location: New Orleans", Header(None, None, "New Orleans")),
    ("Senior software Engineer, Paris, France", Header(None, "Senior software Engineer", "Paris, France")),
    ("Academia.edu is hiring engineers in San Francisco.", Header("Academia.edu", None, "San Francisco")),
    ("Groupon is hiring all kinds of computery people in Chicago and Palo Alto - programmers, designers, operations,"
     " testing, support, Big Data, performance, managers, etc.",
     Header("Groupon", "programmers, designers, operations, testing, support, Big Data, performance, managers, etc",
            "Chicago and Palo Alto")),
    ("Etsy, the global marketplace for buying, selling and discovering handmade goods, is hiring across the board in"
     " Engineering and Product.", Header("Etsy", None, None)),
    ("Intelligent App search and discovery startup is looking for:", Header()),
    ("I don't give it much chances here, but what the hell:", Header()),
    # 2026: pipes, with the employment type, salary and link among the fields
    ("Quill | Fullstack SWE | Full-time | Remote, PT/ET hours preferred | $150 - 210K USD + equity | https://quill.co/",
     Header("Quill", "Fullstack SWE", "Remote, PT/ET hours preferred")),
    ("Modash.io | Senior Product Engineer | Remote (Europe) | Full-time | €75k–110k | https://modash.io",
     Header("Modash.io", "Senior Product Engineer", "Remote (Europe)")),
    ("Open Education Applications / Neon | Senior/Lead Platform & DevOps Engineer, Senior Frontend Engineer, Senior "
     "Full-Stack Engineer | Utrecht, The Netherlands | HYBRID | DUTCH REQUIRED",
     Header("Open Education Applications / Neon",
            "Senior/Lead Platform & DevOps Engineer, Senior Frontend Engineer, Senior Full-Stack Engineer",
            "Utrecht, The Netherlands")),
]

PIPE_FORMS = [
    ("Acme | Berlin, Germany | ML Engineer | INTERNS | VISA", Header("Acme", "ML Engineer", "Berlin, Germany")),
    ("Acme | Backend Engineer | REMOTE | Full-time", Header("Acme", "Backend Engineer", None)),
    ("Acme | Backend Engineer | REMOTE or ONSITE | Visa sponsorship", Header("Acme", "Backend Engineer", None)),
    ("Acme | Backend Engineer | Remote (US) | $150 - 210K", Header("Acme", "Backend Engineer", "Remote (US)")),
    ("Acme | ML Engineer | ONSITE | Gotham", Header("Acme", "ML Engineer", "Gotham")),  # a place the gazetteer lacks
    ("Acme | ML Engineer | Python, PyTorch, CUDA", Header("Acme", "ML Engineer", None)),  # a stack is no place
    ("Acme | REMOTE (US, Canada)", Header("Acme")),  # two fields: only the company is sure
    ("Acme &amp; Sons | Data\u00a0Scientist  | NYC ", Header("Acme & Sons", "Data Scientist", "NYC")),
]


@pytest.mark.parametrize(("line", "header"), REAL_LINES + PIPE_FORMS, ids=lambda value: str(value)[:40])
def test_first_line_gives_company_role_and_location(line, header):
    assert read_header(line) == header


@pytest.mark.parametrize("line", [
    "Here is a RSS feed for this thread's parent comments (which are mainly job postings):",
    "For UK'ers check out:",
    "Can't help but feel like this might be a bad day for this thread. You would think people could set aside the"
    " jokes in an obviously serious thread such as this one.",
    "Anyone hiring in New Zealand? My wife and I are in the process of migrating to NZ.",
])
def test_replies_about_the_thread_or_looking_for_work_are_no_posting(line):
    assert not is_posting(line)


@pytest.mark.parametrize("line", [
    "Google - Autocompleter",
    "Seeking freelancer.",
    "Quill | Fullstack SWE | Full-time | Remote, PT/ET hours preferred | $150 - 210K USD + equity | https://quill.co/",
])
def test_postings_are_postings(line):
    assert is_posting(line)


def test_telling_postings_apart_without_the_expression_gives_what_the_expression_gives():
    # ASCII lines holding none of the expression's words skip it; any other line (here: the dotless i and the long
    # s, which the case-blind expression takes for i and s) still goes through it.
    words = ["this", "thread", "This Thread", "RSS", "feed", "rss feed", "check", "out", "CHECK OUT:", "Anyone",
             "anybody", "hiring", "any", " ", ":", "threads", "th\u0131s thread", "r\u017fs feed", "é", "\t"]
    rng = random.Random(3)
    for _ in range(5000):
        line = "".join(rng.choice(words) + rng.choice(["", " "]) for _ in range(rng.randrange(1, 8)))
        assert is_posting(line) == (not _NOT_A_POSTING.search(line.strip())), line
    assert not is_posting("th\u0131s thread is great") and not is_posting("an r\u017fs feed")
