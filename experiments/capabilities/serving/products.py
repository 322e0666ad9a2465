"""The serving products data file (`serving_products.toml`) as rows for `serving_products`."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

PRODUCTS = Path(__file__).with_name("products.toml")
KEY = ["name"]
FIELDS = ("name", "frameworks", "maintenance", "distribution", "fact", "source", "read_on")


def read(path: Path = PRODUCTS) -> pd.DataFrame:
    products = tomllib.loads(Path(path).read_text())["products"]
    missing = [(p.get("name", "?"), f) for p in products for f in FIELDS if f not in p]
    if missing:
        raise ValueError(f"{path}: products lack fields: {missing}")
    return pd.DataFrame([{f: p[f] for f in FIELDS} for p in products])
