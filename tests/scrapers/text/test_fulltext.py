import csv
import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fpdf import FPDF
from reference import PMLR_PDFS

from scrapers.text.fulltext import PAGE_BREAK, PdfError, extract_text
from scrapers.text.mentions import count_mentions, profile


def make_pdf(*pages: str, **encryption: str) -> bytes:
    """A real PDF from fpdf2, one page per string."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    if encryption:
        pdf.set_encryption(**encryption)
    return bytes(pdf.output())


PAPER = make_pdf(
    "Deep Learning for Chest X-rays\nAll models are implemented in PyTorch and trained on one GPU.",
    "Baselines were run with TensorFlow 2.4 and Keras.",
)
LONG = make_pdf(*(f"Page {number} of the supplementary material." for number in range(1, 8)))


def test_extracts_text_pages_and_provenance():
    extracted = extract_text(PAPER)
    first, second = extracted.text.split(PAGE_BREAK)
    assert "implemented in PyTorch and trained" in first
    assert "run with TensorFlow 2.4 and Keras." in second
    assert (extracted.pages, extracted.pages_read, extracted.capped) == (2, 2, False)
    assert extracted.chars == len(extracted.text)
    assert extracted.sha256 == hashlib.sha256(PAPER).hexdigest()
    assert extracted.extractor.startswith("pypdfium2 5.")


def test_lines_end_with_newlines_only():
    assert "\r" not in extract_text(PAPER).text


def test_page_cap_reads_only_the_first_pages():
    extracted = extract_text(LONG, max_pages=3)
    assert (extracted.pages, extracted.pages_read, extracted.capped) == (7, 3, True)
    assert "Page 3 of" in extracted.text and "Page 4 of" not in extracted.text


def test_page_cap_must_allow_a_page():
    with pytest.raises(ValueError, match="max_pages"):
        extract_text(PAPER, max_pages=0)


def test_words_hyphenated_at_line_ends_are_joined_as_pdftotext_does():
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    for line in ("Our models were trained with Tensor-", "Flow on eight GPUs."):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    assert "trained with TensorFlow on eight" in extract_text(bytes(pdf.output())).text


def test_ligature_glyphs_come_out_as_letters():
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        pytest.skip("needs a TrueType font with ligature glyphs (fonts-dejavu-core)")
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Models were trained with Tensor\ufb02ow on e\ufb03cient hardware.")
    # pdftotext keeps U+FB02 here, so the 2019 study would not have found this TensorFlow.
    assert "trained with Tensorflow on efficient" in extract_text(bytes(pdf.output())).text


def test_html_page_posing_as_pdf():
    html = b"<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head><body>captcha</body></html>"
    with pytest.raises(PdfError, match="HTML page, not a PDF") as caught:
        extract_text(html)
    assert caught.value.reason == "HTML page, not a PDF"


def test_empty_body():
    with pytest.raises(PdfError, match=r"empty body \(0 bytes\), not a PDF"):
        extract_text(b"")


def test_plain_text_error_body_is_quoted():
    with pytest.raises(PdfError, match="plain text starting 'Rate exceeded.', not a PDF"):
        extract_text(b"Rate exceeded.\n")


def test_truncated_download():
    with pytest.raises(PdfError, match="truncated"):
        extract_text(PAPER[: len(PAPER) // 2])


def test_corrupt_body_between_valid_markers():
    corrupt = b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
    with pytest.raises(PdfError, match="corrupt"):
        extract_text(corrupt)


def test_password_protected_pdf():
    locked = make_pdf("Secret results obtained with PyTorch.", owner_password="owner", user_password="reader")
    with pytest.raises(PdfError, match="encrypted: the PDF needs a password"):
        extract_text(locked)


def test_pdf_encrypted_only_against_editing_still_reads():
    restricted = make_pdf("Results obtained with PyTorch.", owner_password="owner")
    assert "obtained with PyTorch" in extract_text(restricted).text


def test_pdf_without_a_text_layer():
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 170, 250, style="F")  # what a scanned page gives pdfium: marks, no characters
    with pytest.raises(PdfError, match="no extractable text: 0 characters besides whitespace in 1 of 1 pages"):
        extract_text(bytes(pdf.output()))


def test_threads_extract_the_same_text_as_one_thread():
    documents = [PAPER, LONG] * 8
    with ThreadPoolExecutor(max_workers=4) as pool:
        in_threads = list(pool.map(extract_text, documents))
    assert in_threads == [extract_text(document) for document in documents]


def _reference_truth() -> list[dict[str, str]]:
    if not (PMLR_PDFS / "truth.csv").exists():
        pytest.skip(f"reference PDFs not found at {PMLR_PDFS}")
    with open(PMLR_PDFS / "truth.csv", newline="") as truth:
        return list(csv.DictReader(truth))


def test_reference_papers_match_the_studys_pdftotext_results():
    study = profile("gradient2019")
    disagreements = []
    for row in _reference_truth():
        extracted = extract_text((PMLR_PDFS / row["file"]).read_bytes())
        found = count_mentions(extracted.text, study)
        observed = (extracted.pages, "pytorch" in found, "tensorflow" in found)
        expected = (
            int(row["pages"]), row["pytorch_study_method"] == "1", row["tensorflow_study_method"] == "1"
        )
        if observed != expected:
            disagreements.append(f"{row['file']}: (pages, pytorch, tensorflow) {observed} != {expected}")
    assert not disagreements, "\n".join(disagreements)
