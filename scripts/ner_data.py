"""Build newsie's NER training, dev and test files from the CC BY-SA corpora.

Why a separate module: `train_ner.py` and the evaluation both need exactly the same
conversion (normalisation, re-tokenisation, type mapping), so it lives in one place.

Sources (read from ../shared/data/ner, never copied into the repo):
- AQMAR (Wikipedia, CC BY-SA 3.0), Liu et al. 2019 train/dev/test re-split;
- WikiFANE Gold and NewsFANE Gold 2014 (CC BY-SA 3.0), fine-grained classes.
ANERcorp (CAMeL split) is read only as a benchmark and to remove its test sentences
from NewsFANE (same news text, re-annotated). Wojood and ANERcorp are never trained on.

Output: stanza NER JSON (a list of sentences, each a list of {"text", "ner"}).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsie.text.normalize import normalize_key
from newsie.text.segment import tokenize

Sentence = list[tuple[str, str]]  # (token, tag) pairs, IOB2

# FANE fine classes -> newsie's coarse model labels. Everything not listed is O:
# Group (nationalities, e.g. الصينيون), Celestial, vehicles (Air, Land, Water),
# weapons, products (Book, Movie, Software ...).
FANE_TO_COARSE: dict[str, str] = {
    # persons. FANE's "Police" are named security officials and ministers (الياس المر).
    **{
        c: "PER"
        for c in [
            "Politician",
            "Artist",
            "Other_PER",
            "Religious_PER",
            "Athlete",
            "Scientist",
            "Businessperson",
            "Police",
            "Engineer",
            "Lawyer",
        ]
    },
    # organisations
    **{
        c: "ORG"
        for c in [
            "Government",
            "Non-Governmental",
            "Commercial",
            "Educational",
            "Media",
            "Religious_ORG",
            "Sports",
            "Entertainment",
            "Medical-Science",
        ]
    },
    # geo-political entities: places with a government
    **{
        c: "GPE"
        for c in [
            "Nation",
            "State-or-Province",
            "County-or-District",
            "Population-Center",
            "GPE-Cluster",
        ]
    },
    # other locations, facilities included (ANERcorp and AQMAR tag those LOC as well)
    **{
        c: "LOC"
        for c in [
            "Continent",
            "Water-Body",
            "Land-Region-Natural",
            "Building-Grounds",
            "Airport",
            "Path",
            "Subarea-Facility",
        ]
    },
}
AQMAR_TO_COARSE = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}  # MIS* -> O
# The test files keep AQMAR's MIS and ANERcorp's MISC as MISC so that scoring can tell
# their spans apart; the model has no MISC (see train_ner.score).
ANERCORP_TO_COARSE = {"PERS": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
# For scoring against AQMAR/ANERcorp, which have no GPE: GPE counts as LOC.
EVAL_COLLAPSE = {"GPE": "LOC"}

_TAG = re.compile(r"^([BI])-+(.+)$")


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of a 'token<sep>tag' file (tab or space separated)."""
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip().replace("\u200e", "").replace("\u200f", "")
        if not line:
            if current:
                sentences.append(current)
            current = []
            continue
        parts = line.split("\t") if "\t" in line else line.split(" ")
        if len(parts) < 2:
            continue
        current.append((parts[0], parts[-1].strip()))
    if current:
        sentences.append(current)
    return sentences


def map_tag(tag: str, mapping: dict[str, str]) -> str:
    """IOB tag mapped to a coarse type; unknown, noisy or unmapped classes give O."""
    m = _TAG.match(tag.strip())
    if not m:
        return "O"
    coarse = mapping.get(m.group(2))
    return f"{m.group(1)}-{coarse}" if coarse else "O"


