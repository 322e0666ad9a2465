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


def decompression_bomb(inflated_mb: int = 200) -> bytes:
    """A small PDF whose one page's content stream inflates to `inflated_mb` MB of text operators."""
    import zlib

    operators = b"BT /F1 9 Tf 20 700 Td (bomb) Tj ET\n"
    content = zlib.compress(operators * (inflated_mb * 2**20 // len(operators)), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
