"""What the exports share: country names and codes, the article's source."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from newsie.schema import Document, Event, EventLocation


@lru_cache(maxsize=256)
def country_info(alpha2: str | None) -> tuple[str, int | None, str]:
    """(name, ISO numeric, alpha-3) of an ISO alpha-2 code; the common name where ISO's
    is a formal one (Syria, not Syrian Arab Republic), as ACLED writes it."""
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2) if alpha2 else None
    if country is None:
        return (alpha2 or "", None, "")
    name = getattr(country, "common_name", None) or country.name
    return name, int(country.numeric), country.alpha_3


@lru_cache(maxsize=1024)
def admin1_name(code: str | None) -> str:
    """The ISO 3166-2 name of a first-level division (`SY-DR` -> Dar'ā); the code when
    pycountry does not know it."""
    import pycountry

    if not code:
        return ""
    sub = pycountry.subdivisions.get(code=code)
    return sub.name if sub is not None else code


def best_location(event: Event) -> EventLocation | None:
    """The event's first place with coordinates, else its first place."""
    located = next((loc for loc in event.locations if loc.lat is not None), None)
    return located or (event.locations[0] if event.locations else None)


def event_country(doc: Document, event: Event) -> str | None:
    return next((loc.country for loc in event.locations if loc.country), doc.country)


def event_admin1(event: Event) -> str | None:
    return next((loc.admin1 for loc in event.locations if loc.admin1), None)


def source_of(doc: Document) -> str:
    """The outlet the article came from: `meta.outlet` (or `source`), else the URL's host."""
    for key in ("outlet", "source", "publisher"):
        value = doc.meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    if doc.url:
        return urlsplit(doc.url).netloc or doc.url
    return ""


def sentence_of(doc: Document, event: Event) -> str:
    return event.sentence.text or doc.text[event.sentence.start : event.sentence.end]
