"""The parts of a paper's text that methodology cares about: the first page, the reference list."""
from __future__ import annotations

import re

from scrapers.text.fulltext import PAGE_BREAK

# A heading line of its own: "References", "7 References", "REFERENCES", "Bibliography".
_REFERENCES_HEADING = re.compile(
    r"^[ \t]*(?:\d+\.?[ \t]*)?(?:references|bibliography|literature cited)[ \t]*$", re.IGNORECASE | re.MULTILINE
)
# Appendices often follow the reference list, and their text (implementation details) is the paper's own.
_APPENDIX_HEADING = re.compile(
    r"^[ \t]*(?:(?i:appendix|appendices|supplementary material)\b[^\n]{0,80}"
    # "A Implementation Details", "B.3. Training details": two words at least, so that an author's
    # initial on a line of its own ("A. Krizhevsky") is not taken for a heading.
    r"|[A-H](?:\.\d+)*\.?[ \t]+[A-Z][a-z]+(?:[ \t]+[\w-]+){1,8})[ \t]*$",
    re.MULTILINE,
)
# The 2019 study's markers of Google- and Facebook-affiliated authors, looked for on the first page.
AFFILIATION_MARKERS = {
    "google": ("@google.com", "google brain", "google ai"),
    "facebook": ("@fb.com", "facebook ai research", "facebook ai"),
}


def split_references(text: str) -> tuple[str, str]:
    """(the paper's own text, its reference list). The list runs from the last references heading to
    the next appendix heading or the end; with no such heading the whole text is the paper's own."""
    headings = list(_REFERENCES_HEADING.finditer(text))
    if not headings:
        return text, ""
    start = headings[-1].start()
    appendix = _APPENDIX_HEADING.search(text, headings[-1].end())
    end = appendix.start() if appendix else len(text)
    return text[:start] + text[end:], text[start:end]


def first_page(text: str) -> str:
    return text.split(PAGE_BREAK, 1)[0]


def affiliations(text: str) -> list[str]:
    """The companies whose markers stand on the first page, e.g. ["google"]."""
    page = first_page(text).lower()
    return [company for company, markers in AFFILIATION_MARKERS.items() if any(m in page for m in markers)]
