"""Text hygiene in one place: what every source's titles, names and posting texts go through.

Sites send entities escaped twice (`D&#x27;Oro`), no-break spaces, trailing spaces, lines that hold nothing
but a no-break space, and invisible direction marks around names: the records carry none of it.
"""
from __future__ import annotations

import html
import re
from itertools import islice

from lxml import html as lxml_html
from lxml.etree import ParserError

# Characters that show nothing: zero-width space, soft hyphen, byte-order mark, and the bidirectional marks
# and embeddings (U+200E-U+200F, U+202A-U+202E, U+2066-U+2069).
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Tags whose content stands on lines of its own.
_BLOCKS = ("p", "pre", "li", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6")

# Hacker News comment HTML, read without building a tree (see `_simple_text`): `<p>`, `<pre>`, `<code>`, `<i>`
# and links as HN writes them; `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&nbsp;` and numeric references.
_SIMPLE_TAGS = {tag: tag.lstrip("/") for tag in ("p", "pre", "code", "i", "/p", "/pre", "/code", "/i", "/a")}
_LINK_TAG = re.compile(r'a href="([^"<>]*)"(?: rel="nofollow")?')
_SIMPLE_REF = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|amp|lt|gt|quot|nbsp);")
# Each reference's character: the named ones, and numeric ones as they come (a few thousand at most).
_REF_CHARS = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&nbsp;": "\u00a0"}
_MAX_REF_CHARS = 4096
# What the fast reading leaves to lxml: an ampersand that starts no reference above, control characters
# (carriage returns included), lone surrogates and the non-characters U+FFFE and U+FFFF.
_LONE_AMPERSAND = re.compile(r"&(?!(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|lt|gt|quot|nbsp);)")
_ODD_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Characters XML does not allow, which lxml keeps in the text it parses but refuses in text set on the tree:
# they show nothing, and a form feed or vertical tab separates words, so each becomes a space.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A p start tag closes an open p or i; a pre start tag closes an open p (as libxml2 builds the tree).
_CLOSED_BY = {"p": ("p", "i"), "pre": ("p",), "code": (), "i": ()}


class _NotSimple(Exception):
    pass


def clean_line(text: str) -> str:
    """One line of plain text: entities unescaped, invisible characters dropped, every run of whitespace
    (no-break spaces and line breaks included) one space, no space at either end."""
    return " ".join(_visible(html.unescape(text)).split())


def clean_text(text: str) -> str:
    """Plain text of several lines: each line as `clean_line` leaves it, blank lines dropped."""
    lines = map(" ".join, map(str.split, _visible(html.unescape(text)).splitlines()))
    return "\n".join(filter(None, lines))


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one line per paragraph, entities unescaped, links spelled out."""
    if not fragment.strip():
        return ""
    text = _simple_text(fragment)
    # lxml unescapes the entities once; clean_text unescapes those a site escaped twice.
    return clean_text(_tree_text(fragment) if text is None else text)


def _tree_text(fragment: str) -> str:
    """The fragment's text as lxml parses it, with a line break around every block and each link's text
    spelled out."""
    try:
        root = lxml_html.fragment_fromstring(_NOT_IN_XML.sub(" ", fragment), create_parent="div")
    except ParserError:  # nothing but comments or processing instructions
        return ""
    for link in root.iter("a"):
        text = _link_text(link.text_content(), link.get("href") or "")
        link[:] = []
        link.text = text
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter(*_BLOCKS):
        block.text = "\n" + (block.text or "")
        block.tail = "\n" + (block.tail or "")
    return root.text_content()


def _simple_text(fragment: str) -> str | None:
    """What `_tree_text` gives, read in one pass over HTML as Hacker News writes it, several times faster;
    None for a fragment with any other tag, reference or construct, which goes through lxml.

    The reading follows libxml2's tree: a p start tag closes an open p or i, a pre start tag an open p, a
    second link start tag an open link; an end tag closes what is open above its element and is ignored
    when that element is not open; a block (p, pre) starts and ends a line. A block inside a link is left
    to lxml."""
    # Printable ASCII has no odd character: told at once, without the expression.
    if not (fragment.isascii() and fragment.isprintable()) and _ODD_CHARACTER.search(fragment):
        return None
    if "&" in fragment and _LONE_AMPERSAND.search(fragment):
        return None
    pieces = fragment.split("<")  # the text before the first tag, then each tag with the text after it
    open_tags: list[str] = []
    link: tuple[str, list[str]] | None = None  # the open link's href and its text so far
    try:
        out = [_unescape_refs(pieces[0]) if "&" in pieces[0] else pieces[0]]
        for piece in islice(pieces, 1, None):
            tag, closed, text = piece.partition(">")
            if not closed:
                return None
            name = _SIMPLE_TAGS.get(tag)
            if name is None:  # a link, or no tag of HN's
                found = _LINK_TAG.fullmatch(tag)
                if found is None:
                    return None
                if link is not None:
                    if open_tags[-1] != "a":
                        return None
                    open_tags.pop()
                    out.append(_link_text("".join(link[1]), link[0]))
                href = found[1]
                link = (_unescape_refs(href) if "&" in href else href, [])
                open_tags.append("a")
            elif tag[0] == "/":
                if name in open_tags:
                    while True:
                        closing = open_tags.pop()
                        if closing == "p" or closing == "pre":
                            out.append("\n")
                        elif closing == "a":
                            out.append(_link_text("".join(link[1]), link[0]))
                            link = None
                        if closing == name:
                            break
            else:
                if name == "p" or name == "pre":
                    if link is not None:
                        return None
                    while open_tags and open_tags[-1] in _CLOSED_BY[name]:
                        if open_tags.pop() == "p":
                            out.append("\n")
                    out.append("\n")
                open_tags.append(name)
            if text:
                (out if link is None else link[1]).append(_unescape_refs(text) if "&" in text else text)
    except _NotSimple:
        return None
    if link is not None:
        out.append(_link_text("".join(link[1]), link[0]))
    return "".join(out)


def _unescape_refs(text: str) -> str:
    return _SIMPLE_REF.sub(_ref_char, text)


def _ref_char(ref: re.Match[str]) -> str:
    char = _REF_CHARS.get(ref[0])
    if char is None:  # a numeric reference not met yet
        decimal, hexadecimal = ref.groups()
        code = int(decimal) if decimal else int(hexadecimal, 16)
        # Where lxml substitutes or drops a character (controls, surrogates, non-characters, beyond Unicode),
        # the fragment is not simple.
        if (not (0x20 <= code < 0x7F or 0xA0 <= code < 0xD800 or 0xE000 <= code < 0xFDD0 or 0xFDF0 <= code <= 0x10FFFF)
                or code & 0xFFFE == 0xFFFE):
            raise _NotSimple
        char = chr(code)
        if len(_REF_CHARS) < _MAX_REF_CHARS:
            _REF_CHARS[ref[0]] = char
    return char


def _visible(text: str) -> str:
    return text if text.isascii() else _INVISIBLE.sub("", text)


def _link_text(text: str, href: str) -> str:
    # Sites such as HN shorten a long URL shown as a link's text to "https://example.com/a/b...".
    if text.endswith("...") and href.startswith(text[:-3]):
        return href
    return text
