"""Checks on an article's text and publication date, shared by the readers, the CLI and
the library (`newsie.extract`, `Pipeline.process_text`), so all three refuse or warn
about the same inputs for the same reasons."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

MAX_ARTICLE_CHARS = 1_000_000
MIN_ARABIC_SHARE = 0.3
# Relative dates (أمس، الأسبوع الماضي) are resolved against the publication date, so a
# date no article can have (2099, year 1) would spread to every date in the text.
EARLIEST_PUBLISHED = dt.date(1900, 1, 1)

ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\ufb50-\ufdff\ufe70-\ufefc]")
LETTER = re.compile(r"[^\W\d_]")


def arabic_share(text: str) -> float:
    """The share of the letters that are Arabic (0.0 when there are no letters)."""
    letters = len(LETTER.findall(text))
    return len(ARABIC_LETTER.findall(text)) / letters if letters else 0.0


def check_text(text: str) -> str | None:
    """Why this text is not an article we can process, or None if it is."""
    if not text.strip():
        return "empty article (no text)"
    if len(text) > MAX_ARTICLE_CHARS:
        return f"article too large ({len(text):,} characters; limit {MAX_ARTICLE_CHARS:,})"
    letters = len(LETTER.findall(text))
    arabic = len(ARABIC_LETTER.findall(text))
    if letters == 0:
        return "no letters in the text"
    if arabic / letters < MIN_ARABIC_SHARE:
        return f"not Arabic text (only {arabic / letters:.0%} of the letters are Arabic)"
    return None


def parse_published(value: Any) -> dt.date | None:
    """A publication date from metadata or a caller: a date, 'YYYY-MM-DD', an ISO
    timestamp, or null. Anything else is a ValueError that names the field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    try:
        shown = repr(value)
    except ValueError:  # an int past Python's digit limit
        shown = f"<{type(value).__name__}>"
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    raise ValueError(f"published {shown} is not a YYYY-MM-DD date")


def published_problem(date: dt.date, today: dt.date | None = None) -> str | None:
    """Why `date` cannot be the day an article was published (in the future, or before
    1900), or None when it can."""
    today = today or dt.date.today()
    if date > today + dt.timedelta(days=1):
        return f"published {date.isoformat()} is in the future; not used"
    if date < EARLIEST_PUBLISHED:
        return f"published {date.isoformat()} is before {EARLIEST_PUBLISHED.year}; not used"
    return None


def usable_published(value: Any, warnings: list[str]) -> dt.date | None:
    """The publication date to resolve relative dates on: a date out of range becomes a
    warning (appended to `warnings`) and None. A malformed value still raises."""
    date = parse_published(value)
    if date is not None and (problem := published_problem(date)):
        warnings.append(problem)
        return None
    return date
