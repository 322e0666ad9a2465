import dataclasses
import random
import re

import pytest

from scrapers.text.mentions import (
    PROFILES,
    _finditer,
    _heads,
    _occurs,
    count_each,
    count_mentions,
    profile,
)

STUDY = profile("gradient2019")
MODERN = profile("modern")

PAPER = """4 Experiments
All models are implemented in PyTorch (Paszke et al., 2019); the backbones come from torchvision
and are trained on 8 GPUs. For the translation baseline we use fairseq.
References
Abadi, M. et al. TensorFlow: A system for large-scale machine learning. OSDI 2016."""

JOB_BOTH = """Senior Machine Learning Engineer - Remote (US)
You will train and ship models. Requirements: 5+ years of Python; strong experience with
PyTorch or TensorFlow/Keras; familiarity with distributed training. Nice to have: JAX."""

TERRAFORM = """DevOps Engineer. You will own our AWS infrastructure as code: Terraform (TF) modules,
TF state in S3, CI running tf plan and tf apply."""


def test_profiles_are_listed_and_described():
    assert set(PROFILES) >= {"gradient2019", "modern"}
    for name in PROFILES:
        loaded = profile(name)
        assert loaded.name == name and loaded.description
        assert all(framework.name == framework.name.lower() for framework in loaded.frameworks)


def test_profile_is_frozen_and_unknown_names_fail():
    with pytest.raises(dataclasses.FrozenInstanceError):
        STUDY.name = "other"
    with pytest.raises(ValueError, match="unknown mention profile 'gradient2020'"):
        profile("gradient2020")


def test_each_profile_counts_its_frameworks():
    assert {framework.name for framework in STUDY.frameworks} == {"pytorch", "tensorflow", "jax", "mxnet"}
    assert {"pytorch", "tensorflow", "keras", "jax", "mxnet", "paddlepaddle", "mindspore", "chainer",
            "theano", "caffe"} <= {framework.name for framework in MODERN.frameworks}
    assert {framework.name: framework.label for framework in STUDY.frameworks}["pytorch"] == "PyTorch"


def test_paper_text_counts_every_occurrence():
    assert count_mentions(PAPER, STUDY) == {"pytorch": 3, "tensorflow": 1}
    assert count_mentions(PAPER, MODERN) == {"pytorch": 3, "tensorflow": 1}


def test_job_posting_mentioning_both_frameworks():
    assert count_mentions(JOB_BOTH, STUDY) == {"pytorch": 1, "tensorflow": 2, "jax": 1}
    assert count_mentions(JOB_BOTH, MODERN) == {"pytorch": 1, "tensorflow": 1, "keras": 1, "jax": 1}


def test_study_folds_keras_into_tensorflow_and_modern_keeps_it_apart():
    text = "We fine-tune a Keras model (keras.applications) and export it."
    assert count_mentions(text, STUDY) == {"tensorflow": 2}
    assert count_mentions(text, MODERN) == {"keras": 2}


def test_study_searches_plain_substrings_inside_words():
    text = "pytorch-lightning, PyTorch3D, mypytorchutils, tensorflow-gpu, OpenNMT-py, opennmt-tf, mxnet-cu101"
    assert count_mentions(text, STUDY) == {"pytorch": 4, "tensorflow": 2, "mxnet": 1}
    # Whole words: a name inside another word is not a mention, a name that starts a word is.
    assert count_mentions(text, MODERN) == {"pytorch": 3, "tensorflow": 2, "mxnet": 1}


def test_study_searches_jax_as_a_word():
    text = "jax.numpy and jax, but not ajax, jaxlib or jax_enable_x64"
    assert count_mentions(text, STUDY) == {"jax": 2}


def test_matching_ignores_case():
    text = "PYTORCH, PyTorch, pytorch, pyTorch; TENSORFLOW; Jax"
    assert count_mentions(text, STUDY) == {"pytorch": 4, "tensorflow": 1, "jax": 1}
    assert count_mentions(text, MODERN) == {"pytorch": 4, "tensorflow": 1, "jax": 1}


def test_hits_count_repeated_mentions():
    assert count_mentions("PyTorch. " * 25 + "TensorFlow " * 3, STUDY) == {"pytorch": 25, "tensorflow": 3}


