"""Forces stage: state forces (UNIT), formations, brigades and armed groups.

Generic NER tags `الفرقة الرابعة` as nothing and `داعش` as an ORG at best. This stage
finds armed actors with three rule layers over the normalised text:

1. a lexicon of named actors (`newsie.knowledge.actors`), each with a canonical id,
   an English name, a country and state / non-state; a nationality adjective after a
   generic force (الجيش العراقي) becomes part of the mention and gives its country;
2. a formation grammar: echelon word + ordinal or digits + branch (الكتيبة 102 مشاة,
   اللواء الخامس عشر, الفرقة الرابعة) and operations commands (قيادة عمليات نينوى);
3. brigades: named (لواء اليرموك), lists and duals (لوائي ... 20 و 22 gives two
   brigades) and anaphora (اللواءين، اللواء المذكور) linked to the brigades before.

`اللواء` followed by a person's name is a rank, not a brigade: this stage leaves it to
the people stage; both decide it with `newsie.knowledge.names.looks_like_name_start`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from newsie.knowledge.actors import Actor, user_actor_lexicon
from newsie.knowledge.military import (
    Echelon,
    branches,
    context_words,
    echelons,
    is_sports_article,
)
from newsie.knowledge.names import (
    given_names,
    looks_like_name_start,
    name_stopwords,
)
from newsie.knowledge.nationalities import nationalities
from newsie.knowledge.user_lexicon import lexicons_of
from newsie.lang.ar.clitics import clitic_readings
from newsie.lang.ar.grammar_words import gw
from newsie.lang.ar.numbers import NumberMatch, parse_number
from newsie.registry import stage
from newsie.text.lexicon import Lexicon, longest_first
from newsie.text.normalize import norm_span

if TYPE_CHECKING:
    from newsie.schema import Document
    from newsie.text.segment import Token

STAGE = "forces"
_ATTACHED_NUMBER = re.compile(r"^(\D+?)(\d{1,3})$")
_ORDINAL_EN = {1: "st", 2: "nd", 3: "rd"}
_MAX_FORMATION_NUMBER = 999


@dataclass
class Candidate:
    """A mention before overlaps are settled; `members` share the claim of the first."""

    type: str
    start: int
    end: int
    fields: dict[str, object]
    priority: int = 0
    members: list[Candidate] = field(default_factory=list)
    # The text a list of brigades takes up, beyond the first one's own span.
    claim_end: int | None = None

    @property
    def claim(self) -> tuple[int, int]:
        return self.start, max(self.end, self.claim_end or 0)


# --- data -----------------------------------------------------------------------------


# --- token helpers --------------------------------------------------------------------


def _bare(word: str) -> list[str]:
    """The word and its stems without proclitics (ولواء -> لواء, للفرقة -> الفرقة)."""
    return [stem for _, stem in clitic_readings(word)]


@lru_cache(maxsize=65536)
def _may_open_formation(word: str) -> bool:
    """Cheap per-token test before the formation rules run."""
    triggers = _trigger_stems()
    return any(stem in triggers for stem in _bare(word)) or bool(_ATTACHED_NUMBER.match(word))


@lru_cache(maxsize=1)
def _trigger_stems() -> frozenset[str]:
    """Stems that can open a formation, command, council or brigade name."""
    words = {key.split()[0] for key in echelons()}
    special = gw("shura_head") | gw("cell")
    return frozenset(
        words | gw("command_head") | gw("brigade_indefinite") | gw("brigade_dual") | special
    )


@lru_cache(maxsize=65536)
def _readings_with_kept(word: str) -> tuple[tuple[int, str], ...]:
    """(letters a mention leaves out, stem) for each clitic reading of a word.

    A fused لل keeps its ل in the mention (للفرقة الرابعة, as the guidelines write it).
    strip_clitics reads للفرقة as ل + الفرقة; a noun that itself starts with ل loses
    one more letter (للواء = ل + اللواء), a reading added here."""
    readings: list[tuple[int, str]] = []
    for prefix, stem in clitic_readings(word):
        readings.append((len(word) - len(stem), stem))
        if prefix.endswith("ل") and stem.startswith("ل") and len(prefix) + len(stem) == len(word):
            readings.append((len(prefix) - 1, "ال" + stem))
    return tuple(readings)


def _echelon_at(words: Sequence[str], i: int) -> tuple[Echelon, int, int] | None:
    """(echelon, tokens used, proclitic length) of an echelon word at token i.

    Of several readings (وللواء: و+للواء، ول+لواء، ول+اللواء) the one that leaves the
    fewest letters out wins, so the fused article stays in the mention."""
    table = echelons()
    best: tuple[Echelon, int, int] | None = None
    for kept, stem in _readings_with_kept(words[i]):
        found = table.get(stem + " " + words[i + 1]) if i + 1 < len(words) else None
        used = 2
        if found is None:
            found, used = table.get(stem), 1
        if found is not None and (best is None or kept < best[2]):
            best = (found, used, kept)
    return best


def _branch_at(words: Sequence[str], i: int) -> int:
    """Number of tokens of a branch word (مشاة، المدرعة، مشاة آلي) at i, else 0."""
    table = branches()
    for length in (2, 1):
        if i + length <= len(words) and tuple(words[i : i + length]) in table:
            return length
    return 0


def _number_at(words: Sequence[str], i: int) -> NumberMatch | None:
    """A formation number at i: digits or an ordinal word, not a count."""
    match = parse_number(words, i)
    if match is None:
        return None
    if not match.ordinal and not words[i].isdigit():
        return None  # a cardinal in words after a noun is a count (كتائب ثلاث)
    if not 0 < match.value <= _MAX_FORMATION_NUMBER:
        return None
    after = i + match.length
    if after < len(words) and words[after] in gw("count_noun"):
        return None
    return match


def _number_list_at(words: Sequence[str], i: int) -> list[tuple[int, int, int]]:
    """Numbers of a list `20 و 22`, `20 و22`, `20، 21 و 22`: (value, first, last token)."""
    found: list[tuple[int, int, int]] = []
    first = _number_at(words, i)
    if first is None:
        return found
    found.append((first.value, i, i + first.length - 1))
    j = i + first.length
    while j < len(words):
        if words[j] in ("و", "،", ",") and j + 1 < len(words):
            nxt = _number_at(words, j + 1)
            if nxt is None:
                break
            found.append((nxt.value, j + 1, j + nxt.length))
            j += 1 + nxt.length
        elif _conjoined_digits(words[j]) is not None:
            value = _conjoined_digits(words[j]) or 0
            if not 0 < value <= _MAX_FORMATION_NUMBER:
                break
            found.append((value, j, j))
            j += 1
        else:
            break
    return found


def _conjoined_digits(word: str) -> int | None:
    """`و22` (and `22و`, its mirror when right-to-left text was pasted): 22."""
    if len(word) > 1 and word.startswith("و") and word[1:].isdigit():
        return int(word[1:])
    if len(word) > 1 and word.endswith("و") and word[:-1].isdigit():
        return int(word[:-1])
    return None


def ordinal_name(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else _ORDINAL_EN.get(number % 10, "th")
    return f"{number}{suffix}"


def _canonical(template: str, country: str | None) -> str:
    if template.startswith("*."):
        return (country.lower() + "." if country else "") + template[2:]
    return template


# --- the stage ------------------------------------------------------------------------


@stage(
    "forces",
    # doc.country: whose army an unqualified الجيش is; places: operations commands' names
    requires=("doc.norm", "doc.tokens", "doc.country", "COUNTRY", "PROVINCE", "LOCATION"),
    provides=("UNIT", "BRIGADE", "ARMED_GROUP"),
)
class ForcesStage:
    """Stage: UNIT, BRIGADE and ARMED_GROUP mentions with canonical actors."""

    name = STAGE

    def __init__(self, config: object = None) -> None:
        user = lexicons_of(config)
        self._actors = user_actor_lexicon(user)
        # The user's names of other types (an ORG الجيش السوري الحر): no force cuts into them.
        others = user.entries("PERSON", "ORG", "LOCATION")
        self._user_others: Lexicon[object] | None = Lexicon(others) if others else None
        self._places: dict[int, int] = {}

    def __call__(self, doc: Document) -> Document:
        text = doc.norm.text
        tokens = doc.tokens
        words = [t.text for t in tokens]
        by_start = {t.start: i for i, t in enumerate(tokens)}
        by_end = {t.end: i for i, t in enumerate(tokens)}
        context_country = doc.country
        self._places = {
            norm_span(doc, e)[0]: norm_span(doc, e)[1]
            for e in doc.entities
            if e.type in ("LOCATION", "PROVINCE", "COUNTRY")
        }

        candidates = self._lexicon_candidates(
            text, tokens, words, by_start, by_end, context_country
        )
        candidates += self._formation_candidates(tokens, words, context_country)
        chosen = _settle(candidates)
        if self._user_others is not None:
            names = [(h.start, h.end) for h in self._user_others.find(text)]
            chosen = [c for c in chosen if not _cuts_into(c, names)]
        if is_sports_article(words):
            clubs = context_words("club_name")
            chosen = [c for c in chosen if _mention_key(text, c) not in clubs]
        chosen += self._anaphora(tokens, words, chosen)
        for cand in chosen:
            for member in [cand, *cand.members]:
                doc.add_entity(member.type, member.start, member.end, STAGE, **member.fields)
        return doc

    # -- lexicon of named actors --------------------------------------------------------
    def _lexicon_candidates(
        self,
        text: str,
        tokens: list[Token],
        words: list[str],
        by_start: dict[int, int],
        by_end: dict[int, int],
        context_country: str | None,
    ) -> list[Candidate]:
        strong: list[Candidate] = []
        weak: list[tuple[Candidate, Actor, bool]] = []
        strong_templates: list[str] = []
        adjectives = nationalities()
        hits = longest_first(self._actors.find_all(text))
        # A generic force named once with its nationality (القوات الجوية العراقية) keeps
        # that country in its bare mentions (القوات الجوية) anywhere in the article.
        named_country: dict[str, str] = {}
        for hit in hits:
            after = by_end.get(hit.end)
            if after is not None and after + 1 < len(words):
                found = adjectives.get(words[after + 1])
                if found:
                    named_country.setdefault(hit.values[0].canonical, found)
        for hit in hits:
            first = by_start.get(hit.word_start)
            last = by_end.get(hit.end)
            if first is None or last is None:
                continue
            actor = hit.values[0]
            if actor.type == "-":
                continue  # القوات اللبنانية: a party whose name holds a force's name
            if first > 0 and any(
                s in context_words("institution") for s in _bare(words[first - 1])
            ):
                continue  # مجلس الأمن الوطني، أكاديمية الشرطة: an organisation's name
            start, end = hit.start, hit.end
            country = actor.country or None
            followed_by_adjective = False
            nxt = last + 1
            if nxt < len(words) and words[nxt] in adjectives:
                followed_by_adjective = True
                if actor.country == "*" or not actor.country:
                    country = adjectives[words[nxt]] or country
                end = tokens[nxt].end
            elif actor.anchor and nxt < len(words) and words[nxt].startswith("ال"):
                continue  # التحالف الوطني, المقاومة الإسلامية ...: another thing
            if country == "*":
                country = named_country.get(actor.canonical, context_country)
            command = False
            if hit.start == hit.word_start and first > 0:
                # ميليشيات الحوثي، لميليشيات حزب الله، قيادة التحالف: the head word
                # before the name belongs to the mention (without its proclitics).
                for prefix, head in clitic_readings(words[first - 1]):
                    if head in gw("head_word") and not hit.key.startswith(head + " "):
                        start = tokens[first - 1].start + len(prefix)
                        break
                    if head in gw("command_of") and actor.type == "UNIT":
                        start = tokens[first - 1].start + len(prefix)
                        command = True
                        break
            fields: dict[str, object] = {
                "canonical": _canonical(actor.canonical, country) + (".command" if command else ""),
                "canonical_name": actor.name_en + (" Command" if command else ""),
                "country": country,
                "state": actor.state,
            }
            if actor.user:
                fields["label"] = "user"
            if command:
                fields["echelon"] = "command"
            elif actor.type == "UNIT":
                fields["echelon"] = actor.echelon or "force"
            elif actor.type == "BRIGADE":
                fields["echelon"] = "brigade"
            cand = Candidate(actor.type, start, end, fields, priority=3 if actor.user else 1)
            if actor.anchor:
                weak.append((cand, actor, followed_by_adjective))
            else:
                strong.append(cand)
                strong_templates.append(actor.canonical)
        for cand, actor, followed_by_adjective in weak:
            anchored = any(
                (anchor == "ANY" and bool(strong_templates))
                or any(t.startswith(anchor) for t in strong_templates)
                for anchor in actor.anchor
            )
            if anchored or followed_by_adjective:
                strong.append(cand)
        return strong

    # -- formation grammar ---------------------------------------------------------------
    def _formation_candidates(
        self, tokens: list[Token], words: list[str], context_country: str | None
    ) -> list[Candidate]:
        found: list[Candidate] = []
        i = 0
        while i < len(words):
            if not _may_open_formation(words[i]):
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
            i = max(i + 1, _token_index_after(tokens, cand.end, i))
        return found

    def _numbered_formation(
        self, tokens: list[Token], words: list[str], i: int, context_country: str | None
    ) -> Candidate | None:
        """Echelon word + [branch] + number list + [branch]: الفرقة الرابعة، الكتيبة 102 مشاة."""
        attached = _ATTACHED_NUMBER.match(words[i])
        if attached is not None:
            # `لواءي45`: the tokenizer keeps letters and digits of one word together.
            found_attached = _echelon_at([attached.group(1)], 0)
            if found_attached is None:
                return None
            echelon, _, clitic = found_attached
            numbers = [(int(attached.group(2)), i, i)]
            j = i + 1
            if j + 1 < len(words) and words[j] == "و":
                numbers += _number_list_at(words, j + 1)[:1]
            elif j < len(words) and _conjoined_digits(words[j]) is not None:
                numbers.append((_conjoined_digits(words[j]) or 0, j, j))
            last = numbers[-1][2]
            return self._build_numbered(
                tokens, words, i, last, clitic, echelon, numbers, context_country
            )
        found = _echelon_at(words, i)
        if found is None:
            return None
        echelon, used, clitic = found
        j = i + used
        branch_len = _branch_at(words, j)
        j += branch_len
        # A named brigade may come before its number: لوائي الدعم المشترك 3 و 4.
        if echelon.type == "BRIGADE" and not branch_len:
            k = j
            while (
                k < len(words)
                and k < j + 3
                and _is_name_word(words[k])
                and _number_at(words, k) is None
            ):
                k += 1
            if k > j and _number_at(words, k) is not None:
                j = k
        numbers = _number_list_at(words, j)
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
            tail = _branch_at(words, after)
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
            or _branch_at(words, i + 1)
            or words[i + 1] in gw("generic_after_group")
        ):
            return None  # كتائب الجيش، كتيبة المشاة: not a name
        if i > 0 and any(s in context_words("banner") for s in _bare(words[i - 1])):
            return None  # تحت لواء، رفع لواء: a banner; متصرف لواء: a district
        j = i + 1
        nxt = words[j]
        if nxt in name_stopwords() or nxt in nationalities() or not nxt.isalpha():
            return None
        if nxt.startswith("ال"):
            last = j
            if j + 1 < len(words) and words[j + 1].startswith("ال") and _is_name_word(words[j + 1]):
                last = j + 1  # لواء التنسيق المشترك, لواء القوة الضاربة
            elif nxt in gw("named_after_title"):
                last = _person_name_end(words, j + 1)  # لواء الإمام محمد بن سعود
                last += _branch_at(words, last + 1)
        elif (
            (not looks_like_name_start(nxt) or nxt in given_names())
            or j + 1 >= len(words)
            or not words[j + 1].startswith("ال")
        ):
            return None
        else:
            if not _is_name_word(words[j + 1]):
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

    def _operations_command(
        self, tokens: list[Token], words: list[str], i: int, context_country: str | None
    ) -> Candidate | None:
        """`قيادة عمليات نينوى`, `غرفة عمليات عمر المختار`: an operations command."""
        heads = [(p, s) for p, s in clitic_readings(words[i]) if s in gw("command_head")]
        if not heads or i + 2 >= len(words):
            return None
        clitic = len(heads[0][0])
        if words[i + 1] in gw("the_operations") and words[i + 2] in gw("operations_kind"):
            # غرفة العمليات المركزية، قيادة العمليات العسكرية
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
            while last + 1 < len(words) and last - j < 2 and _is_name_word(words[last + 1]):
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

    # -- anaphora --------------------------------------------------------------------------
    def _anaphora(
        self, tokens: list[Token], words: list[str], chosen: list[Candidate]
    ) -> list[Candidate]:
        """`اللواءين`, `اللواء المذكور`: link to the brigades named before (canonical)."""
        brigades = sorted(
            (c for cand in chosen for c in [cand, *cand.members] if c.type == "BRIGADE"),
            key=lambda c: c.start,
        )
        if not brigades:
            return []
        taken = [c.claim for c in chosen]
        found: list[Candidate] = []
        for i, word in enumerate(words):
            if "لوا" not in word:
                continue
            start = tokens[i].start
            if any(s <= start < e for s, e in taken):
                continue
            stems = [stem for _, stem in _readings_with_kept(word)]
            before = [b for b in brigades if b.end <= start]
            if not before:
                continue
            if any(s in gw("dual_definite") for s in stems):
                referents = before[-2:]
                end = tokens[i].end
            elif (
                any(s in gw("brigade_definite") for s in stems)
                and i + 1 < len(words)
                and words[i + 1] in gw("anaphor")
            ):
                referents = before[-1:]
                end = tokens[i + 1].end
            else:
                continue
            clitic = min(k for k, s in _readings_with_kept(word) if s.startswith("ال"))
            for ref in referents:
                fields = dict(ref.fields)
                fields["label"] = "anaphor"
                fields["confidence"] = 0.7
                found.append(Candidate("BRIGADE", start + clitic, end, fields))
        return found


def _person_name_end(words: Sequence[str], j: int) -> int:
    """Last token of a chain of given names and particles from j (j - 1 if none)."""
    end = j - 1
    k = j
    while k < len(words) and k - j < 5:
        if words[k] in given_names():
            end = k
        elif words[k] not in gw("name_particle") or k + 1 >= len(words):
            break
        k += 1
    return end


def _cuts_into(cand: Candidate, names: list[tuple[int, int]]) -> bool:
    """Whether a candidate overlaps one of the names without holding all of it."""
    start, end = cand.claim
    return any(start < e and s < end and not (start <= s and e <= end) for s, e in names)


def _mention_key(text: str, cand: Candidate) -> str:
    """A candidate's normalised text without a fused ل (للجيش -> الجيش)."""
    key = " ".join(text[cand.start : cand.end].split())
    return "ال" + key[2:] if key.startswith("لل") else key


def _is_name_word(word: str) -> bool:
    """A word that can continue a formation's or a person's name."""
    return (
        word.isalpha()
        and word not in name_stopwords()
        and word not in nationalities()
        and word not in gw("owner")
        and word not in echelons()
    )


def _token_index_after(tokens: list[Token], end: int, i: int) -> int:
    j = i
    while j < len(tokens) and tokens[j].start < end:
        j += 1
    return j


def _settle(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: longer first, then the grammar over the lexicon."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    ordered = sorted(
        candidates, key=lambda c: (-(c.claim[1] - c.claim[0]), -c.priority, c.claim[0])
    )
    for cand in ordered:
        start, end = cand.claim
        if any(start < e and s < end for s, e in taken):
            continue
        chosen.append(cand)
        taken.append((start, end))
    return sorted(chosen, key=lambda c: c.start)
