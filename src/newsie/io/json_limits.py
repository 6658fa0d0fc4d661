"""JSON parsing with limits, so that one hostile line is one error record, not a crash.

Python's json raises ValueError past 4,300 integer digits and RecursionError on deep
nesting; neither is a JSONDecodeError, so both used to escape the readers and stop the
run. Here they, and numbers JSON cannot write back (Infinity, 1e999), are a
JSONLimitError whose message says what is wrong. NaN becomes null (its usual meaning in
exported tables), so the output stays valid JSON.
"""

from __future__ import annotations

import json
import math
from typing import Any

from newsie.io.decoding import InputError

MAX_JSON_DEPTH = 100
MAX_NUMBER_CHARS = 100


class JSONLimitError(InputError):
    """JSON that parses but that newsie refuses: too deep, or a number too long."""


def _number_too_long(token: str) -> JSONLimitError:
    return JSONLimitError(f"number too long ({len(token):,} characters; limit {MAX_NUMBER_CHARS})")


def _parse_int(token: str) -> int:
    if len(token) > MAX_NUMBER_CHARS:
        raise _number_too_long(token)
    return int(token)


def _parse_float(token: str) -> float:
    if len(token) > MAX_NUMBER_CHARS:
        raise _number_too_long(token)
    value = float(token)
    if not math.isfinite(value):
        raise JSONLimitError(f"number out of range ({token[:20]})")
    return value


def _parse_constant(name: str) -> None:
    if name == "NaN":
        return None
    raise JSONLimitError(f"{name} is not a JSON number")


_DECODER = json.JSONDecoder(
    parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant
)


def loads(text: str) -> Any:
    """json.loads with limits: a JSONDecodeError for malformed JSON, a JSONLimitError for
    JSON nested deeper than MAX_JSON_DEPTH or a number longer than MAX_NUMBER_CHARS."""
    try:
        obj = _DECODER.decode(text)
    except RecursionError:
        raise _too_deep() from None
    # Counting brackets is cheap; only text that could be too deep is walked.
    if text.count("[") + text.count("{") > MAX_JSON_DEPTH and _deeper_than(obj, MAX_JSON_DEPTH):
        raise _too_deep()
    return obj


def _too_deep() -> JSONLimitError:
    return JSONLimitError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")


def _deeper_than(obj: Any, limit: int) -> bool:
    """Whether arrays and objects nest more than `limit` levels (without recursion)."""
    if not isinstance(obj, dict | list):
        return False
    stack: list[tuple[Any, int]] = [(obj, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False
