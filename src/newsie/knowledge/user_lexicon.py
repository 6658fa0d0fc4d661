"""User lexicons: the researcher's own names, read from TSV files.

Like spaCy's EntityRuler patterns file, a user lexicon teaches newsie names it does not
ship (a local militia, a commander, a village) without editing the package. The format
is the one of `resources/`: '#' comment lines and blank lines are skipped, the first
other line is the header, cells are tab-separated and `form` holds '|'-separated names.

    type    form    canonical   name_en country admin1  lat lon kind    state   event_type  strength

Only `type` and `form` are required. `type` is ARMED_GROUP, UNIT, BRIGADE, PERSON, ORG,
LOCATION or TRIGGER (an event trigger word, with `event_type` and optional `strength`).
Every stage drops its shipped rows of a form a user row names, so user rows win.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from newsie.resources import read_tsv
from newsie.schema import EVENT_TYPES
from newsie.text.normalize import normalize_key

FORCE_TYPES = ("ARMED_GROUP", "UNIT", "BRIGADE")
ENTITY_TYPES = (*FORCE_TYPES, "PERSON", "ORG", "LOCATION")
TRIGGER = "TRIGGER"
TYPES = (*ENTITY_TYPES, TRIGGER)
COLUMNS = (
    "type",
    "form",
    "canonical",
    "name_en",
    "country",
    "admin1",
    "lat",
    "lon",
    "kind",
    "state",
    "event_type",
    "strength",
)
# The types each optional column applies to: a value elsewhere is a misplaced cell.
_APPLIES: dict[str, tuple[str, ...]] = {
    "canonical": ENTITY_TYPES,
    "name_en": ENTITY_TYPES,
    "country": (*FORCE_TYPES, "PERSON", "ORG", "LOCATION"),
    "admin1": ("LOCATION",),
    "lat": ("LOCATION",),
    "lon": ("LOCATION",),
    "kind": ("LOCATION",),
    "state": FORCE_TYPES,
    "event_type": (TRIGGER,),
    "strength": (TRIGGER,),
}
# Trigger strengths a user may give (the shipped `named` and `context` need more rules).
STRENGTHS = ("strong", "weak", "party")
# A force's state flag when the row gives none.
_DEFAULT_STATE = {"UNIT": True, "BRIGADE": True, "ARMED_GROUP": False}
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ADMIN1 = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


class LexiconError(ValueError):
    """A user lexicon that cannot be read; names the file and (when known) the line."""

    def __init__(self, path: str | Path, line: int | None, reason: str) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {reason}")
        self.path = str(path)
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class UserRow:
    """One validated row; `where` is `file:line`, for messages."""

    type: str
    forms: tuple[str, ...]
    where: str
    canonical: str | None = None
    name_en: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str | None = None
    state: bool | None = None
    event_type: str | None = None
    strength: str = "strong"

    @property
    def canonical_id(self) -> str:
        """The row's canonical id: its own, else its first form as written."""
        return self.canonical or self.forms[0]

    @property
    def display_name(self) -> str:
        """The entity's canonical_name: the English name, else the first form."""
        return self.name_en or self.forms[0]


@dataclass(frozen=True)
class UserLexicon:
    """The rows of one or more user lexicons; empty by default (the shipped pipeline)."""

    rows: tuple[UserRow, ...] = ()
    # Normalised keys of every form of every row: the shipped rows every stage drops.
    keys: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        keys = frozenset(normalize_key(f) for row in self.rows for f in row.forms)
        object.__setattr__(self, "keys", keys)

    def __bool__(self) -> bool:
        return bool(self.rows)

    def of_type(self, *types: str) -> list[UserRow]:
        return [row for row in self.rows if row.type in types]

    def entries(self, *types: str) -> list[tuple[str, UserRow]]:
        """(form, row) pairs of the rows of these types, as a Lexicon takes them."""
        return [(form, row) for row in self.of_type(*types) for form in row.forms]

    def __add__(self, other: UserLexicon) -> UserLexicon:
        return _checked([*self.rows, *other.rows])


def lexicons_of(config: object) -> UserLexicon:
    """The user lexicon a stage's config carries (stages built without a config get none)."""
    found = getattr(config, "lexicons", None)
    return found if isinstance(found, UserLexicon) else UserLexicon()


def load_lexicons(paths: Iterable[str | Path]) -> UserLexicon:
    """Read and check user lexicon files; a form named twice is an error."""
    rows: list[UserRow] = []
    for path in paths:
        rows += read_lexicon(path)
    return _checked(rows)


