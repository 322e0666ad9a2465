"""How fast the CVF listing parser reads a full year's page.

A generated listing of 2,000 papers in the site's 2021+ markup (author forms, pdf/supp/arXiv links,
BibTeX blocks) is parsed five times; the best time must stay under one second.
"""
from __future__ import annotations

import random
import time

from scrapers.papers.cvf import parse_listing

PAPERS = 2_000
TARGET_S = 1.0
PAGE_URL = "https://openaccess.thecvf.com/CVPR2024?day=all"

_WORDS = (
    "learning neural scene depth video diffusion transformer segmentation 3D point cloud "
    "self-supervised contrastive detection tracking pose estimation radiance fields efficient "
    "robust open-vocabulary generative adversarial multi-view reconstruction"
).split()
_NAMES = "Wei Li Anna Schmidt Jun Zhang Maria Garcia Kenji Sato Priya Nair Omar Haddad Chen Wang".split()


def listing_page(papers: int = PAPERS, seed: int = 0) -> bytes:
    rng = random.Random(seed)
    entries = [_entry(i, rng) for i in range(papers)]
    return (
        '<!DOCTYPE html><html><head><title>CVPR 2024 Open Access Repository</title></head><body>'
        '<div id="header"><a href="/menu">Home</a></div><div id="content"><dl>'
        + "".join(entries)
        + "</dl></div></body></html>"
    ).encode()


def _entry(i: int, rng: random.Random) -> str:
    title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 11))).title()
    stem = f"Author{i}_{title.replace(' ', '_')[:60]}_CVPR_2024_paper"
    authors = [f"{rng.choice(_NAMES)} {rng.choice(_NAMES)}" for _ in range(rng.randint(2, 5))]
    forms = ",\n".join(
        f'<form id="form-{name.replace(" ", "")}{i}" action="/CVPR2024_search" method="post" class="authsearch">'
        f'<input type="hidden" name="query_author" value="{name}">'
        f'<a href="#" onclick="document.getElementById(\'form-{name.replace(" ", "")}{i}\').submit();">{name}</a>'
        "</form>"
        for name in authors
    )
    bibtex = (
        f"@InProceedings{{Author{i}_2024_CVPR,\n    author    = {{{' and '.join(authors)}}},\n"
        f"    title     = {{{title}}},\n    booktitle = {{Proceedings of the IEEE/CVF Conference on "
        "Computer Vision and Pattern Recognition (CVPR)}},\n    month     = {June},\n"
        f"    year      = {{2024}},\n    pages     = {{{1000 + i}-{1010 + i}}}\n}}"
    )
    return (
        f'<dt class="ptitle"><br><a href="/content/CVPR2024/html/{stem}.html">{title}</a></dt>\n'
        f"<dd>\n{forms}\n</dd>\n"
        f'<dd>\n[<a href="/content/CVPR2024/papers/{stem}.pdf">pdf</a>]\n'
        f'[<a href="/content/CVPR2024/supplemental/{stem[:-6]}_supp.pdf">supp</a>]\n'
        f'[<a href="http://arxiv.org/abs/2403.{i:05d}">arXiv</a>]\n'
        '<div class="link2">[<a class="fakelink" onclick="$(this).siblings(\'.bibref\').slideToggle()">bibtex</a>]\n'
        f'<div class="bibref pre-white-space">{bibtex}</div>\n</div>\n</dd>\n'
    )


def main() -> None:
    page = listing_page()
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        papers = parse_listing(page, PAGE_URL, "CVPR", 2024)
        timings.append(time.perf_counter() - start)
    assert len(papers) == PAPERS, f"parsed {len(papers)} of {PAPERS} papers"
    best = min(timings)
    verdict = "PASS" if best < TARGET_S else "FAIL"
    print(f"cvf parse_listing: {PAPERS} papers ({len(page) / 1e6:.1f} MB) in {best:.3f} s "
          f"(best of 5, target < {TARGET_S:.0f} s): {verdict}")


if __name__ == "__main__":
    main()
