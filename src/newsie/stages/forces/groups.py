"""Rules for operations commands, cells and shura councils, and the scan that tries
every formation rule at each word that may open one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsie.knowledge.names import (
    given_names,
    name_stopwords,
)
from newsie.knowledge.nationalities import nationalities
from newsie.lang.ar.clitics import clitic_readings
from newsie.lang.ar.grammar_words import gw
from newsie.stages.forces.candidates import Candidate, token_index_after
from newsie.stages.forces.formations import FormationGrammar
from newsie.stages.forces.words import is_name_word, may_open_formation

if TYPE_CHECKING:
    from newsie.text.segment import Token


class GroupGrammar(FormationGrammar):
    """Every formation rule, tried at each word."""

    _places: dict[int, int]

    def _formation_candidates(
        self, tokens: list[Token], words: list[str], context_country: str | None
    ) -> list[Candidate]:
        found: list[Candidate] = []
        i = 0
        while i < len(words):
            if not may_open_formation(words[i]):
                i += 1
                continue
            cand = (
                self._numbered_formation(tokens, words, i, context_country)
                or self._named_brigade(tokens, words, i, context_country)
                or self._operations_command(tokens, words, i, context_country)
                or self._shura_council(tokens, words, i)
                or self._cell(tokens, words, i)
            )
            if cand is None:
                i += 1
                continue
            found.append(cand)
            i = max(i + 1, token_index_after(tokens, cand.end, i))
        return found

    def _operations_command(
        self, tokens: list[Token], words: list[str], i: int, context_country: str | None
    ) -> Candidate | None:
        """`قيادة عمليات نينوى`, `غرفة عمليات حلب`: an operations command."""
        heads = [(p, s) for p, s in clitic_readings(words[i]) if s in gw("command_head")]
        if not heads or i + 2 >= len(words):
            return None
        clitic = len(heads[0][0])
        if words[i + 1] in gw("the_operations") and words[i + 2] in gw("operations_kind"):
            # غرفة العمليات المشتركة، قيادة العمليات العسكرية
            last = i + 2
            if last + 1 < len(words) and words[last + 1] in nationalities():
                last += 1
            name = " ".join(words[i + 2 : last + 1])
            fields: dict[str, object] = {
                "canonical": (context_country.lower() + "." if context_country else "")
                + "operations_room:"
                + name,
                "canonical_name": "Operations Room " + name,
                "country": context_country,
                "state": True,
                "echelon": "command",
            }
            return Candidate("UNIT", tokens[i].start + clitic, tokens[last].end, fields, 1)
        police = words[i + 1] in gw("police")
        if words[i + 1] not in gw("operations") and not police:
            return None
        j = i + 2
        first = words[j]
        if not first.isalpha() or first in name_stopwords() or first in nationalities():
            return None
        last = j
        place_end = self._places.get(tokens[j].start)
        if place_end is not None:
            while last + 1 < len(words) and tokens[last + 1].end <= place_end:
                last += 1
        elif first.startswith(("ل", "ب")) and first not in given_names():
            return None  # غرفة عمليات للمسلحين: not a command's name
        elif first.startswith("ال") and heads[0][1] not in gw("command_of"):
            return None  # غرفة عمليات الطوارئ: a civil emergency room
        elif first in given_names():
            # A person's name: given names, then at most one family name with ال.
            while last + 1 < len(words) and last - j < 2 and is_name_word(words[last + 1]):
                last += 1
                if words[last].startswith("ال"):
                    break
        elif first in gw("liberation") and j + 1 < len(words) and words[j + 1].isalpha():
            last = j + 1
        name = " ".join(words[j : last + 1])
        fields = {
            "canonical": (context_country.lower() + "." if context_country else "")
            + ("police_command:" if police else "operations_command:")
            + name,
            "canonical_name": ("Police Command " if police else "Operations Command ") + name,
            "country": context_country,
            "state": True,
            "echelon": "command",
        }
        return Candidate("UNIT", tokens[i].start + clitic, tokens[last].end, fields, 1)

    def _cell(self, tokens: list[Token], words: list[str], i: int) -> Candidate | None:
        """`خلية السلط` (a place), `خلية إرهابية`: a terrorist cell."""
        stem = next(((p, s) for p, s in clitic_readings(words[i]) if s in gw("cell")), None)
        if stem is None or i + 1 >= len(words):
            return None
        last = i + 1
        place_end = self._places.get(tokens[i + 1].start)
        if place_end is not None and not stem[1].startswith("ال"):
            while last + 1 < len(words) and tokens[last + 1].end <= place_end:
                last += 1
            name = " ".join(words[i + 1 : last + 1])
        elif words[i + 1] in gw("terrorist"):
            name = ""
        else:
            return None
        fields: dict[str, object] = {
            "canonical": "cell:" + name if name else "terrorist_cell",
            "canonical_name": ("Cell of " + name) if name else "Terrorist cell",
            "country": None,
            "state": False,
        }
        start = tokens[i].start + len(stem[0])
        return Candidate("ARMED_GROUP", start, tokens[last].end, fields, 1)

    def _shura_council(self, tokens: list[Token], words: list[str], i: int) -> Candidate | None:
        """`مجلس شورى ثوار بنغازي`, `مجلس شورى مجاهدي درنة`: Libyan-style councils."""
        heads = [(p, s) for p, s in clitic_readings(words[i]) if s in gw("shura_head")]
        if not heads:
            return None
        shura = i + 1 < len(words) and words[i + 1] in gw("shura")
        j = i + 2 if shura else i + 1
        # شباب names fighters only after شورى (مجلس شباب منطقة عسير is a youth council).
        members = gw("shura_member") | (gw("shura_member_after_shura") if shura else frozenset())
        if j + 1 >= len(words) or words[j] not in members or not words[j + 1].isalpha():
            return None
        last = j + 1
        if last + 1 < len(words) and words[last + 1] in gw("suburbs"):
            last += 1
        place = words[j + 1]
        fields: dict[str, object] = {
            "canonical": "shura_council:" + place,
            "canonical_name": "Shura Council of " + place,
            "country": None,
            "state": False,
        }
        return Candidate(
            "ARMED_GROUP", tokens[i].start + len(heads[0][0]), tokens[last].end, fields, 1
        )