def test_no_mentions_gives_an_empty_dict():
    assert count_mentions("A study of convolutional networks for histopathology.", MODERN) == {}
    assert count_mentions("", STUDY) == {}


def test_bare_tf_is_never_tensorflow():
    assert count_mentions(TERRAFORM, MODERN) == {}
    transfer_function = "The TF of the plant is H(s) = 1/(s+1); tf-idf weights; the TF.\nNext"
    assert count_mentions(transfer_function, MODERN) == {}


def test_tensorflow_code_counts():
    code = "ds = tf.data.Dataset.from_tensors(x)\n@tf.function\nmodel = tf.keras.Sequential()"
    assert count_mentions(code, MODERN) == {"tensorflow": 3, "keras": 1}


def test_torch_the_flashlight_is_not_pytorch():
    text = "Bring a torch for the night hike. The Olympic torch relay. She lit the torch."
    assert count_mentions(text, MODERN) == {}


def test_torch_in_code_is_pytorch():
    code = (
        "import torch\nimport torch.nn as nn\nfrom torch.utils.data import DataLoader\n"
        "x = torch.zeros(3)\nauto t = torch::ones({2, 2}); // LibTorch\n"
    )
    assert count_mentions(code, MODERN) == {"pytorch": 6}


def test_pytorch_is_not_counted_twice_through_its_torch():
    assert count_mentions("PyTorch (pytorch.org) and torchvision.models", MODERN) == {"pytorch": 3}


def test_lua_torch_is_its_own_framework():
    text = "Our 2016 baseline used Torch7 (Collobert et al.), i.e. Lua Torch: require 'torch'."
    assert count_mentions(text, MODERN) == {"torch7": 3}
    assert count_mentions(text, STUDY) == {}


def test_jax_the_airport_is_not_the_framework():
    posting = "Field Technician\nLocation: Jacksonville, FL (JAX)\nFly into JAX airport; travel 50%."
    assert count_mentions(posting, MODERN) == {}
    assert count_mentions(posting, STUDY) == {"jax": 2}  # the study's naive method


def test_jax_the_framework_next_to_a_location_line():
    posting = "Location: Jacksonville, FL\nStack: JAX, Flax and Optax on TPU pods."
    assert count_mentions(posting, MODERN) == {"jax": 3}


def test_javas_jax_apis_are_not_the_framework():
    posting = "Backend engineer: Java 17, JAX-RS and JAX-WS services, JAXB; JAX-based ML is a plus."
    assert count_mentions(posting, MODERN) == {"jax": 1}


def test_flax_and_haiku_only_as_jax_libraries():
    assert count_mentions("The farm grows flax for linseed oil.", MODERN) == {}
    assert count_mentions("Prompt: write a haiku about autumn leaves.", MODERN) == {}
    code = "import haiku as hk  # dm-haiku\nHaiku, DeepMind's JAX library"
    assert count_mentions(code, MODERN) == {"jax": 4}


def test_long_tail_frameworks():
    text = (
        "Baselines: MXNet (Gluon API) with GluonCV; PaddlePaddle via import paddle and PaddleOCR; "
        "飞桨; MindSpore; Chainer; Theano; Caffe and Caffe2; CNTK; DyNet; DL4J."
    )
    assert count_mentions(text, MODERN) == {
        "mxnet": 2, "paddlepaddle": 4, "mindspore": 1, "chainer": 1, "theano": 1, "caffe": 2,
        "cntk": 1, "dynet": 1, "deeplearning4j": 1,
    }


def test_long_tail_lookalikes_are_not_mentions():
    text = "Quark-gluon plasma jets; a paddle board; too much caffeine; paddle. Then we rested."
    assert count_mentions(text, MODERN) == {}


