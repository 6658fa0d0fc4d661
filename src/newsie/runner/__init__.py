"""Batch runs over input folders: incremental, crash-safe, locked, parallel.

Kept apart from the CLI so that notebooks, cron jobs and worker pools share one
loop. `run_folder` is the entry point; `read_status` reports on an output folder.
"""

from newsie.runner.batch import RunOptions, RunProgress, RunSummary, run_folder
from newsie.runner.executors import RunFailed
from newsie.runner.lock import OutputLocked
from newsie.runner.output import OUTPUT_FILES, iter_output_rows
from newsie.runner.status import read_status
from newsie.runner.work import PipelineSpec

__all__ = [
    "OUTPUT_FILES",
    "OutputLocked",
    "PipelineSpec",
    "RunFailed",
    "RunOptions",
    "RunProgress",
    "RunSummary",
    "iter_output_rows",
    "read_status",
    "run_folder",
]
