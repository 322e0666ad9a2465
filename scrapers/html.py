"""Turning HTML into the plain text that records carry."""
from __future__ import annotations

from bs4 import BeautifulSoup, Tag


def squash_whitespace(text: str) -> str:
    return " ".join(text.split())


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one line per paragraph, entities unescaped, links spelled out."""
    soup = BeautifulSoup(fragment, "lxml")
    for link in soup.find_all("a"):
        link.replace_with(_link_text(link))
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(["p", "pre", "li"]):
        block.insert_before("\n")
        block.insert_after("\n")
    lines = (squash_whitespace(line) for line in soup.get_text().splitlines())
    return "\n".join(line for line in lines if line)


def _link_text(link: Tag) -> str:
    text = link.get_text()
    href = link.get("href") or ""
    # Sites such as HN shorten a long URL shown as a link's text to "https://example.com/a/b...".
    if text.endswith("...") and href.startswith(text[:-3]):
        return href
    return text
