"""The text store: written once per PDF, read back whole, and texts kept by earlier versions still read."""
import gzip

from warehouse.textstore import TextStore, compress

SHA = "ab" + "0" * 62


def test_a_text_put_is_read_back(tmp_path):
    store = TextStore(tmp_path)
    store.put(SHA, compress("We use PyTorch.\fPage two."))

    assert SHA in store
    assert store.get(SHA) == "We use PyTorch.\fPage two."
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [f"{SHA}.txt.zst"]


def test_a_second_put_of_the_same_pdf_keeps_the_first(tmp_path):
    store = TextStore(tmp_path)
    store.put(SHA, compress("first"))
    store.put(SHA, compress("second"))

    assert store.get(SHA) == "first"


def test_a_text_stored_as_gzip_by_an_earlier_version_is_still_read(tmp_path):
    (tmp_path / "ab").mkdir()
    (tmp_path / "ab" / f"{SHA}.txt.gz").write_bytes(gzip.compress("TensorFlow".encode()))
    store = TextStore(tmp_path)

    assert SHA in store and store.get(SHA) == "TensorFlow"


def test_a_text_never_stored_is_not_in_the_store(tmp_path):
    assert SHA not in TextStore(tmp_path)
