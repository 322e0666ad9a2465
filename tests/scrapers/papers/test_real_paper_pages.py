"""The paper parsers on listings recorded from the live sites (../shared/reference/real-pages, whose README
gives each file's provenance and the count it should give)."""
from functools import cache

import pytest
from reference import REAL_PAGES
from text_hygiene import assert_clean_line

from scrapers.papers import cvf, neurips, pmlr
from scrapers.records import Paper

pytestmark = pytest.mark.skipif(not REAL_PAGES.is_dir(), reason=f"real responses not found at {REAL_PAGES}")

CVF_2020 = "cvf/CVPR2020.py_2020-06-24_truncated.html"
CVF_2020_URL = "http://openaccess.thecvf.com/CVPR2020.py"
NEURIPS_2023 = "neurips/papers.neurips.cc_paper_2023.html"
NEURIPS_2023_URL = "https://papers.nips.cc/paper_files/paper/2023"
PMLR = "https://proceedings.mlr.press"
# Volume: (ICML year, papers); v259 is ML4H 2024, read as a volume like any other.
PMLR_VOLUMES = {162: (2022, 1233), 202: (2023, 1828), 235: (2024, 2610), 259: (2024, 64)}


@cache
def papers(name: str) -> tuple[Paper, ...]:
    body = (REAL_PAGES / name).read_bytes()
    if name == CVF_2020:
        return tuple(cvf.parse_listing(body, CVF_2020_URL, "CVPR", 2020))
    if name == NEURIPS_2023:
        return tuple(neurips.parse_listing(body, NEURIPS_2023_URL, "NEURIPS", 2023))
    volume = int(name.removeprefix("pmlr/v").removesuffix("_volume.html"))
    return tuple(pmlr.parse_volume(body, f"{PMLR}/v{volume}/", "ICML", PMLR_VOLUMES[volume][0]))


def by_title(name: str, title: str) -> Paper:
    [paper] = [paper for paper in papers(name) if paper.title == title]
    return paper


def pmlr_page(volume: int) -> str:
    return f"pmlr/v{volume}_volume.html"


def test_cvf_2020_listing_cut_after_94_papers_gives_94_the_last_without_authors_or_pdf():
    listed = papers(CVF_2020)

    assert len(listed) == 94
    assert all(paper.authors and paper.pdf_url for paper in listed[:-1])
    last = listed[-1]
    assert (last.title, last.authors, last.pdf_url) == ("Scene Recomposition by Learning-Based ICP", (), None)


def test_cvf_2020_relative_links_resolve_and_author_inputs_lose_their_leading_space():
    first = papers(CVF_2020)[0]

    assert first.title == "Unsupervised Learning of Probably Symmetric Deformable 3D Objects From Images in the Wild"
    assert first.authors == ("Shangzhe Wu", "Christian Rupprecht", "Andrea Vedaldi")  # value=" Christian Rupprecht"
    stem = "Wu_Unsupervised_Learning_of_Probably_Symmetric_Deformable_3D_Objects_From_Images_CVPR_2020_paper"
    assert first.pdf_url == f"http://openaccess.thecvf.com/content_CVPR_2020/papers/{stem}.pdf"
    assert first.landing_url == f"http://openaccess.thecvf.com/content_CVPR_2020/html/{stem}.html"
    oops = papers(CVF_2020)[92]
    assert oops.title == "Oops! Predicting Unintentional Action in Video"
    assert oops.authors == ("Dave Epstein", "Boyuan Chen", "Carl Vondrick")
    assert oops.pdf_url.endswith("/content_CVPR_2020/papers/Epstein_Oops_Predicting_Unintentional_Action_in_Video"
                                 "_CVPR_2020_paper.pdf")


def test_neurips_2023_year_page_gives_3540_papers_3218_main_track_and_322_datasets_and_benchmarks():
    listed = papers(NEURIPS_2023)

    assert len(listed) == 3540
    assert sum(paper.track is None for paper in listed) == 3218
    assert sum(paper.track == "datasets_and_benchmarks" for paper in listed) == 322


def test_neurips_2023_paper_links_its_abstract_page_and_the_pdf_beside_it():
    paper = by_title(NEURIPS_2023, "Modelling Cellular Perturbations with the Sparse Additive Mechanism Shift "
                                   "Variational Autoencoder")

    assert paper.authors == ("Michael Bereket", "Theofanis Karaletsos")
    assert paper.landing_url == f"{NEURIPS_2023_URL}/hash/0001ca33ba34ce0351e4612b744b3936-Abstract-Conference.html"
    assert paper.pdf_url == f"{NEURIPS_2023_URL}/file/0001ca33ba34ce0351e4612b744b3936-Paper-Conference.pdf"


def test_neurips_2023_names_escaped_twice_or_wrapped_in_direction_marks_come_out_as_written():
    noisy = by_title(NEURIPS_2023, "Policy Optimization in a Noisy Neighborhood: On Return Landscapes in "
                                   "Continuous Control")
    entangled = by_title(NEURIPS_2023, "What Makes Data Suitable for a Locally Connected Neural Network? A Necessary "
                                       "and Sufficient Condition Based on Quantum Entanglement.")

    # The page says `Pierluca D&amp;#x27;Oro` and `\u202aYotam Alexander\u202c\u200f`.
    assert noisy.authors[1] == "Pierluca D'Oro"
    assert entangled.authors[0] == "Yotam Alexander"


@pytest.mark.parametrize("volume", PMLR_VOLUMES)
def test_pmlr_volume_gives_the_readme_count_each_paper_with_its_pdf_and_abstract_page(volume):
    listed = papers(pmlr_page(volume))

    assert len(listed) == PMLR_VOLUMES[volume][1]
    assert all(paper.pdf_url.endswith(".pdf") for paper in listed)
    assert all(paper.landing_url.startswith(f"{PMLR}/v{volume}/") for paper in listed)


def test_pmlr_icml_2022_volume_first_paper_as_the_page_gives_it():
    first = papers(pmlr_page(162))[0]

    assert first.title == "PAC-Bayesian Bounds on Rate-Efficient Classifiers"
    assert first.authors == ("Alhabib Abbas", "Yiannis Andreopoulos")
    assert first.pdf_url == f"{PMLR}/v162/abbas22a/abbas22a.pdf"
    assert first.landing_url == f"{PMLR}/v162/abbas22a.html"


def test_pmlr_front_matter_listed_like_a_paper_is_left_out():
    listed = papers(pmlr_page(259))

    assert "Machine Learning for Health (ML4H) 2024" not in {paper.title for paper in listed}
    assert max(len(paper.authors) for paper in listed) < 32  # the front matter listed the 32 editors
    first = listed[0]
    assert (first.title, first.authors) == ("The Human Values Project", ("Isaac S. Kohane",))
    assert first.pdf_url == "https://raw.githubusercontent.com/mlresearch/v259/main/assets/kohane25a/kohane25a.pdf"


@pytest.mark.parametrize("name", [CVF_2020, NEURIPS_2023, *map(pmlr_page, PMLR_VOLUMES)])
def test_titles_and_author_names_are_clean_text(name):
    for paper in papers(name):
        assert_clean_line(paper.title)
        for author in paper.authors:
            assert_clean_line(author)
