"""Named armed actors (resources/forces/actors.tsv and the user's ARMED_GROUP, UNIT and
BRIGADE rows): canonical id, English name, country, state or not. World knowledge, not
the forces stage's own, so any stage can name an actor the same way."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newsie.knowledge.user_lexicon import FORCE_TYPES as USER_FORCE_TYPES
from newsie.knowledge.user_lexicon import UserLexicon
from newsie.resources import read_tsv
from newsie.text.lexicon import Lexicon


@dataclass(frozen=True, slots=True)
class Actor:
    """A row of actors.tsv: one surface form of a named armed actor."""

    type: str
    canonical: str
    name_en: str
    country: str
    state: bool
    echelon: str | None
    anchor: tuple[str, ...]
    # A row of the user's lexicon: wins a tie with the grammar, marks its mentions.
    user: bool = False


@lru_cache(maxsize=1)
def actor_lexicon() -> Lexicon[Actor]:
    entries = []
    for row in read_tsv("forces/actors.tsv"):
        anchor = tuple(a for a in row.get("anchor", "").split("|") if a)
        actor = Actor(
            type=row["type"],
            canonical=row["canonical"],
            name_en=row["name_en"],
            country=row["country"],
            state=row["state"] == "1",
            echelon=row["echelon"] or None,
            anchor=anchor,
        )
        entries.append((row["form"], actor))
    return Lexicon(entries)


def user_actor_lexicon(user: UserLexicon) -> Lexicon[Actor]:
    """The shipped actors with the user's forces: a form the user names is theirs only."""
    if not user:
        return actor_lexicon()
    entries = [
        (
            form,
            Actor(
                type=row.type,
                canonical=row.canonical_id,
                name_en=row.display_name,
                country=row.country or "",
                state=bool(row.state),
                echelon=None,
                anchor=(),
                user=True,
            ),
        )
        for form, row in user.entries(*USER_FORCE_TYPES)
    ]
    return actor_lexicon().overridden(user.keys, entries)
