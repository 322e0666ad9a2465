import pytest
from reference import PMLR_PDFS

from scrapers.text.fulltext import extract_text
from scrapers.text.mentions import count_mentions, profile
from scrapers.text.sections import affiliations, first_page, split_references

PAPER = """Learning Things
Ada Lovelace (ada@google.com)
1 Introduction
We implement everything in JAX.
\f5 Experiments
Our models train fast.
References
[1] A. Paszke et al. PyTorch: an imperative style library. NeurIPS 2019.
[2] M. Abadi et al. TensorFlow: a system for large-scale machine learning. OSDI 2016.
A Implementation Details
The baselines use TensorFlow 2.4.
"""


def test_reference_list_is_cut_out_up_to_the_appendix():
    own, references = split_references(PAPER)
    assert "PyTorch" in references and "Paszke" in references
    assert "PyTorch" not in own
    assert "We implement everything in JAX." in own and "The baselines use TensorFlow 2.4." in own
    assert "TensorFlow: a system" in references and "TensorFlow: a system" not in own


def test_the_last_references_heading_wins_and_a_numbered_one_counts():
    text = "Related work cites many references\nbody\n7 REFERENCES\n[1] Keras.\n"
    own, references = split_references(text)
    assert references.startswith("7 REFERENCES") and "Keras" in references
    assert own == "Related work cites many references\nbody\n"


def test_a_text_without_references_is_all_the_paper_s_own():
    assert split_references("We use PyTorch.\n") == ("We use PyTorch.\n", "")


def test_affiliations_are_read_from_the_first_page_only():
    assert first_page(PAPER).endswith("We implement everything in JAX.\n")
    assert affiliations(PAPER) == ["google"]
    assert affiliations("Title\nBob, Facebook AI Research\n") == ["facebook"]
    assert affiliations("Title\nBob, MIT\n\fThanks to Google Brain.") == []


@pytest.mark.skipif(not PMLR_PDFS.is_dir(), reason="../shared/reference is not beside this checkout")
def test_real_papers_keep_their_appendix_and_lose_their_citations():
    modern = profile("modern")

    def own_and_cited(name):
        own, references = split_references(extract_text((PMLR_PDFS / name).read_bytes()).text)
        return count_mentions(own, modern), count_mentions(references, modern)

    # Implemented in TensorFlow (said in Appendix A, after the references), and cites TensorFlow's paper.
    assert own_and_cited("woo24a.pdf") == ({"tensorflow": 2, "keras": 3}, {"tensorflow": 3})
    # Names PyTorch only in its reference list.
    assert own_and_cited("bosma24a.pdf") == ({}, {"pytorch": 1})
