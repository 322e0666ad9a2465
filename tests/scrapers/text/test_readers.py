"""PDFs read in worker processes under memory and time limits: a bad PDF costs one worker, not the run."""
import pytest
from pdfs import HTML_POSING_AS_PDF, decompression_bomb, pdf_with_pages

from scrapers.text.classify import mention_rows
from scrapers.text.fulltext import PdfError
from scrapers.text.mentions import PROFILES
from scrapers.text.readers import Limits, PdfReaders, reclassify_stored
from warehouse.textstore import TextStore, compress


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


def test_stored_texts_are_counted_again_in_chunks_over_the_workers(tmp_path):
    store = TextStore(tmp_path)
    texts = {"a" * 64: "We use PyTorch.\nReferences\n[1] TensorFlow.", "b" * 64: "JAX and Keras."}
    for sha256, text in texts.items():
        store.put(sha256, compress(text))
    stored = [(f"p{i}", sha256) for i, sha256 in enumerate(list(texts) * 3)] + [("gone", "c" * 64)]

    chunks = list(reclassify_stored(tmp_path, stored, PROFILES, chunk=2, workers=2))

    assert [chunk.paper_ids for chunk in chunks] == [["p0", "p1"], ["p2", "p3"], ["p4", "p5"], []]
    assert sum(chunk.missing for chunk in chunks) == 1
    rows = [row for chunk in chunks for row in chunk.mentions]
    assert rows == [row for paper_id, sha256 in stored[:-1] for row in mention_rows(paper_id, texts[sha256])]
