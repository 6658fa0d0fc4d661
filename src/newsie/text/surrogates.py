"""Lone UTF-16 surrogates, which JSON's `"\\ud800"` escape and some scraped text give
Python, and which no UTF-8 writer can encode: replaced, and counted for a warning."""

from __future__ import annotations

import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(value: Any) -> tuple[Any, int]:
    """`value` (a str, or lists and dicts of them) with every lone UTF-16 surrogate
    replaced by U+FFFD, and how many there were. JSON's `"\\ud800"` escape gives
    Python such a str, which no UTF-8 writer can encode."""
    if isinstance(value, str):
        return _SURROGATE.subn("\ufffd", value)
    if isinstance(value, list):
        pairs = [replace_surrogates(v) for v in value]
        return [v for v, _ in pairs], sum(n for _, n in pairs)
    if isinstance(value, dict):
        cleaned: dict[Any, Any] = {}
        count = 0
        for key, item in value.items():
            new_key, n_key = replace_surrogates(key)
            cleaned[new_key], n_item = replace_surrogates(item)
            count += n_key + n_item
        return cleaned, count
    return value, 0