def _random_text(seed: int) -> str:
    """Aliases, lookalikes and non-ASCII text, glued in every way, near each other and far apart."""
    rng = random.Random(seed)
    tokens = [
        "pytorch", "PyTorch3D", "torch", "torch.nn", "import torch", "libtorch", "TorchVision", "fairseq",
        "TensorFlow", "tf.data", "TF", "keras", "Keras", "jax", "JAX", "ajax", "jaxlib", "mxnet",
        "opennmt-py", "OpenNMT-tf", "allennlp", "caffe", "caffe2", "飞桨", "paddle.nn", "theano",
        "é", "θ±", "𝑥", "—", "data", "model", "results",
    ]
    separators = [" ", "", ".", "\n", "-", "_", "é", "\f", " " * 300, "x" * 600]
    return "".join(rng.choice(tokens) + rng.choice(separators) for _ in range(2000))


@pytest.mark.parametrize("seed", range(3))
def test_study_counts_equal_the_studys_plain_method(seed):
    text = _random_text(seed)
    lowered = text.lower()
    pytorch = ("pytorch", "allennlp", "opennmt-py", "torchvision", "fairseq")
    expected = {
        "pytorch": sum(lowered.count(alias) for alias in pytorch),
        "tensorflow": sum(lowered.count(alias) for alias in ("tensorflow", "opennmt-tf", "keras")),
        "jax": len(re.findall(r"\bjax\b", lowered)),
        "mxnet": lowered.count("mxnet"),
    }
    assert count_mentions(text, STUDY) == {name: hits for name, hits in expected.items() if hits}


def _random_ascii_text(seed: int) -> str:
    """As `_random_text`, ASCII only: such text is read as a string at once, and words and prefixes are tried
    only where their alias occurs."""
    return _random_text(seed).encode("ascii", "ignore").decode()


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("make_text", [_random_text, _random_ascii_text], ids=["any", "ascii"])
def test_searching_near_literals_finds_what_searching_everything_finds(seed, make_text):
    text = make_text(seed)
    lowered = text.lower()
    counts = count_mentions(text, MODERN)
    for framework in MODERN.frameworks:
        if any(rule.unless_near or rule.only_near for rule in framework.rules):
            continue
        expected = sum(
            lowered.count(rule.literal) if rule.regex is None else len(list(rule.regex.finditer(lowered)))
            for rule in framework.rules
            if rule.literal in lowered  # every match contains its literal; the rest would take seconds
        )
        assert counts.get(framework.name, 0) == expected, framework.name


def _every_regex():
    for name in PROFILES:
        for framework in profile(name).frameworks:
            for rule in framework.rules:
                yield from (regex for regex in (rule.regex, rule.unless_near, rule.only_near) if regex is not None)


def test_heads_are_the_literal_text_every_match_begins_with():
    assert _heads(re.compile(r"(?<!\w)jax(?!\w|-(?:rs|ws)\b)")) == ("jax",)
    assert _heads(re.compile(r"(?x) (?<![\w.]) (?: import \s+ torch | torch (?:\.|::) )")) == ("import", "torch")
    assert _heads(re.compile(r"\b(?:air(?:port|line)s?|fl)\b")) == ("air", "fl")
    for unknown in (r"[jJ]ax", r"a*b", r"(?i)jax", r"(?i:jax)", r"\bx?", r".jax", r"(?=a)|b"):
        assert _heads(re.compile(unknown)) is None, unknown
    assert all(_heads(regex) for regex in _every_regex())  # every rule of the taxonomy has them


@pytest.mark.parametrize("seed", range(2))
def test_trying_where_heads_begin_finds_what_finditer_and_search_find(seed):
    rng = random.Random(seed)
    near = " airport flights Jacksonville based in relocating seeds oil DeepMind import haiku optax lua torch(lua) "
    for text in (_random_text(seed)[:20000] + near, _random_ascii_text(seed)[:20000] + near):
        text = text.lower()
        for regex in _every_regex():
            assert [m.span() for m in _finditer(regex, text)] == [m.span() for m in regex.finditer(text)], regex
            for _ in range(50):
                low = rng.randrange(len(text))
                high = min(len(text), low + rng.randrange(200))
                found = regex.search(text, low)
                assert _occurs(regex, text, low, high) == (found is not None and found.start() < high), regex


def test_count_each_counts_as_count_mentions_does():
    texts = [JOB_BOTH, TERRAFORM, PAPER, "", _random_text(5)[:5000], _random_ascii_text(6)[:5000]]

    assert count_each(texts, "modern") == [count_mentions(text, MODERN) for text in texts]
