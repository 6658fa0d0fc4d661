"""Sentences and tokens, with offsets into the normalised text.

Tokens are words (letters and digits), or single punctuation marks. Word boundaries
allow a proclitic (`newsie.lang.ar.clitics`) before a match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsie.lang.ar.clitics import CLITIC_PREFIXES
from newsie.registry import stage

if TYPE_CHECKING:
    from newsie.schema import Document

_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
# Sentence ends: . ! ? ؟ and line breaks; a full stop between digits is a decimal point.
_SENTENCE_END = re.compile(r"(?<!\d)[.!?؟]+|[.!?؟]+(?!\d)|\n+")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    # Tokens of the sentence are doc.tokens[first_token:last_token].
    first_token: int
    last_token: int


def tokenize(text: str, offset: int = 0) -> list[Token]:
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text`, trimmed of surrounding white space."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end() if m.group()[0] != "\n" else m.start()
        spans.append((pos, end))
        pos = m.end()
    spans.append((pos, len(text)))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def segment(text: str) -> tuple[list[Sentence], list[Token]]:
    """Sentences and tokens of a normalised text."""
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    for s, e in split_sentences(text):
        first = len(tokens)
        tokens.extend(tokenize(text[s:e], s))
        sentences.append(Sentence(s, e, first, len(tokens)))
    return sentences, tokens


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: text between line breaks."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def has_clitic_boundary(text: str, start: int) -> int | None:
    """If a match at `start` is preceded by a word boundary, possibly after a
    clitic prefix, return where the whole word starts; otherwise None."""
    if start == 0 or not _is_word_char(text[start - 1]):
        return start
    for length in (1, 2):
        s = start - length
        if s < 0:
            break
        if text[s:start] in CLITIC_PREFIXES and (s == 0 or not _is_word_char(text[s - 1])):
            return s
    return None


def has_right_boundary(text: str, end: int) -> bool:
    return end >= len(text) or not _is_word_char(text[end])


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@stage("segment", requires=("doc.norm",), provides=("doc.sentences", "doc.tokens"))
class SegmentStage:
    """Stage: split the normalised text into sentences and tokens."""

    name = "segment"

    def __init__(self, config: object = None) -> None:
        del config

    def __call__(self, doc: Document) -> Document:
        sentences, tokens = segment(doc.norm.text)
        doc.set_segments(sentences, tokens)
        return doc
