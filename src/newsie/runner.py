"""Run a pipeline over an input folder and write the output files.

Kept apart from the CLI so that notebooks, cron jobs and (later) worker pools
share one loop: read, process each article, write in input order, summarise.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newsie.io.readers import iter_input_files, read_folder
from newsie.io.writers import OutputWriter
from newsie.pipeline import Pipeline, StageError
from newsie.schema import Article, ErrorRecord


@dataclass
class RunSummary:
    articles: int = 0
    errors: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    error_reasons: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0


def run_folder(
    in_dir: Path, out_dir: Path, pipeline: Pipeline, on_item: Callable[[str], None] | None = None
) -> RunSummary:
    """Process every article under in_dir into out_dir; never stops on a bad input.

    `on_item(path)` is called after each article or error with the input file's path.
    """
    summary = RunSummary()
    started = time.perf_counter()
    with OutputWriter(out_dir) as writer:
        for item in read_folder(in_dir):
            if isinstance(item, Article):
                try:
                    doc = pipeline.process(item)
                except StageError as exc:
                    item_error = ErrorRecord(
                        path=item.source,
                        line=item.line,
                        doc_id=item.id,
                        stage=exc.stage,
                        reason=str(exc),
                    )
                    _record_error(writer, summary, item_error)
                else:
                    writer.write_document(doc)
                    summary.articles += 1
                    summary.entities.update(e.type for e in doc.entities)
                    summary.events.update(e.type for e in doc.events)
                path = item.source
            else:
                _record_error(writer, summary, item)
                path = item.path
            if on_item:
                on_item(path)
    summary.seconds = time.perf_counter() - started
    return summary


def count_input_files(in_dir: Path) -> int:
    return len(iter_input_files(in_dir))


def _record_error(writer: OutputWriter, summary: RunSummary, error: ErrorRecord) -> None:
    writer.write_error(error)
    summary.errors += 1
    where = error.path + (f":{error.line}" if error.line else "")
    summary.error_reasons.append(f"{where}: {error.reason}")
