"""How fast mentions are counted: MB/s of text on one core for each profile, next to grep.

The texts are those of the reference PDFs (../shared/reference/pmlr-v227-pdfs), each counted as one
document, repeated to about 200 MB; without the reference, generated paper-like texts. grep reads
the same texts from a file. Target: 100 MB/s for every profile.
"""
from __future__ import annotations

import os
import random
import shutil
import subprocess
import tempfile
import time

from reference import PMLR_PDFS

from scrapers.text.fulltext import extract_text
from scrapers.text.mentions import PROFILES, count_mentions, profile

TARGET_MB_S = 100.0
TOTAL_BYTES = 200_000_000
ROUNDS = 3  # best of, against noise from other processes


def main() -> None:
    texts, origin = sample_texts()
    documents = repeat_to(texts, TOTAL_BYTES)
    size = sum(len(text.encode()) for text in documents)
    print(f"text: {origin}, {len(documents):,} documents, {size / 1e6:.0f} MB")
    for name in PROFILES:
        selected = profile(name)
        rate = size / 1e6 / best_seconds(lambda: [count_mentions(text, selected) for text in documents])
        verdict = "PASS" if rate >= TARGET_MB_S else "FAIL"
        print(f"  count_mentions {name:<14} {rate:8.0f} MB/s  {verdict} (target {TARGET_MB_S:.0f} MB/s)")
    compare_with_grep(documents, size)


def sample_texts() -> tuple[list[str], str]:
    pdfs = sorted(PMLR_PDFS.glob("*.pdf"))
    if pdfs:
        return [extract_text(pdf.read_bytes()).text for pdf in pdfs], f"{len(pdfs)} reference PDFs"
    return generated_texts(30), "generated (reference PDFs not found)"


def generated_texts(count: int, seed: int = 0) -> list[str]:
    """Paper-like texts: prose, formulae with non-ASCII symbols, now and then a framework."""
    rng = random.Random(seed)
    words = (
        "we propose a segmentation network for chest radiographs trained with contrastive loss on "
        "multi-center data the encoder decoder attention yields dice score improvements over baselines"
    ).split()
    extras = ["θ ± 0.02", "Σ_i x_i", "𝑓(𝑥) ≤ ε", "Müller et al.", "PyTorch", "TensorFlow", "JAX"]
    texts = []
    for _ in range(count):
        lines = []
        for _ in range(600):
            line = " ".join(rng.choice(words) for _ in range(12))
            if rng.random() < 0.05:
                line += " " + rng.choice(extras)
            lines.append(line.capitalize() + ".")
        texts.append("\n".join(lines))
    return texts


def repeat_to(texts: list[str], total_bytes: int) -> list[str]:
    sizes = [len(text.encode()) for text in texts]
    return texts * max(1, round(total_bytes / sum(sizes)))


def best_seconds(run) -> float:
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings)


def compare_with_grep(documents: list[str], size: int) -> None:
    if shutil.which("grep") is None:
        print("  grep: not installed")
        return
    study = profile("gradient2019")
    aliases = [rule.literal if rule.regex is None else rule.regex.pattern
               for framework in study.frameworks for rule in framework.rules]
    locale = os.environ.get("LC_ALL") or os.environ.get("LANG") or "C"
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt") as corpus:
        for text in documents:
            corpus.write(text)
            corpus.write("\n")
        corpus.flush()
        for label, arguments in (
            ("grep -c -i pytorch", ["-c", "-i", "pytorch"]),
            (f"grep -c -i -E ({len(aliases)} gradient2019 aliases)", ["-c", "-i", "-E", "|".join(aliases)]),
        ):
            command = ["grep", *arguments, corpus.name]
            rate = size / 1e6 / best_seconds(lambda: run_grep(command))
            print(f"  {label:<44} {rate:8.0f} MB/s  (locale {locale})")


def run_grep(command: list[str]) -> None:
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode > 1:  # 1 only says that no line matched
        raise RuntimeError(f"{' '.join(command)}: {finished.stderr.strip()}")


if __name__ == "__main__":
    main()
