"""Text hygiene in one place: what every source's titles, names and posting texts go through.

Sites send entities escaped twice (`D&#x27;Oro`), no-break spaces, trailing spaces, lines that hold nothing
but a no-break space, and invisible direction marks around names: the records carry none of it.
"""
from __future__ import annotations

import html
import re

from lxml import html as lxml_html
from lxml.etree import ParserError

# Characters that show nothing: zero-width space, soft hyphen, byte-order mark, and the bidirectional marks
# and embeddings (U+200E-U+200F, U+202A-U+202E, U+2066-U+2069).
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Tags whose content stands on lines of its own.
_BLOCKS = ("p", "pre", "li", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6")


def clean_line(text: str) -> str:
    """One line of plain text: entities unescaped, invisible characters dropped, every run of whitespace
    (no-break spaces and line breaks included) one space, no space at either end."""
    return " ".join(_visible(html.unescape(text)).split())


def clean_text(text: str) -> str:
    """Plain text of several lines: each line as `clean_line` leaves it, blank lines dropped."""
    lines = (" ".join(line.split()) for line in _visible(html.unescape(text)).splitlines())
    return "\n".join(line for line in lines if line)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one line per paragraph, entities unescaped, links spelled out."""
    if not fragment.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except ParserError:  # nothing but comments or processing instructions
        return ""
    for link in root.iter("a"):
        text = _link_text(link)
        link[:] = []
        link.text = text
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter(*_BLOCKS):
        block.text = "\n" + (block.text or "")
        block.tail = "\n" + (block.tail or "")
    # lxml unescapes the entities once; clean_text unescapes those a site escaped twice.
    return clean_text(root.text_content())


def _visible(text: str) -> str:
    return text if text.isascii() else _INVISIBLE.sub("", text)


def _link_text(link: lxml_html.HtmlElement) -> str:
    text = link.text_content()
    href = link.get("href") or ""
    # Sites such as HN shorten a long URL shown as a link's text to "https://example.com/a/b...".
    if text.endswith("...") and href.startswith(text[:-3]):
        return href
    return text
