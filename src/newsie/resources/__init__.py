"""Language data shipped with newsie (lexicons, gazetteers, month names ...).

Data files are TSV with a header row; lines starting with '#' before the header
name the sources and licences. Stages load them through these helpers only.
"""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def resource_path(name: str) -> Path:
    """Path of a data file under newsie/resources (e.g. 'places/provinces.tsv')."""
    return Path(str(resources.files("newsie.resources").joinpath(name)))


@lru_cache(maxsize=64)
def read_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a TSV resource as dicts; '#' comment lines and blank lines skipped."""
    with resource_path(name).open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple({k: (v or "").strip() for k, v in row.items() if k} for row in reader)


@lru_cache(maxsize=16)
def read_yaml(name: str) -> Any:
    with resource_path(name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=16)
def read_json(name: str) -> Any:
    with resource_path(name).open(encoding="utf-8") as fh:
        return json.load(fh)
