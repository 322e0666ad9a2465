import json
import random

import pytest
from reference import REAL_PAGES

from scrapers.text.normalise import (
    _simple_text,
    _tree_text,
    clean_line,
    clean_text,
    html_to_text,
)


def test_clean_line_unescapes_entities_a_site_escaped_twice():
    assert clean_line("Pierluca D&#x27;Oro") == "Pierluca D'Oro"
    assert clean_line("R&amp;D &lt;team&gt;") == "R&D <team>"


def test_clean_line_drops_invisible_characters_and_squashes_every_space():
    assert clean_line("\u202aYotam Alexander\u202c\u200f") == "Yotam Alexander"
    assert clean_line("Clinical Coding Specialist ") == "Clinical Coding Specialist"
    assert clean_line(" Deep\u00adLearning\u00a0for\u200b  Vision\n") == "DeepLearning for Vision"


def test_clean_text_keeps_lines_and_drops_blank_ones_and_those_holding_only_a_no_break_space():
    plain = "A World-Changing Company\n\u00a0\nPalantir builds software.  \n\n\nThe Role\r\n&nbsp;\n"

    assert clean_text(plain).splitlines() == ["A World-Changing Company", "Palantir builds software.", "The Role"]


def test_html_to_text_goes_through_the_same_cleaning():
    fragment = "<div>&nbsp;</div><p>Senior&nbsp;Engineer&amp;#x27;s role </p><p>\u200b</p>"

    assert html_to_text(fragment) == "Senior Engineer's role"


@pytest.mark.parametrize("fragment, expected", [
    ("<p>page one\x0cpage two</p>", "page one page two"),  # a form feed, as PDF-made text carries
    ("<p>a\x0bb</p><p>\x01</p>", "a b"),
    ("loose\x0c<p>lone \ud800 surrogate", "loose\nlone surrogate"),
])
def test_characters_xml_refuses_become_spaces(fragment, expected):
    assert html_to_text(fragment) == expected


# HN's comment HTML is read without lxml (`_simple_text`); whatever it reads must come out as lxml's tree gives it
# (`_tree_text`), and anything else must go to lxml.

def recorded_hn_texts() -> list[str]:
    """Every text of the recorded HN threads, postings and replies, as hn.py hands them over."""
    texts = []

    def walk(item):
        if item.get("text"):
            texts.append(item["text"].replace("\\n", "\n"))
        for child in item.get("children") or ():
            walk(child)

    for path in sorted((REAL_PAGES / "hn").glob("*item*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return texts


@pytest.mark.skipif(not REAL_PAGES.is_dir(), reason=f"real responses not found at {REAL_PAGES}")
def test_every_recorded_hn_text_is_read_without_lxml_and_as_lxml_reads_it():
    texts = recorded_hn_texts()

    assert len(texts) >= 300  # April 2011 (paragraphs closed, pre/code, links) and September 2026 (bare <p>)
    for text in texts:
        simple = _simple_text(text)
        assert simple is not None, text
        assert clean_text(simple) == clean_text(_tree_text(text)), text


@pytest.mark.parametrize("fragment, expected", [
    ("<p>a<pre>b</pre>c</p>d", "a\nb\ncd"),  # pre closes the open p: the last </p> closes nothing
    ("<p>a<i>b<p>c</i>d", "ab\ncd"),  # a p start tag closes the open i too
    ("<code>a<p>b</code>c", "a\nb\nc"),  # ... but not an open code: </code> closes the p inside
    ("x</i>y</p>z", "xyz"),  # end tags of elements not open are ignored
    ('<a href="https://example.com/a/very/long/path">https://example.com/a/very...</a>',
     "https://example.com/a/very/long/path"),  # a link shortened by HN is spelled out
    ('<a href="https:&#x2F;&#x2F;x.io" rel="nofollow">https:&#x2F;&#x2F;x.io</a><p>R&amp;D &#38;amp; &lt;p&gt;',
     "https://x.io\nR&D & <p>"),  # references read once here, once more by clean_text, as before
    ('<a href="h">one<a href="h2">two</a>', "onetwo"),  # a second link closes the first
])
def test_hn_html_is_read_as_libxml2_builds_its_tree(fragment, expected):
    assert _simple_text(fragment) is not None
    assert html_to_text(fragment) == expected == clean_text(_tree_text(fragment))


@pytest.mark.parametrize("fragment", [
    "<P>upper case</P>", "<b>bold</b>", "a<br>b", "<div>x</div>", "<!-- note -->x", "a < b",
    '<a href="h">x<p>block in a link</a>', '<p><a href="h">x<i>y<a href="k">z</a>',  # a link not on top
    "&apos;", "&copy", "AT&T", "&#0;", "&#x80;", "&#xD800;", "line\r\nbreak",
])
def test_other_html_goes_to_lxml_and_reads_the_same(fragment):
    assert _simple_text(fragment) is None
    assert html_to_text(fragment) == clean_text(_tree_text(fragment))


def test_generated_hn_like_fragments_read_as_lxml_reads_them():
    words = ["<p>", "</p>", "<pre>", "</pre>", "<code>", "</code>", "<i>", "</i>", "</a>", '<a href="{}">',
             '<a href="{}" rel="nofollow">', "PyTorch", " ", "\n", "...", "&amp;", "&#x2F;", "&lt;p&gt;", "&nbsp;",
             "&#38;amp;", "&quot;", "&#x27;s", "&#x1F600;", "é", "\u200b", ">", "\t", "http://x.io/a",
             "http://x.io/a..."]
    hrefs = ["http://x.io/a", "http://x.io/abc", "", "a&amp;b", "http:&#x2F;&#x2F;x.io/a", "h ttp"]
    rng = random.Random(15)
    simple = 0
    for _ in range(4000):
        fragment = "".join(rng.choice(words).format(rng.choice(hrefs)) for _ in range(rng.randrange(1, 14)))
        if (text := _simple_text(fragment)) is not None:
            simple += 1
            assert clean_text(text) == clean_text(_tree_text(fragment)), fragment
    assert simple > 3000
