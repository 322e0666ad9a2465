"""The real public data the tests and benchmarks read: ../shared/reference beside this checkout."""
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
PMLR_PDFS = REFERENCE / "pmlr-v227-pdfs"  # 30 papers with the mentions each holds in truth.csv
GRADIENT_2019 = REFERENCE / "gradient-2019"  # the 2019 study's paper lists and data.csv
REAL_PAGES = REFERENCE / "real-pages"  # responses recorded from the live sites; their README gives the counts