def repair_iob(tags: list[str]) -> list[str]:
    """An I- tag that does not continue an entity of its type starts one."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def retokenize(sentence: Sentence) -> Sentence:
    """Normalise each token as the pipeline does and split it like the pipeline's
    tokenizer; an entity tag continues (I-) over the pieces of one source token."""
    out: Sentence = []
    for token, tag in sentence:
        pieces = [t.text for t in tokenize(normalize_key(token))]
        for i, piece in enumerate(pieces):
            out.append((piece, tag if i == 0 or tag == "O" else "I-" + tag[2:]))
    return out


def merge_detached_wa(sentence: Sentence) -> Sentence:
    """FANE writes the conjunction و as its own token; news text (and the pipeline's
    tokenizer) keeps it on the next word. Re-attach it so training matches inference."""
    out: Sentence = []
    i = 0
    while i < len(sentence):
        token, tag = sentence[i]
        if token == "و" and i + 1 < len(sentence) and sentence[i + 1][0][:1].isalpha():
            nxt, nxt_tag = sentence[i + 1]
            out.append(("و" + nxt, nxt_tag if tag == "O" else tag))
            i += 2
            continue
        out.append((token, tag))
        i += 1
    return out


# Proclitics that FANE sometimes writes as tokens of their own (ب العراق, ل هونج كونج,
# ف قد, وف شلها). ك is also a pronoun suffix (لدي ك): it is read as a proclitic only
# before the article or the particles it usually introduces (ك الآتي, ك ما).
_DETACHED_PROCLITICS = frozenset(["ب", "ل", "ف", "وب", "ول", "وف", "فب", "فل", "وك", "فك"])
_KAF_HOSTS = ("ال", "ما", "ان", "ذلك")


def merge_detached_proclitics(sentence: Sentence) -> Sentence:
    """Put FANE's detached proclitics back on the next word (ل + ال is written لل), as
    news text and ANERcorp have them; the word's entity tag becomes the token's tag."""
    out: Sentence = []
    i = 0
    while i < len(sentence):
        token, tag = sentence[i]
        nxt = sentence[i + 1][0] if i + 1 < len(sentence) else ""
        is_proclitic = token in _DETACHED_PROCLITICS or (
            token == "ك" and nxt.startswith(_KAF_HOSTS)
        )
        if is_proclitic and nxt[:1].isalpha():
            host = nxt[1:] if token[-1] == "ل" and nxt.startswith("ال") else nxt
            out.append((token + host, tag if tag != "O" else sentence[i + 1][1]))
            i += 2
            continue
        out.append((token, tag))
        i += 1
    tags = repair_iob([t for _, t in out])
    return [(tok, t) for (tok, _), t in zip(out, tags, strict=True)]


# Pronoun suffixes that FANE writes as tokens of their own (لدي ك, يلعب ه).
_DETACHED_SUFFIXES = frozenset(["ه", "ها", "هم", "هما", "هن", "ك", "كم", "كن", "ي", "نا"])


def merge_detached_suffixes(sentence: Sentence) -> Sentence:
    """Put FANE's detached pronoun suffixes back on their word, as news text has them."""
    out: Sentence = []
    for token, tag in sentence:
        if token in _DETACHED_SUFFIXES and tag == "O" and out and out[-1][0][-1:].isalpha():
            out[-1] = (out[-1][0] + token, out[-1][1])
        else:
            out.append((token, tag))
    return out


def convert(sentences: Iterable[Sentence], mapping: dict[str, str]) -> list[Sentence]:
    """Mapped, normalised, re-tokenised sentences with valid IOB2."""
    result = []
    for sent in sentences:
        mapped = [(tok, map_tag(tag, mapping)) for tok, tag in sent]
        retok = retokenize(mapped)
        if not retok:
            continue
        tags = repair_iob([t for _, t in retok])
        result.append([(tok, tag) for (tok, _), tag in zip(retok, tags, strict=True)])
    return result


