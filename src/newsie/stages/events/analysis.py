"""The per-document view the event modules share: normalised text, sentences,
tokens and entities indexed by position, and the mention record."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

from newsie.lang.ar.clitics import strip_clitics
from newsie.schema import (
    Document,
    Entity,
    EventActor,
    EventDate,
    EventLocation,
)
from newsie.stages.events.lexicon import CLAUSE_BREAKS, exclusion_lexicon, function_words, norm_key
from newsie.stages.events.precision import SpanIndex, span_index
from newsie.text.segment import Sentence, Token, paragraphs
from newsie.text.spans import Spans

# --- per-document analysis ------------------------------------------------------------


@dataclass
class Placed:
    """An entity with its span in the normalised text."""

    entity: Entity
    start: int
    end: int


@dataclass
class Mention:
    type: str
    strength: str
    other_types: frozenset[str]
    start: int
    end: int
    sentence: int
    paragraph: int
    actors: list[EventActor] = field(default_factory=list)
    locations: list[EventLocation] = field(default_factory=list)
    date: EventDate | None = None
    killed: int | None = None
    wounded: int | None = None
    # Casualty figures were found in its own sentence (not only in later ones).
    toll_here: bool = False
    # Casualty figures of its own sentence, beside an unambiguous cue, were given to it.
    own_toll: bool = False
    # The date was lowered to its month: the day is unknown (مؤخرا، reported later).
    vague_date: bool = False
    # A definite or demonstrative mention (الهجوم، هذا الهجوم) that may refer back.
    definite: bool = False
    # After a demonstrative (هذا الهجوم، تلك الاشتباكات): it must refer back.
    demonstrative: bool = False
    # A context cue gave it another type than its trigger's (بدأت القوات هجوما: a campaign).
    retyped: bool = False


class Analysis:
    """The document's text layers and entities, indexed for argument lookup."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.norm.text
        self.sentences: list[Sentence] = doc.sentences
        self.tokens: list[Token] = doc.tokens
        self.sentence_starts = [s.start for s in self.sentences]
        self.token_starts = [t.start for t in self.tokens]
        paras = paragraphs(self.text)
        para_starts = [p[0] for p in paras]
        self.sentence_paragraph = [
            max(0, bisect.bisect_right(para_starts, s.start) - 1) for s in self.sentences
        ]
        placed: list[Placed] = []
        for entity in doc.entities:
            ns, ne = doc.norm.from_original(entity.start, entity.end)
            if ne > ns:
                placed.append(Placed(entity, ns, ne))
        # Sorted by (start, end) and indexed: rules ask for the entities near a trigger.
        self.entities = Spans(placed)
        # One pass of the exclusion lexicon serves every rule that reads its cues.
        self.exclusion_cues = Spans(exclusion_lexicon().find(self.text))
        self.report_cues = Spans(c for c in self.exclusion_cues if c.values[0].kind == "report")
        self.recent_cues = Spans(c for c in self.exclusion_cues if c.values[0].kind == "recent")
        self._by_original_start: dict[int, Placed] | None = None
        self._of_type: dict[str, Spans[Placed]] = {}
        self._original_spans: SpanIndex | None = None
        # The dates stage's yearless dates read in the narrative's year (events.dates).
        self.narrative_years: dict[int, str] | None = None
        self.lead_sentences = self._lead()
        # Per-sentence memos of clause_starts_of and territories_in.
        self.clause_starts: dict[int, list[int]] = {}
        self.territories: dict[int, list[tuple[int, EventLocation]]] = {}
        self.recent_lead = any(self.recent_sentence(i) for i in self.lead_sentences)
        self.article_countries: set[str] = {
            p.entity.code for p in self.entities if p.entity.type == "COUNTRY" and p.entity.code
        }
        if self.article_countries and doc.country:
            self.article_countries.add(doc.country)

    def _lead(self) -> set[int]:
        """The article's first sentence, and the next paragraph's first one when the
        first paragraph is a headline (a line without final punctuation, which
        may hold two short sentences: اشتباكات في المدينة.. ونزوح للسكان)."""
        if not self.sentences:
            return set()
        lead = {0}
        in_first = [i for i, p in enumerate(self.sentence_paragraph) if p == 0]
        last = self.sentences[in_first[-1]] if in_first else self.sentences[0]
        headline = self.text[self.sentences[0].start : last.end].rstrip()
        short = len(in_first) <= 3 and len(headline.split()) <= 25
        if short and (headline.endswith("..") or not headline.endswith((".", "!", "؟"))):
            nxt = next((i for i, p in enumerate(self.sentence_paragraph) if p == 1), None)
            if nxt is not None:
                lead.add(nxt)
        return lead

    def first_at_original_start(self) -> dict[int, Placed]:
        """The first entity at each start in the original text, indexed once."""
        if self._by_original_start is None:
            self._by_original_start = {}
            for p in self.entities:
                self._by_original_start.setdefault(p.entity.start, p)
        return self._by_original_start

    def original_spans(self) -> SpanIndex:
        """The document's entities by their original (start, end), indexed once."""
        if self._original_spans is None:
            self._original_spans = span_index(self.doc)
        return self._original_spans

    def of_type(self, type_: str) -> Spans[Placed]:
        """The entities of one type, indexed once per document."""
        if type_ not in self._of_type:
            self._of_type[type_] = Spans(p for p in self.entities if p.entity.type == type_)
        return self._of_type[type_]

    def recent_sentence(self, i: int) -> bool:
        s = self.sentences[i]
        return bool(self.recent_cues.starting_in(s.start, s.end))

    def is_lead(self, m: Mention) -> bool:
        return m.sentence in self.lead_sentences

    def sentence_of(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return i
        return None

    def token_at(self, pos: int) -> int:
        """Index of the first token starting at or after `pos`."""
        return bisect.bisect_left(self.token_starts, pos)

    def in_sentence(self, i: int, *types: str) -> list[Placed]:
        s = self.sentences[i]
        return [p for p in self.entities.starting_in(s.start, s.end) if p.entity.type in types]

    def words_before(self, pos: int, sentence: int, n: int) -> list[Token]:
        """Up to n tokens before `pos` in the sentence, stopping at a clause break."""
        first = self.sentences[sentence].first_token
        out: list[Token] = []
        j = self.token_at(pos) - 1
        while j >= first and len(out) < n:
            tok = self.tokens[j]
            if tok.text in QUOTE_MARKS:
                j -= 1
                continue  # حكمت عليه بـ"السجن: a quote wraps words of the clause
            if tok.text in CLAUSE_BREAKS:
                break
            out.append(tok)
            j -= 1
        return out


QUOTE_MARKS = frozenset('"')


@lru_cache(maxsize=1 << 16)
def bare_forms(word: str) -> tuple[str, ...]:
    """A token and its readings without proclitics (و ف ب ل ك, fused لل); the future
    prefix س is a verb's, not a clitic a trigger or function word hides behind."""
    return tuple(dict.fromkeys(stem for prefix, stem in strip_clitics(word) if "س" not in prefix))


def of_role(word: str, role: str) -> bool:
    """The word, or a reading of it without proclitics, is a function word of `role`
    (function_words.tsv)."""
    return not function_words(role).isdisjoint(bare_forms(word))


def first_of(toks: list[Token], role: str, start: int, end: int) -> int | None:
    """The index of the first token starting in [start, end) that is a word of `role`."""
    return next(
        (i for i, t in enumerate(toks) if start <= t.start < end and of_role(t.text, role)), None
    )


def last_of(toks: list[Token], role: str, end: int) -> int | None:
    """The index of the last token ending at or before `end` that is a word of `role`."""
    for i in range(len(toks) - 1, -1, -1):
        if toks[i].end <= end and of_role(toks[i].text, role):
            return i
    return None


def clause_starts_of(ana: Analysis, sentence: int) -> list[int]:
    """Where the clauses of a sentence that a coordinator opens (كما، فيما، بينما)
    begin, for telling apart the events of one sentence."""
    if sentence in ana.clause_starts:
        return ana.clause_starts[sentence]
    s = ana.sentences[sentence]
    coordinators = function_words("clause")
    ana.clause_starts[sentence] = [
        t.start
        for t in ana.tokens[s.first_token : s.last_token]
        if norm_key(t.text) in coordinators
    ]
    return ana.clause_starts[sentence]
