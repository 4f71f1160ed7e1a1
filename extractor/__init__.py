"""extractor: Chinese budget-performance self-evaluation reports → checked, structured data.

    import extractor
    report = extractor.read("report.docx")      # load + extract
    report = extractor.check("report.pdf")      # … and run the rules
    print(report.to_json(indent=2))

Every error is an ``extractor.ExtractorError`` whose message names the file,
the problem and the fix.
"""

from __future__ import annotations

from .errors import ExtractorError
from .loaders import load
from .model import Block, Cell, Document, Source, Table
from .pipeline import check, extract, read
from .report import Finding, Report

__version__ = "0.2.0"

__all__ = [
    "Block",
    "Cell",
    "Document",
    "ExtractorError",
    "Finding",
    "Report",
    "Source",
    "Table",
    "__version__",
    "check",
    "extract",
    "load",
    "read",
]
