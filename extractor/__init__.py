"""extractor: Chinese budget-performance self-evaluation reports → checked, structured data.

    import extractor
    report = extractor.read("report.docx")      # load + extract
    report = extractor.check("report.pdf")      # … and run the rules
    print(report.to_json(indent=2))

Every error is an ``extractor.ExtractorError`` whose message names the file,
the problem and the fix.
"""

from __future__ import annotations

from . import regex_cache

regex_cache.install()  # before the modules below compile their patterns (issue 18)

from .errors import ExtractorError  # noqa: E402
from .loaders import load  # noqa: E402
from .model import Block, Cell, Document, Source, Table  # noqa: E402
from .pipeline import check, extract, read  # noqa: E402
from .report import Finding, Report  # noqa: E402

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