def spans(tags: list[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, type) entity spans of an IOB2 tag list."""
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("I-") and kind == tag[2:]:
            continue
        if kind:
            yield start, i, kind
            kind = ""
        if tag.startswith("B-") or tag.startswith("I-"):
            start, kind = i, tag[2:]


_PUNCT = frozenset("،,.;؛:!?؟")


def chunk(sentence: Sentence, soft: int = 40, hard: int = 60) -> list[Sentence]:
    """Training sentences cut to at most `hard` tokens, after punctuation once past
    `soft`, never inside an entity: the CRF's cost grows with the longest sentence of
    a batch, and FANE has run-on sentences of hundreds of tokens."""
    pieces: list[Sentence] = []
    current: Sentence = []
    for i, (tok, tag) in enumerate(sentence):
        current.append((tok, tag))
        next_tag = sentence[i + 1][1] if i + 1 < len(sentence) else "O"
        if next_tag.startswith("I-"):
            continue
        if (len(current) >= soft and tok in _PUNCT) or len(current) >= hard:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return pieces


# ---------------------------------------------------------------- leakage filter

_SHINGLE = 24


def _skeleton(sentence: Sentence) -> str:
    """Sentence text with spaces and punctuation removed: tokenisation-independent."""
    return re.sub(r"[\W_]+", "", "".join(tok for tok, _ in sentence))


def shingles(sentences: Iterable[Sentence]) -> set[str]:
    found: set[str] = set()
    for sent in sentences:
        text = _skeleton(sent)
        found.update(text[i : i + _SHINGLE] for i in range(0, max(1, len(text) - _SHINGLE + 1)))
    return found


def overlaps(sentence: Sentence, test_shingles: set[str], threshold: float = 0.5) -> bool:
    """True when at least `threshold` of the sentence's character shingles occur in
    the test text: the same sentence, whatever the tokenisation or sentence split."""
    text = _skeleton(sentence)
    if len(text) < _SHINGLE:
        return text in test_shingles
    grams = [text[i : i + _SHINGLE] for i in range(len(text) - _SHINGLE + 1)]
    hits = sum(g in test_shingles for g in grams)
    return hits / len(grams) >= threshold


# ---------------------------------------------------------------- GPE for AQMAR


def gpe_lexicon(sentences: Iterable[Sentence]) -> set[str]:
    """Names that FANE tags mostly as GPE, so that AQMAR's plain LOC can be split."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for sent in sentences:
        tags = [t for _, t in sent]
        for s, e, kind in spans(tags):
            if kind in ("GPE", "LOC"):
                counts[" ".join(tok for tok, _ in sent[s:e])][kind] += 1
    return {name for name, c in counts.items() if c["GPE"] > c["LOC"]}


def split_aqmar_loc(sentence: Sentence, gpe_names: set[str]) -> Sentence:
    """AQMAR LOC spans whose name (optionally after a proclitic) is a FANE GPE -> GPE."""
    tags = [t for _, t in sentence]
    for s, e, kind in spans(tags):
        if kind != "LOC":
            continue
        name = " ".join(tok for tok, _ in sentence[s:e])
        candidates = {name}
        for prefix in ("و", "ب", "ل", "ف", "وب", "ول", "ك"):
            if name.startswith(prefix) and len(name) > len(prefix) + 2:
                candidates.add(name[len(prefix) :])
        if candidates & gpe_names:
            for i in range(s, e):
                tags[i] = ("B-" if i == s else "I-") + "GPE"
    return [(tok, tag) for (tok, _), tag in zip(sentence, tags, strict=True)]


# ---------------------------------------------------------------- build


def build(ner_dir: Path, out_dir: Path, dev_every: int = 20) -> dict[str, int]:
    """Write train/dev/test JSON files to out_dir; return sentence counts."""
    aqmar = ner_dir / "aqmar" / "liu2019_splits"
    fane = ner_dir / "fane_gold_2014"
    aner = ner_dir / "anercorp_camellab"

    aqmar_test = convert(read_conll(aqmar / "test.txt"), {"MIS": "MISC", **AQMAR_TO_COARSE})
    aner_test = convert(
        read_conll(aner / "ANERCorp_CamelLab_test.normalized.conll"), ANERCORP_TO_COARSE
    )
    test_grams = shingles(aqmar_test) | shingles(aner_test)

    news = convert(read_conll(fane / "NewsFANE_Gold_2014_170K.normalized.conll"), FANE_TO_COARSE)
    wiki = convert(read_conll(fane / "WikiFANE_Gold_2014_500K.normalized.conll"), FANE_TO_COARSE)
    removed = Counter[str]()
    fane_kept: list[Sentence] = []
    for name, corpus in (("newsfane", news), ("wikifane", wiki)):
        for sent in corpus:
            if overlaps(sent, test_grams):
                removed[name] += 1
            else:
                fane_kept.append(
                    merge_detached_suffixes(merge_detached_wa(merge_detached_proclitics(sent)))
                )

    gpe_names = gpe_lexicon(fane_kept)
    aqmar_train = [
        split_aqmar_loc(s, gpe_names)
        for s in convert(read_conll(aqmar / "train.txt"), AQMAR_TO_COARSE)
        if not overlaps(s, test_grams)
    ]
    aqmar_dev = [
        split_aqmar_loc(s, gpe_names)
        for s in convert(read_conll(aqmar / "dev.txt"), AQMAR_TO_COARSE)
    ]

    fane_dev = fane_kept[::dev_every]
    fane_train = [s for i, s in enumerate(fane_kept) if i % dev_every]
    files = {
        "train": [c for s in aqmar_train + fane_train for c in chunk(s)],
        "dev": [c for s in aqmar_dev + fane_dev for c in chunk(s)],
        "test_aqmar": aqmar_test,
        "test_anercorp": aner_test,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, sents in files.items():
        data = [[{"text": tok, "ner": tag} for tok, tag in s] for s in sents]
        (out_dir / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    counts = {name: len(s) for name, s in files.items()}
    counts.update({f"removed_{k}": v for k, v in removed.items()})
    counts["aqmar_train_sentences"] = len(aqmar_train)
    counts["fane_train_sentences"] = len(fane_train)
    return counts


def read_json(path: Path) -> list[Sentence]:
    data = json.loads(path.read_text("utf-8"))
    return [[(w["text"], w["ner"]) for w in sent] for sent in data]
