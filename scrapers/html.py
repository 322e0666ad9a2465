"""Parsing whole HTML pages; their text goes through scrapers.text.normalise."""
from __future__ import annotations

from lxml import html

from scrapers.records import StructureChanged

# Listings are UTF-8 whatever their headers say; lxml would otherwise guess from the bytes.
_PAGE_PARSER = html.HTMLParser(encoding="utf-8")


def parse_page(page: bytes, source: str, page_url: str) -> html.HtmlElement:
    """A whole HTML page as an lxml tree; an empty body means the site's structure changed."""
    if not page.strip():
        raise StructureChanged(source, page_url, "empty page")
    return html.document_fromstring(page, parser=_PAGE_PARSER)
