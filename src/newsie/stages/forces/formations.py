"""The formation grammar: numbered formations (`الفرقة الرابعة`, `الكتيبة 102 مشاة`),
their branch and owner, and brigades known by a name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsie.knowledge.actors import Actor
from newsie.knowledge.military import (
    Echelon,
    context_words,
)
from newsie.knowledge.names import (
    given_names,
    looks_like_name_start,
    name_stopwords,
)
from newsie.knowledge.nationalities import nationalities
from newsie.lang.ar.clitics import clitic_readings
from newsie.lang.ar.grammar_words import gw
from newsie.stages.forces.candidates import Candidate
from newsie.stages.forces.words import (
    ATTACHED_NUMBER,
    branch_at,
    conjoined_digits,
    echelon_at,
    is_name_word,
    number_at,
    number_list_at,
    ordinal_name,
    person_name_end,
    stems,
)
from newsie.text.lexicon import Lexicon

if TYPE_CHECKING:
    from newsie.text.segment import Token


class FormationGrammar:
    """Rules for numbered formations and named brigades."""

    _actors: Lexicon[Actor]

    def _numbered_formation(
        self, tokens: list[Token], words: list[str], i: int, context_country: str | None
    ) -> Candidate | None:
        """Echelon word + [branch] + number list + [branch]: الفرقة الرابعة، الكتيبة 102 مشاة."""
        attached = ATTACHED_NUMBER.match(words[i])
        if attached is not None:
            # `لواءي45`: the tokenizer keeps letters and digits of one word together.
            found_attached = echelon_at([attached.group(1)], 0)
            if found_attached is None:
                return None
            echelon, _, clitic = found_attached
            numbers = [(int(attached.group(2)), i, i)]
            j = i + 1
            if j + 1 < len(words) and words[j] == "و":
                numbers += number_list_at(words, j + 1)[:1]
            elif j < len(words) and conjoined_digits(words[j]) is not None:
                numbers.append((conjoined_digits(words[j]) or 0, j, j))
            last = numbers[-1][2]
            return self._build_numbered(
                tokens, words, i, last, clitic, echelon, numbers, context_country
            )
        found = echelon_at(words, i)
        if found is None:
            return None
        echelon, used, clitic = found
        j = i + used
        branch_len = branch_at(words, j)
        j += branch_len
        # A named brigade may come before its number: لوائي الدعم المشترك 3 و 4.
        if echelon.type == "BRIGADE" and not branch_len:
            k = j
            while (
                k < len(words)
                and k < j + 3
                and is_name_word(words[k])
                and number_at(words, k) is None
            ):
                k += 1
            if k > j and number_at(words, k) is not None:
                j = k
        numbers = number_list_at(words, j)
        if numbers and not words[numbers[0][1]].isdigit():
            # An ordinal agrees with its noun: الفرقة الرابعة, فرقة رابعة; not الجهاز أول
            # (`the device first ...`), and قيادة/جهاز/قوات take only definite ordinals.
            head_definite = words[i][clitic:].startswith(("ال", "ل"))
            if head_definite != words[numbers[0][1]].startswith("ال") or (
                not head_definite and echelon.echelon in ("force", "command", "service")
            ):
                numbers = []
        if not numbers and echelon.type == "BRIGADE" and branch_len:
            return self._branch_brigade(tokens, words, i, j - 1, clitic, context_country)
        if not numbers:
            return None
        last = numbers[-1][2]
        after = last + 1
        if not branch_len:
            tail = branch_at(words, after)
            if tail:
                last = after + tail - 1
        return self._build_numbered(
            tokens, words, i, last, clitic, echelon, numbers, context_country
        )

    def _build_numbered(
        self,
        tokens: list[Token],
        words: list[str],
        first: int,
        last: int,
        clitic: int,
        echelon: Echelon,
        numbers: list[tuple[int, int, int]],
        context_country: str | None,
    ) -> Candidate:
        country, state = self._owner(words, last + 1, context_country)
        start = tokens[first].start + clitic
        multi = len(numbers) > 1
        head: Candidate | None = None
        for n, (value, _a, b) in enumerate(numbers):
            if not multi:
                s, e = start, tokens[last].end
            elif n == 0:
                s, e = start, tokens[b].end
            else:
                s, e = tokens[b].start, tokens[b].end
                if words[b].startswith("و") and words[b][1:].isdigit():
                    s += 1  # و22: the conjunction is not part of the number
            prefix = country.lower() + "." if country else ""
            fields: dict[str, object] = {
                "number": value,
                "canonical": f"{prefix}{echelon.name_en.replace(' ', '_')}.{value}",
                "canonical_name": f"{ordinal_name(value)} {echelon.name_en.title()}"
                + (f" ({country})" if country else ""),
                "country": country,
                # A numbered formation is an army's unless its owner says otherwise.
                "state": True if state is None else state,
                "echelon": echelon.echelon,
            }
            if multi and n > 0:
                fields["label"] = "list-member"
            cand = Candidate(echelon.type, s, e, fields, priority=2)
            if head is None:
                head = cand
            else:
                head.members.append(cand)
        assert head is not None
        if multi:
            head.claim_end = tokens[last].end
        return head

    def _branch_brigade(
        self,
        tokens: list[Token],
        words: list[str],
        first: int,
        last: int,
        clitic: int,
        context_country: str | None,
    ) -> Candidate:
        """`اللواء المدرع`, `لواء المشاة`: a brigade named by its branch, no number."""
        country, state = self._owner(words, last + 1, context_country)
        name = " ".join(words[first + 1 : last + 1])
        fields: dict[str, object] = {
            "number": None,
            "canonical": (country.lower() + "." if country else "") + "brigade:" + name,
            "canonical_name": "Brigade " + name,
            "country": country,
            "state": state,
            "echelon": "brigade",
        }
        return Candidate("BRIGADE", tokens[first].start + clitic, tokens[last].end, fields, 1)

    def _owner(
        self, words: list[str], i: int, context_country: str | None
    ) -> tuple[str | None, bool | None]:
        """Country and state of a formation from `التابع للجيش العراقي` or an adjective."""
        adjectives = nationalities()
        if i < len(words) and words[i] in adjectives and adjectives[words[i]]:
            return adjectives[words[i]], None
        if i + 1 < len(words) and words[i] in gw("owner"):
            for hit in self._actors.find(" ".join(words[i + 1 : i + 4])):
                actor = hit.values[0]
                country = actor.country if actor.country not in ("", "*") else None
                rest = " ".join(words[i + 1 : i + 4])[hit.end :].split()
                if rest and rest[0] in adjectives and adjectives[rest[0]]:
                    country = adjectives[rest[0]]
                return country or context_country, actor.state
        return context_country, None

    def _named_brigade(
        self, tokens: list[Token], words: list[str], i: int, context_country: str | None
    ) -> Candidate | None:
        """`لواء اليرموك`, `ألوية العمالقة`, `لواء شهداء بدر`: لواء without ال + a name.

        `كتيبة الفاروق`, `كتائب ثوار الزنتان`: battalions known by a name rather than a
        number are militias (annotation guidelines), so ARMED_GROUP."""
        clitic = 0
        stem = None
        for prefix, bare in clitic_readings(words[i]):
            if (
                bare in gw("brigade_indefinite")
                or bare in gw("brigade_dual")
                or bare in gw("named_group")
            ):
                stem, clitic = bare, len(prefix)
                break
        if stem is None or i + 1 >= len(words):
            return None
        group = stem in gw("named_group")
        if group and (
            self._actors.get(words[i + 1])
            or branch_at(words, i + 1)
            or words[i + 1] in gw("generic_after_group")
        ):
            return None  # كتائب الجيش، كتيبة المشاة: not a name
        if i > 0 and any(s in context_words("banner") for s in stems(words[i - 1])):
            return None  # تحت لواء، رفع لواء: a banner; متصرف لواء: a district
        j = i + 1
        nxt = words[j]
        if nxt in name_stopwords() or nxt in nationalities() or not nxt.isalpha():
            return None
        if nxt.startswith("ال"):
            last = j
            if j + 1 < len(words) and words[j + 1].startswith("ال") and is_name_word(words[j + 1]):
                last = j + 1  # لواء التنسيق المشترك, لواء القوة الضاربة
            elif nxt in gw("named_after_title"):
                last = person_name_end(words, j + 1)  # لواء الإمام محمد بن سعود
                last += branch_at(words, last + 1)
        elif (
            (not looks_like_name_start(nxt) or nxt in given_names())
            or j + 1 >= len(words)
            or not words[j + 1].startswith("ال")
        ):
            return None
        else:
            if not is_name_word(words[j + 1]):
                return None
            last = j + 1  # لواء شهداء اليرموك, لواء صقور الشام
        name = " ".join(words[j : last + 1])
        country = context_country
        fields: dict[str, object]
        if group:
            fields = {
                "canonical": "group:" + stem + " " + name,
                "canonical_name": "Armed group " + name,
                "country": country,
                "state": False,
            }
            return Candidate("ARMED_GROUP", tokens[i].start + clitic, tokens[last].end, fields, 1)
        fields = {
            "number": None,
            "canonical": "brigade:" + name,
            "canonical_name": "Brigade " + name,
            "country": country,
            "echelon": "brigade",
        }
        return Candidate("BRIGADE", tokens[i].start + clitic, tokens[last].end, fields, 1)
