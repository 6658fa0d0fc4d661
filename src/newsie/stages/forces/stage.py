"""The forces pipeline stage: candidates from the actor lexicon and the formation
grammar, settled, filtered and linked to their anaphora."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from newsie.knowledge.actors import Actor, user_actor_lexicon
from newsie.knowledge.military import (
    context_words,
    is_sports_article,
)
from newsie.knowledge.nationalities import nationalities
from newsie.knowledge.user_lexicon import lexicons_of
from newsie.lang.ar.clitics import clitic_readings
from newsie.lang.ar.grammar_words import gw
from newsie.registry import stage
from newsie.stages.forces.candidates import Candidate, cuts_into, mention_key, settle
from newsie.stages.forces.groups import GroupGrammar
from newsie.stages.forces.words import canonical_id, readings_with_kept, stems
from newsie.text.lexicon import Lexicon, longest_first
from newsie.text.normalize import norm_span
from newsie.text.offsets import norm_offsets
from newsie.text.spans import Range, Spans

if TYPE_CHECKING:
    from newsie.schema import Document
    from newsie.text.segment import Token


STAGE = "forces"


@stage(
    "forces",
    # doc.country: whose army an unqualified الجيش is; places: operations commands' names
    requires=("doc.norm", "doc.tokens", "doc.country", "COUNTRY", "PROVINCE", "LOCATION"),
    provides=("UNIT", "BRIGADE", "ARMED_GROUP"),
)
class ForcesStage(GroupGrammar):
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
        chosen = settle(candidates)
        if self._user_others is not None:
            names = Spans(Range(h.start, h.end) for h in self._user_others.find(text))
            chosen = [c for c in chosen if not cuts_into(c, names)]
        if is_sports_article(words):
            clubs = context_words("club_name")
            chosen = [c for c in chosen if mention_key(text, c) not in clubs]
        chosen += self._anaphora(tokens, words, chosen)
        for cand in chosen:
            for member in [cand, *cand.members]:
                start, end = norm_offsets(member.start, member.end)
                doc.add_entity(member.type, start, end, STAGE, **member.fields)
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
                s in context_words("institution") for s in stems(words[first - 1])
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
                "canonical": canonical_id(actor.canonical, country)
                + (".command" if command else ""),
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
        # Sorted, a template that starts with an anchor is the first one not below it.
        templates = sorted(strong_templates)
        for cand, actor, followed_by_adjective in weak:
            anchored = any(
                (anchor == "ANY" and bool(strong_templates)) or starts_any(templates, anchor)
                for anchor in actor.anchor
            )
            if anchored or followed_by_adjective:
                strong.append(cand)
        return strong

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
        taken = Spans(Range(*c.claim) for c in chosen)
        brigade_starts = [b.start for b in brigades]
        found: list[Candidate] = []
        for i, word in enumerate(words):
            if "لوا" not in word:
                continue
            start = tokens[i].start
            if taken.containing(start, start + 1):
                continue
            stems = [stem for _, stem in readings_with_kept(word)]
            before = last_ended(brigades, brigade_starts, start, 2)
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
            clitic = min(k for k, s in readings_with_kept(word) if s.startswith("ال"))
            for ref in referents:
                fields = dict(ref.fields)
                fields["label"] = "anaphor"
                fields["confidence"] = 0.7
                found.append(Candidate("BRIGADE", start + clitic, end, fields))
        return found


def starts_any(words: list[str], prefix: str) -> bool:
    """Whether a word of the sorted list starts with `prefix`: then the first one not
    below it does."""
    k = bisect.bisect_left(words, prefix)
    return k < len(words) and words[k].startswith(prefix)


def last_ended(brigades: list[Candidate], starts: list[int], pos: int, n: int) -> list[Candidate]:
    """The last n brigades (in order of start) that end by `pos`: walking back from
    the last one that starts before it, not filtering them all."""
    out: list[Candidate] = []
    k = bisect.bisect_right(starts, pos)
    while k > 0 and len(out) < n:
        k -= 1
        if brigades[k].end <= pos:
            out.append(brigades[k])
    return out[::-1]
