"""Turning HTML into the plain text that records carry."""
from __future__ import annotations

from lxml import html
from lxml.etree import ParserError

from scrapers.records import StructureChanged

# Listings are UTF-8 whatever their headers say; lxml would otherwise guess from the bytes.
_PAGE_PARSER = html.HTMLParser(encoding="utf-8")
# Tags whose content stands on lines of its own.
_BLOCKS = ("p", "pre", "li", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6")


def squash_whitespace(text: str) -> str:
    return " ".join(text.split())


def parse_page(page: bytes, source: str, page_url: str) -> html.HtmlElement:
    """A whole HTML page as an lxml tree; an empty body means the site's structure changed."""
    if not page.strip():
        raise StructureChanged(source, page_url, "empty page")
    return html.document_fromstring(page, parser=_PAGE_PARSER)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one line per paragraph, entities unescaped, links spelled out."""
    if not fragment.strip():
        return ""
    try:
        root = html.fragment_fromstring(fragment, create_parent="div")
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
    lines = (squash_whitespace(line) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _link_text(link: html.HtmlElement) -> str:
    text = link.text_content()
    href = link.get("href") or ""
    # Sites such as HN shorten a long URL shown as a link's text to "https://example.com/a/b...".
    if text.endswith("...") and href.startswith(text[:-3]):
        return href
    return text
