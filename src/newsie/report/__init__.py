"""`newsie report`: one self-contained HTML page about an output folder, for offline use."""

from newsie.report.build import build_report

__all__ = ["build_report"]
