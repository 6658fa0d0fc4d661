"""Statistical NER: names the lexicons have never seen.

Backends (PipelineConfig.ner / CLI --ner):
- `newsie` (default): the Stanza model shipped in models/ (trained by scripts/train_ner.py);
- `none`: rules only, this stage does nothing;
- `stanza-official`: Stanza's own Arabic model, installed by `newsie models install
  stanza-official`;
- `camel`: CAMeL Tools' BERT NER, installed by `camel_data -i ner-arabert`.

Every backend tags the pipeline's own normalised tokens (one call per document, all
sentences batched), so offsets map back through doc.add_entity. A backend that is not
installed fails when the stage is built, with one line saying how to install it.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsie.knowledge.nationalities import nationality_adjectives
from newsie.lang.ar.clitics import DEFINITE_ARTICLE, NAME_PROCLITICS, strip_clitics
from newsie.registry import stage
from newsie.resources import read_tsv
from newsie.text.normalize import normalize_key
from newsie.text.offsets import norm_offsets

if TYPE_CHECKING:
    from newsie.schema import Document
    from newsie.stages.ner.model import NerModel

BACKENDS = ("newsie", "none", "stanza-official", "camel")
MODEL_FILE = "ar_newsie_nertagger.pt"
PRETRAIN_FILE = "ar_newsie.pretrain.pt"

# Model labels -> newsie entity types. GPE and LOC both become LOCATION: the places
# stage (and resolve) decide whether a name is a country, a province or a place.
LABEL_TO_TYPE = {
    "PER": "PERSON",
    "PERS": "PERSON",
    "ORG": "ORG",
    "LOC": "LOCATION",
    "GPE": "LOCATION",
}
# Proclitics that tokens keep attached in news text (وبغداد, ومحمد, بالعراق), longest first.
_PROCLITICS = sorted(NAME_PROCLITICS, key=len, reverse=True)
# Longer sentences are tagged in pieces: the BiLSTM gains nothing from more context
# and very long inputs (tables, lists without full stops) cost memory.
MAX_SENTENCE_TOKENS = 150

Tagger = Callable[[list[list[str]]], list[list[str]]]


class NerBackendError(RuntimeError):
    """A selected NER backend is not installed; the message says how to install it."""


def models_dir() -> Path:
    """Where the shipped model lives: $NEWSIE_MODELS when set; else `newsie/models/` inside the
    installed package (a wheel carries the repository's top-level models/ there, see setup.py);
    else the repository's models/ (a source checkout, or an editable install of one)."""
    env = os.environ.get("NEWSIE_MODELS")
    if env:
        return Path(env)
    package = Path(str(importlib.resources.files("newsie")))
    installed, checkout = package / "models", package.parents[1] / "models"
    for folder in (installed, checkout):
        if (folder / MODEL_FILE).exists():
            return folder
    return checkout if checkout.is_dir() else installed


def stanza_official_dir() -> Path:
    """Where `newsie models install stanza-official` puts Stanza's Arabic models."""
    env = os.environ.get("NEWSIE_STANZA_DIR")
    return Path(env) if env else Path.home() / ".cache" / "newsie" / "stanza"


def camel_data_dir() -> Path:
    """CAMeL Tools' data folder, found the way camel_tools does, without importing it
    (importing camel_tools.data tries a download)."""
    env = os.environ.get("CAMELTOOLS_DATA")
    return Path(env).expanduser() if env else Path.home() / ".camel_tools"


def check_backend(name: str) -> None:
    """Raise NerBackendError (one line, with the install command) if `name` cannot run."""
    if name not in BACKENDS:
        raise NerBackendError(f"unknown NER backend '{name}'; choose one of {', '.join(BACKENDS)}")
    if name == "newsie":
        from newsie.stages.ner.onnx_export import graph_paths

        folder = models_dir()
        needed = [folder / MODEL_FILE, folder / PRETRAIN_FILE]
        needed += graph_paths(folder / MODEL_FILE).values()
        missing = [path.name for path in needed if not path.exists()]
        if missing:
            raise NerBackendError(
                f"newsie NER model files not found in {folder} ({', '.join(missing)}): run "
                "scripts/train_ner.py (or set NEWSIE_MODELS), or use --ner none"
            )
    elif name == "stanza-official":
        if not list((stanza_official_dir() / "ar" / "ner").glob("*.pt")):
            raise NerBackendError(
                "Stanza's official Arabic NER model is not installed: run "
                "`newsie models install stanza-official` (needs network)"
            )
    elif name == "camel" and not (camel_data_dir() / "data" / "ner" / "arabert").is_dir():
        raise NerBackendError(
            "CAMeL Tools NER data is not installed: run `camel_data -i ner-arabert` (needs network)"
        )


def _stanza_tagger(**kwargs: Any) -> Tagger:
    import logging

    import stanza

    nlp = stanza.Pipeline(
        "ar",
        processors="tokenize,ner",
        tokenize_pretokenized=True,
        download_method=None,
        use_gpu=False,
        logging_level="WARN",
        **kwargs,
    )
    logging.getLogger("stanza").setLevel(logging.WARNING)

    def tag(sentences: list[list[str]]) -> list[list[str]]:
        result = nlp(sentences)
        return [[token.ner for token in sent.tokens] for sent in result.sentences]

    return tag


def stanza_model_tagger(model_path: Path, pretrain_path: Path, batch_size: int = 64) -> Tagger:
    """Stanza's NER model run through Stanza's own trainer and data loader: the reference
    that model.NerModel (what the stage runs) must equal, and what training evaluates
    with. (No stanza.Pipeline: it insists on a resources.json from Stanza's servers.)"""
    import torch
    from stanza.models.common.doc import Document as StanzaDocument
    from stanza.models.common.pretrain import Pretrain
    from stanza.models.ner.data import DataLoader
    from stanza.models.ner.trainer import Trainer

    pretrain = Pretrain(str(pretrain_path), None, save_to_file=False)
    trainer = Trainer(model_file=str(model_path), pretrain=pretrain, device="cpu")
    config = {**trainer.args, "batch_size": batch_size}

    def tag(sentences: list[list[str]]) -> list[list[str]]:
        document = StanzaDocument([[{"text": w} for w in words] for words in sentences])
        loader = DataLoader(
            document, batch_size, config, vocab=trainer.vocab, evaluation=True,
            preprocess_tags=False,
        )  # fmt: skip
        predictions: list[list[str]] = []
        with torch.no_grad():
            for batch in loader:
                predictions += trainer.predict(batch)
        return predictions

    return tag


def _camel_tagger() -> Tagger:
    from camel_tools.ner import NERecognizer  # lazy: camel_tools.data downloads at import

    recognizer = NERecognizer.pretrained("arabert", use_gpu=False)

    def tag(sentences: list[list[str]]) -> list[list[str]]:
        return [list(labels) for labels in recognizer.predict(sentences, batch_size=32)]

    return tag


@functools.cache
def load_tagger(name: str) -> Tagger:
    """The backend's tagger, loaded once per process."""
    check_backend(name)
    if name == "newsie":
        return newsie_model()
    if name == "stanza-official":
        return _stanza_tagger(dir=str(stanza_official_dir()), ner_batch_size=64)
    if name == "camel":
        return _camel_tagger()
    raise NerBackendError(f"NER backend '{name}' has no tagger")


@functools.cache
def newsie_model() -> NerModel:
    """The shipped model, loaded once per process (one thread, see model.ner_threads)."""
    from newsie.stages.ner.model import NerModel

    folder = models_dir()
    return NerModel(folder / MODEL_FILE, folder / PRETRAIN_FILE)


@functools.lru_cache(maxsize=1)
def _word_ranks() -> dict[str, int]:
    """Frequency rank of each word of the shipped vectors (0 = most frequent): the
    vocabulary's ids, which the pretrain file lists most frequent first."""
    if not (models_dir() / PRETRAIN_FILE).exists():
        return {}
    return newsie_model().word_ids


def clitic_length(word: str, ranks: dict[str, int]) -> int:
    """Length of a proclitic to drop from the first word of a name: only when the word
    without it is far more frequent than with it (ومحمد -> محمد, والعراق -> العراق),
    which keeps names that merely start with those letters (وليد, واشنطن, بغداد), or
    when a rare word is a proclitic + the article (بالأعبوس; not the fused لل)."""
    full_rank = ranks.get(word, len(ranks) + 1)
    for prefix in _PROCLITICS:
        rest = word[len(prefix) :]
        if not word.startswith(prefix) or len(rest) < 2:
            continue
        if ranks.get(rest, full_rank) * 3 < full_rank:
            return len(prefix)
        if word not in ranks and rest.startswith(DEFINITE_ARTICLE) and len(rest) >= 5:
            return len(prefix)
    return 0


@functools.lru_cache(maxsize=1)
def edge_words() -> frozenset[str]:
    """Normalised words that never begin or end a name (resources/ner/edge_words.tsv)."""
    return frozenset(normalize_key(row["word"]) for row in read_tsv("ner/edge_words.tsv"))


def decode_spans(tags: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """(first, last+1, label) spans of a BIO or BIOES tag sequence; stray I-/E- start one."""
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        if label and prefix in ("I", "E") and kind == label:
            if prefix == "E":
                yield start, i + 1, label
                label = ""
            continue
        if label:
            yield start, i, label
            label = ""
        if prefix == "S":
            yield i, i + 1, kind
        elif prefix in ("B", "I", "E") and kind:
            start, label = i, kind
            if prefix == "E":
                yield start, i + 1, label
                label = ""


@stage(
    "ner",
    requires=("doc.norm", "doc.sentences", "doc.tokens"),
    provides=("PERSON", "ORG", "LOCATION"),
)
class NerStage:
    """Stage: statistical names (PERSON, ORG, LOCATION) with stage="ner"."""

    name = "ner"

    def __init__(self, config: Any = None) -> None:
        self.backend: str = getattr(config, "ner", "newsie") or "newsie"
        check_backend(self.backend)

    def __call__(self, doc: Document) -> Document:
        if self.backend == "none" or not doc.tokens:
            return doc
        pieces: list[tuple[int, int]] = []  # token ranges tagged as one sequence
        for sent in doc.sentences:
            for first in range(sent.first_token, sent.last_token, MAX_SENTENCE_TOKENS):
                pieces.append((first, min(first + MAX_SENTENCE_TOKENS, sent.last_token)))
        pieces = [(a, b) for a, b in pieces if b > a]
        if not pieces:
            return doc
        if self.backend == "newsie":  # trained on normalised text, like the pipeline's
            words = [[t.text for t in doc.tokens[a:b]] for a, b in pieces]
        else:  # third-party models learnt the original spelling (hamzas, ة, ى)
            original = doc.norm.original_text
            words = [
                [original(*norm_offsets(t.start, t.end)) for t in doc.tokens[a:b]]
                for a, b in pieces
            ]
        tags = load_tagger(self.backend)(words)
        ranks = _word_ranks()
        nationalities = nationality_adjectives()
        edges = edge_words()
        for (first, _), sentence_tags in zip(pieces, tags, strict=True):
            for s, e, label in decode_spans(sentence_tags):
                entity_type = LABEL_TO_TYPE.get(label)
                if entity_type is None:  # MISC and other labels newsie has no type for
                    continue
                start_token, end_token = doc.tokens[first + s], doc.tokens[first + e - 1]
                if start_token.text in edges or end_token.text in edges:
                    continue  # إن المواطن المتحيل: the tagger strayed over a particle
                if entity_type == "PERSON" and e - s > 1 and clitic_length(end_token.text, ranks):
                    # هادي بضغط: a name does not end on a word with a preposition or و.
                    e -= 1
                    end_token = doc.tokens[first + e - 1]
                start = start_token.start + clitic_length(start_token.text, ranks)
                if e - s == 1 and any(
                    stem in nationalities for _, stem in strip_clitics(start_token.text)
                ):
                    continue  # a people (الروس، للأفغان) is not a name
                doc.add_entity(
                    entity_type, *norm_offsets(start, end_token.end), stage=self.name, label=label
                )
        return doc


def install_stanza_official(target: Path | None = None) -> Path:
    """Download Stanza's Arabic tokenize+NER models; NerBackendError without network."""
    import stanza

    folder = target or stanza_official_dir()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        stanza.download("ar", model_dir=str(folder), processors="tokenize,ner", verbose=False)
    except Exception as exc:  # stanza raises requests/OS errors of many kinds offline
        raise NerBackendError(
            f"could not download Stanza's Arabic models into {folder} "
            f"({type(exc).__name__}); this needs network access to huggingface.co"
        ) from exc
    return folder