def read_lexicon(path: str | Path) -> list[UserRow]:
    """The rows of one user lexicon file; raises LexiconError naming file and line."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LexiconError(path, None, "not UTF-8 text") from exc
    except OSError as exc:
        raise LexiconError(path, None, f"cannot read: {exc.strerror or exc}") from exc
    header: list[str] | None = None
    rows: list[UserRow] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            header = _header(path, number, cells)
            continue
        if len(cells) > len(header):
            raise LexiconError(
                path, number, f"{len(cells)} cells, but the header has {len(header)} columns"
            )
        values = dict(zip(header, cells, strict=False))
        rows.append(_row(values, path, number))
    if header is None:
        raise LexiconError(path, None, "no header row (columns: type, form, ...)")
    return rows


def _header(path: str | Path, number: int, cells: list[str]) -> list[str]:
    names = [cell.lower() for cell in cells]
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        raise LexiconError(
            path, number, f"unknown column {unknown[0]!r}; columns are: {', '.join(COLUMNS)}"
        )
    missing = [name for name in ("type", "form") if name not in names]
    if missing:
        raise LexiconError(path, number, f"the header has no {missing[0]!r} column")
    if len(set(names)) != len(names):
        raise LexiconError(path, number, "a column is named twice")
    return names


def _row(values: dict[str, str], path: str | Path, number: int) -> UserRow:
    def fail(reason: str) -> LexiconError:
        return LexiconError(path, number, reason)

    kind = values.get("type", "").upper()
    if kind not in TYPES:
        raise fail(f"type {values.get('type', '')!r} is not one of {', '.join(TYPES)}")
    forms = tuple(dict.fromkeys(f.strip() for f in values.get("form", "").split("|")))
    if not forms or any(not normalize_key(f) for f in forms):
        raise fail("empty form (names are '|'-separated, none may be empty)")
    for column, types in _APPLIES.items():
        if values.get(column) and kind not in types:
            raise fail(f"column {column!r} does not apply to type {kind}")
    country = values.get("country", "").upper() or None
    if country is not None and not _COUNTRY.match(country):
        raise fail(f"country {country!r} is not an ISO 3166-1 alpha-2 code (IQ, SY ...)")
    admin1 = values.get("admin1", "").upper() or None
    if admin1 is not None:
        if not _ADMIN1.match(admin1):
            raise fail(f"admin1 {admin1!r} is not an ISO 3166-2 code (SY-DR, IQ-NI ...)")
        if country is not None and not admin1.startswith(country + "-"):
            raise fail(f"admin1 {admin1} is not in country {country}")
        known = _known_admin1()
        if admin1[:2] in {code[:2] for code in known} and admin1 not in known:
            raise fail(f"admin1 {admin1} is not a first-level division newsie knows")
        country = country or admin1[:2]
    place_kind = values.get("kind", "").lower() or None
    if place_kind is not None and place_kind not in _place_kinds():
        raise fail(f"kind {place_kind!r} is not one of {', '.join(sorted(_place_kinds()))}")
    lat, lon = _coordinate(values, "lat", 90, fail), _coordinate(values, "lon", 180, fail)
    if (lat is None) != (lon is None):
        raise fail("give both lat and lon, or neither")
    state = None
    if kind in FORCE_TYPES:
        flag = values.get("state", "")
        if flag not in ("", "0", "1"):
            raise fail(f"state {flag!r} is not 1 (state force) or 0 (non-state)")
        state = _DEFAULT_STATE[kind] if not flag else flag == "1"
    event_type = strength = None
    if kind == TRIGGER:
        event_type = values.get("event_type", "").upper()
        if event_type not in EVENT_TYPES:
            raise fail(f"event_type {event_type!r} is not one of {', '.join(EVENT_TYPES)}")
        strength = values.get("strength", "").lower() or "strong"
        if strength not in STRENGTHS:
            raise fail(f"strength {strength!r} is not one of {', '.join(STRENGTHS)}")
    return UserRow(
        type=kind,
        forms=forms,
        where=f"{path}:{number}",
        canonical=values.get("canonical") or None,
        name_en=values.get("name_en") or None,
        country=country,
        admin1=admin1,
        lat=lat,
        lon=lon,
        kind=place_kind,
        state=state,
        event_type=event_type,
        strength=strength or "strong",
    )


def _coordinate(
    values: dict[str, str], column: str, limit: int, fail: Callable[[str], LexiconError]
) -> float | None:
    raw = values.get(column, "")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise fail(f"{column} {raw!r} is not a number") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise fail(f"{column} {raw} is outside -{limit}..{limit}")
    return value


@lru_cache(maxsize=1)
def _place_kinds() -> frozenset[str]:
    """Kinds of places the events stage knows the precision of (city, base, river ...)."""
    return frozenset(row["kind"] for row in read_tsv("events/geo_precision.tsv"))


@lru_cache(maxsize=1)
def _known_admin1() -> frozenset[str]:
    return frozenset(row["code"] for row in read_tsv("places/provinces.tsv"))


def _checked(rows: Sequence[UserRow]) -> UserLexicon:
    """The rows as one lexicon; a form given twice (after normalisation) is an error,
    since which reading should win is the user's call."""
    seen: dict[str, UserRow] = {}
    for row in rows:
        for form in row.forms:
            key = normalize_key(form)
            first = seen.get(key)
            if first is not None and first is not row:
                path, _, line = row.where.rpartition(":")
                raise LexiconError(
                    path, int(line), f"form {form!r} is already listed at {first.where}"
                )
            seen[key] = row
    return UserLexicon(tuple(rows))
