"""The one reader of ``patterns/``: vocabulary, templates and rules kept as YAML data.

Installed, the files live inside the wheel as the package ``extractor._patterns``;
in a source checkout they are read from ``patterns/`` next to the package.
Each file is parsed once per process.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import PatternError

_SOURCE_DIR = Path(__file__).resolve().parent.parent / "patterns"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it: 7× faster at start-up (issue 18)."""


def _read_text(name: str) -> tuple[str, str]:
    filename = f"{name}.yaml"
    try:
        res = resources.files("extractor._patterns").joinpath(filename)
        if res.is_file():
            return res.read_text(encoding="utf-8"), f"extractor/_patterns/{filename}"
    except ModuleNotFoundError:
        pass
    path = _SOURCE_DIR / filename
    if path.is_file():
        return path.read_text(encoding="utf-8"), str(path)
    raise PatternError(filename, "pattern file not found in the package")


@functools.cache
def load(name: str) -> Any:
    """Parsed content of ``patterns/<name>.yaml`` (cached; treat as read-only)."""
    text, where = _read_text(name)
    try:
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C when built
    except yaml.YAMLError as exc:
        raise PatternError(where, f"not valid YAML: {exc}".replace("\n", " ")) from exc
    if data is None:
        raise PatternError(where, "pattern file is empty")
    return data
