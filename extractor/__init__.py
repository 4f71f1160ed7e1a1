"""extractor: Chinese budget-performance self-evaluation reports → checked, structured data.

    import extractor
    report = extractor.read("report.docx")      # load + extract
    report = extractor.check("report.pdf")      # … and run the rules
    print(report.to_json(indent=2))

Every error is an ``extractor.ExtractorError`` whose message names the file,
the problem and the fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import regex_cache

regex_cache.install()  # before the modules below compile their patterns (issue 18)

if TYPE_CHECKING:
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

_HOME = {
    "ExtractorError": "errors",
    "load": "loaders",
    "Block": "model",
    "Cell": "model",
    "Document": "model",
    "Source": "model",
    "Table": "model",
    "check": "pipeline",
    "extract": "pipeline",
    "read": "pipeline",
    "Finding": "report",
    "Report": "report",
}
"""The module of each public name, imported when the name is first used: the command line
imports ``extractor.cli`` through this package, and builds the pydantic models and loads the
pipeline only when a command needs them (issue 18)."""


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value  # found at once next time
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
