"""Job-board postings through the `modern` mention profile: the frameworks a reader would say each names."""
from datetime import date
from pathlib import Path

import pytest

from scrapers.jobs import greenhouse
from scrapers.text.mentions import count_mentions, profile

POSTINGS = Path(__file__).parent / "fixtures" / "greenhouse" / "postings_with_ambiguous_framework_names.json"


@pytest.fixture(scope="module")
def mentions_by_title() -> dict[str, dict[str, int]]:
    posts = greenhouse.parse_jobs(POSTINGS.read_bytes(), "examplelabs", "Example Labs", date(2026, 5, 1))
    modern = profile("modern")
    return {post.title: count_mentions(post.text, modern) for post in posts}


def test_ml_engineer_posting_names_both_pytorch_and_tensorflow(mentions_by_title):
    assert mentions_by_title["Machine Learning Engineer, Ranking"] == {"pytorch": 2, "tensorflow": 2}


def test_terraform_and_its_tf_abbreviation_are_not_tensorflow(mentions_by_title):
    assert mentions_by_title["Senior Platform Engineer, Infrastructure"] == {}


def test_jacksonville_airport_code_is_not_jax(mentions_by_title):
    assert mentions_by_title["Data Analyst, Logistics"] == {}


def test_jax_flax_research_role_counts_only_jax(mentions_by_title):
    # JAX/Flax, then JAX and Optax: four names of the JAX ecosystem, one framework.
    assert mentions_by_title["Research Scientist, Reinforcement Learning"] == {"jax": 4}


def test_torch_compile_is_pytorch(mentions_by_title):
    assert mentions_by_title["Software Engineer, ML Performance"] == {"pytorch": 1}


def test_carrying_a_torch_in_prose_is_no_framework(mentions_by_title):
    assert mentions_by_title["Head of Data Culture"] == {}
