import sys
from pathlib import Path

# The benchmarks reuse the tests' local HTTP server, PDF maker and reference-data paths.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from flows.settings import set_process_defaults

set_process_defaults()
