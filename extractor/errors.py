"""One exception family, one message style: ``FILE: what was wrong — what to do``.

Every error a user can meet names the file, the problem and the fix in one
line; the CLI prints ``str(error)`` and nothing else (no traceback).
"""

from __future__ import annotations

import re
from pathlib import Path

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def one_line(text: str) -> str:
    """``text`` safe to print on a terminal or a log line: control characters (an escape
    sequence, a newline in a file name) and undecodable bytes shown as their escapes."""
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


class ExtractorError(Exception):
    """Base of every error the package raises on purpose."""

    default_fix = "check the file, or report a bug with the file attached"

    def __init__(self, path: str | Path | None, problem: str, fix: str | None = None):
        self.path = str(path) if path is not None else None
        self.problem = problem
        self.fix = fix or self.default_fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.problem} — {self.fix}"

    @property
    def kind(self) -> str:
        return type(self).__name__

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class InputError(ExtractorError):
    """The file cannot be read as a report (missing, empty, wrong format…)."""


class FileNotFound(InputError):
    default_fix = "check the path"


class EmptyFile(InputError):
    default_fix = "the file has no content; get the original report again"


class UnsupportedFormat(InputError):
    default_fix = "save the report as DOCX, PDF or text and try again"


class CorruptFile(InputError):
    default_fix = "open it in Word/WPS or a PDF viewer and save a new copy"


class EncryptedFile(InputError):
    default_fix = "remove the password (print or save an unprotected copy) and try again"


class EncodingError(InputError):
    default_fix = "save the text as UTF-8 (or GB18030) and try again"


class LimitExceeded(InputError):
    """The file is over a limit the user can raise (size, time): the message names the flag."""

    default_fix = "raise the limit if the file is a real report"


class ConversionError(ExtractorError):
    """A legacy .doc/.wps could not be converted with LibreOffice."""

    default_fix = "convert it to DOCX by hand in Word/WPS/LibreOffice and try again"


class ToolMissing(ConversionError):
    default_fix = (
        "install LibreOffice (Debian/Ubuntu: apt-get install -y libreoffice-writer-nogui "
        "fonts-noto-cjk; macOS: brew install --cask libreoffice) or set EXTRACTOR_SOFFICE "
        "to the soffice binary"
    )


class PatternError(ExtractorError):
    """A file in patterns/ is malformed."""

    default_fix = "fix the pattern file (see the message) or reinstall the package"


class ScanError(ExtractorError):
    """``extractor scan`` cannot go on (a missing folder, workers that die while starting…)."""

    default_fix = "see the scan's workers.log in OUT/.scan/ and report a bug"
