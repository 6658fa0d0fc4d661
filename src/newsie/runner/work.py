"""Turning one article into output lines, and the spec a worker builds its pipeline from.

Shared by the in-process executor and the worker processes, so both produce the
same bytes for the same article whatever the number of workers.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import sys
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsie.knowledge.user_lexicon import load_lexicons
from newsie.pipeline import Pipeline, PipelineConfig, StageError, plan_default
from newsie.schema import PIPELINE_VERSION, Article, ErrorRecord

# Environment variables that cap the threads of the math libraries (NumPy's, and torch's for
# the Stanza and CAMeL backends);
# set before torch is imported, as torch reads some of them only once.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


@dataclass(frozen=True)
class PipelineSpec:
    """What a worker process needs to build the same pipeline as the parent: the
    options, not the loaded models (those cannot be sent between processes)."""

    ner: str = "newsie"
    disable: tuple[str, ...] = ()
    lexicons: tuple[str, ...] = ()

    def build(self) -> Pipeline:
        return Pipeline.default(
            PipelineConfig(ner=self.ner), disable=self.disable, lexicons=self.lexicons
        )

    def check(self) -> None:
        """Raise what building would raise for bad options, without loading a model."""
        plan_default(self.disable)
        if "ner" not in self.disable:
            from newsie.stages.ner import check_backend

            check_backend(self.ner)  # an unknown or missing backend: one line, before workers
        if self.lexicons:
            load_lexicons(list(self.lexicons))

    def fingerprint(self) -> str:
        """Pipeline version and options, with the lexicons' contents: output made
        under another fingerprint is made again."""
        digest = hashlib.sha256()
        for path in self.lexicons:
            try:
                digest.update(Path(path).read_bytes())
            except OSError:
                digest.update(path.encode("utf-8", "surrogateescape"))
        options = f"ner={self.ner};disable={','.join(sorted(self.disable))}"
        return f"{PIPELINE_VERSION};{options};lexicons={digest.hexdigest()[:16]}"


def pipeline_fingerprint(pipeline: Pipeline) -> str:
    """The fingerprint of a pipeline built by hand: its version and stage names."""
    return f"{PIPELINE_VERSION};stages={','.join(pipeline.names)}"


@dataclass
class Outcome:
    """What processing one input gave: its lines per output file, and counts."""

    seq: int
    lines: dict[str, list[bytes]]
    ok: bool
    entity_types: Counter[str] = field(default_factory=Counter)
    event_types: Counter[str] = field(default_factory=Counter)
    error_reason: str | None = None
    peak_rss_mb: float = 0.0


def process_article(pipeline: Pipeline, article: Article, seq: int) -> Outcome:
    """Run the pipeline on one article; a failure becomes the article's error record."""
    try:
        doc = pipeline.process(article)
        doc_line = _encode(doc.to_record())
        event_lines = [_encode(e.model_dump(mode="json")) for e in doc.events]
    except StageError as exc:
        return error_outcome(seq, article, exc.stage, str(exc))
    except Exception as exc:  # outside any stage: building the document or its JSON
        return error_outcome(seq, article, "output", f"{type(exc).__name__}: {exc}")
    return Outcome(
        seq=seq,
        lines={"documents.jsonl": [doc_line], "events.jsonl": event_lines},
        ok=True,
        entity_types=Counter(e.type for e in doc.entities),
        event_types=Counter(e.type for e in doc.events),
    )


def error_outcome(seq: int, article: Article, stage: str, reason: str) -> Outcome:
    record = ErrorRecord(
        path=article.source, line=article.line, doc_id=article.id, stage=stage, reason=reason
    )
    return Outcome(
        seq=seq, lines={"errors.jsonl": [_encode_error(record)]}, ok=False, error_reason=reason
    )


def input_error_outcome(seq: int, record: ErrorRecord) -> Outcome:
    return Outcome(
        seq=seq,
        lines={"errors.jsonl": [_encode_error(record)]},
        ok=False,
        error_reason=record.reason,
    )


def _encode_error(record: ErrorRecord) -> bytes:
    return _encode(record.model_dump(mode="json"))


def _encode(row: dict[str, Any]) -> bytes:
    # A lone surrogate that slipped through would fail here, inside the article's
    # boundary, rather than in the writer.
    return (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")


def content_hash(article: Article) -> str:
    """Everything the article's output is made from, hashed: a change anywhere
    (text, date, title, where it was read from) means it is processed again."""
    return _digest(article.model_dump(mode="json"))


def error_hash(record: ErrorRecord) -> str:
    return _digest(record.model_dump(mode="json"))


def _digest(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_limited(spec: PipelineSpec) -> Pipeline:
    """The spec's pipeline, built in a worker process with one math thread: the cap
    is set before the build (NumPy's BLAS and torch read the environment when
    imported) and again after it (for a torch that a Stanza or CAMeL backend imported).
    The default NER stage sets ONNX Runtime's threads itself."""
    limit_threads()
    pipeline = spec.build()
    limit_threads()
    return pipeline


def limit_threads() -> None:
    """One math thread per process: parallelism comes from processes, and a math
    library's default of a thread per core makes every process crawl once two run."""
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"
    torch = sys.modules.get("torch")  # never imported here just to be capped
    if torch is None:
        return
    torch.set_num_threads(1)
    # Raises once work has started; the intra-op cap above is what matters.
    with suppress(RuntimeError):
        torch.set_num_interop_threads(1)
