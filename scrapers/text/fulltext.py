"""A PDF's text with pypdfium2, or the reason the bytes give none (not a PDF, cut off, locked, scanned)."""
from __future__ import annotations

import hashlib
import threading
from contextlib import closing
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

EXTRACTOR = f"pypdfium2 {pdfium.PYPDFIUM_INFO.tag} (pdfium {pdfium.PDFIUM_INFO.build})"
PAGE_BREAK = "\f"  # between pages, as pdftotext writes them
# Readers accept a header and an end marker this far from the file's ends (ISO 32000 implementation notes).
_MARKER_REACH = 1024
# pdfium ends lines with \r\n, and marks a hyphen that ends a line with \x02 while joining the
# word's halves; pdftotext, which the 2019 study used, drops such hyphens too.
_CLEAN = str.maketrans({"\x02": None, "\r": None})
# pdfium is not thread-safe, and the pipeline downloads and extracts in threads.
_PDFIUM_LOCK = threading.Lock()

_NOT_PDF = (
    (b"<!doctype html", "HTML page"),
    (b"<html", "HTML page"),
    (b"<?xml", "XML document"),
    (b"<", "HTML page"),
    (b"{", "JSON document"),
    (b"[", "JSON document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"pk\x03\x04", "ZIP archive"),
    (b"%!ps", "PostScript file"),
    (b"\x89png", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"gif8", "GIF image"),
)
_LOAD_ERRORS = {
    pdfium_c.FPDF_ERR_PASSWORD: "encrypted: the PDF needs a password to open",
    pdfium_c.FPDF_ERR_SECURITY: "encrypted with a security scheme pdfium does not support",
    pdfium_c.FPDF_ERR_FORMAT: "corrupt or truncated PDF: pdfium cannot parse its structure",
}


class PdfError(Exception):
    """The bytes give no text; `reason` says why, for people."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PdfText:
    text: str  # pages separated by PAGE_BREAK
    pages: int  # in the document
    pages_read: int
    chars: int
    sha256: str  # of the PDF bytes
    extractor: str

    @property
    def capped(self) -> bool:
        return self.pages_read < self.pages


def extract_text(data: bytes, *, max_pages: int = 60) -> PdfText:
    """The text of the first `max_pages` pages; raises PdfError when the bytes give none."""
    if max_pages < 1:
        raise ValueError(f"max_pages must be at least 1, not {max_pages}")
    _check_framing(data)
    with _PDFIUM_LOCK:
        pages, page_texts = _read_pages(data, max_pages)
    text = PAGE_BREAK.join(page_texts)
    if not text.strip():
        raise PdfError(
            f"no extractable text: 0 characters besides whitespace in {len(page_texts)} of {pages} pages "
            "(probably scanned images without a text layer)"
        )
    return PdfText(
        text=text,
        pages=pages,
        pages_read=len(page_texts),
        chars=len(text),
        sha256=hashlib.sha256(data).hexdigest(),
        extractor=EXTRACTOR,
    )


def _check_framing(data: bytes) -> None:
    """Refuse bodies that are no PDF, or no longer a whole one, before pdfium guesses at them."""
    if b"%PDF-" not in data[:_MARKER_REACH]:
        raise PdfError(f"{_describe_non_pdf(data)}, not a PDF")
    if b"%%EOF" not in data[-_MARKER_REACH:]:
        raise PdfError(f"truncated PDF: no %%EOF marker at the end of its {len(data):,} bytes")


def _describe_non_pdf(data: bytes) -> str:
    """What a body that should have been a PDF looks like instead, e.g. "HTML page"."""
    if not data:
        return "empty body (0 bytes)"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for magic, kind in _NOT_PDF:
        if head.startswith(magic):
            return kind
    opening = data[:40].decode("utf-8", "replace").rstrip("\ufffd")  # a character cut at byte 40
    if "\ufffd" not in opening and all(char.isprintable() or char.isspace() for char in opening):
        return f"plain text starting {' '.join(opening.split())!r}"
    return f"binary data starting {data[:8].hex(' ')}"


def _read_pages(data: bytes, max_pages: int) -> tuple[int, list[str]]:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise PdfError(_LOAD_ERRORS.get(error.err_code, f"unreadable PDF ({error})")) from error
    with closing(document):
        pages = len(document)
        return pages, [_page_text(document, index) for index in range(min(pages, max_pages))]


def _page_text(document: pdfium.PdfDocument, index: int) -> str:
    try:
        with closing(document[index]) as page, closing(page.get_textpage()) as textpage:
            return textpage.get_text_bounded().translate(_CLEAN)
    except pdfium.PdfiumError as error:
        raise PdfError(f"corrupt PDF: page {index + 1} cannot be read ({error})") from error
