"""PDFs read in worker processes under memory and time limits: a bad PDF costs one worker, not the run."""
import pytest
from pdfs import HTML_POSING_AS_PDF, decompression_bomb, pdf_with_pages

from scrapers.text.fulltext import PdfError
from scrapers.text.readers import Limits, PdfReaders


@pytest.fixture(scope="module")
def bomb():
    return decompression_bomb(200)


def test_a_pdf_comes_back_as_figures_mentions_and_compressed_text():
    with PdfReaders(workers=1) as readers:
        read = readers.result(readers.read("p1", pdf_with_pages("We use PyTorch.", "And JAX."), 60))

    assert (read.pages, read.pages_read) == (2, 2)
    assert {(m["profile"], m["framework"]) for m in read.mentions} >= {("gradient2019", "pytorch"), ("modern", "jax")}
    assert read.compressed.startswith(b"\x28\xb5\x2f\xfd")  # a zstd frame


def test_a_pdf_that_gives_no_text_raises_its_reason_from_the_worker():
    with PdfReaders(workers=1) as readers, pytest.raises(PdfError, match="HTML page, not a PDF"):
        readers.result(readers.read("p1", HTML_POSING_AS_PDF, 60))


def test_a_decompression_bomb_breaks_the_memory_limit_and_the_next_pdf_is_read(bomb):
    with PdfReaders(workers=1, limits=Limits(memory_mb=512, seconds=120)) as readers:
        exploded = readers.read("bomb", bomb, 60)
        after = readers.read("p2", pdf_with_pages("TensorFlow"), 60)

        with pytest.raises(PdfError, match="memory"):
            readers.result(exploded)
        assert readers.result(after).chars > 0


def test_a_pdf_over_the_time_limit_is_given_up(bomb):
    with PdfReaders(workers=1, limits=Limits(memory_mb=1024, seconds=0.5)) as readers:
        with pytest.raises(PdfError, match="took over 0.5 s to read"):
            readers.result(readers.read("bomb", bomb, 60))
        assert readers.result(readers.read("p2", pdf_with_pages("Keras"), 60)).chars > 0
