"""Real PDFs made on the spot with fpdf2, and the broken kinds that real downloads include."""
from __future__ import annotations

from fpdf import FPDF


def pdf_with_pages(*pages: str, password: str | None = None) -> bytes:
    document = FPDF()
    document.set_font("Helvetica", size=11)
    for text in pages:
        document.add_page()
        document.multi_cell(0, 6, text)
    if password:
        document.set_encryption(owner_password=password, user_password=password)
    return bytes(document.output())


def truncated(pdf: bytes) -> bytes:
    return pdf[: len(pdf) // 2]


HTML_POSING_AS_PDF = b"<!DOCTYPE html><html><body><h1>Please verify you are a human</h1></body></html>"
