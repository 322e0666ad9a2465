"""Extracted paper texts, gzip-compressed and addressed by the SHA-256 of their PDF, beside the warehouse,
so that a new profile re-classifies every paper without downloading it again."""
from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path


def compress(text: str) -> bytes:
    return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


class TextStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.txt.gz"

    def put(self, sha256: str, compressed: bytes) -> None:
        """Written once per PDF; the rename makes a half-written file impossible to read."""
        target = self.path(sha256)
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(compressed)
        os.replace(temporary, target)

    def get(self, sha256: str) -> str:
        return gzip.decompress(self.path(sha256).read_bytes()).decode("utf-8")

    def __contains__(self, sha256: str) -> bool:
        return self.path(sha256).exists()
