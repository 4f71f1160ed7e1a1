"""The one reader of ``patterns/``: vocabulary, templates and rules kept as YAML data.

Installed, the files live inside the wheel as the package ``extractor._patterns``;
in a source checkout they are read from ``patterns/`` next to the package.
Each file is parsed once per process.  ``extractor.pattern_models`` holds one model per
file; ``load_model`` validates a file with it (a misspelt key, a value of the wrong type, a
regular expression that does not compile is a ``PatternError`` naming the file and the key).
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import re
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import PatternError

_SOURCE_DIR = Path(__file__).resolve().parent.parent / "patterns"


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


def _parse(text: str, where: str) -> Any:
    import yaml  # not at import: a process whose parsed patterns are cached never needs it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's: 7× faster (issue 18)
    try:
        data = yaml.load(text, Loader=loader)  # a safe loader
    except yaml.YAMLError as exc:
        raise PatternError(where, f"not valid YAML: {exc}".replace("\n", " ")) from exc
    if data is None:
        raise PatternError(where, "pattern file is empty")
    return data


def cache_dir() -> Path:
    """The user's cache folder for the tool (``$XDG_CACHE_HOME/extractor``)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "extractor"


@functools.cache
def _parsed(name: str) -> tuple[Any, str]:
    """The parsed YAML of ``patterns/<name>.yaml`` and where it was read from.

    The parse is kept in the user's cache folder, keyed by the file's content, as a marshal
    file: reading 19 files back takes 1 ms where importing PyYAML and parsing them takes 45 ms
    of a ``check``'s start (issue 18).  A cache that cannot be read or written is skipped; one
    for another content of the file is replaced."""
    text, where = _read_text(name)
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    cache = cache_dir() / f"patterns-{name}-{digest}-m{marshal.version}.marshal"
    try:
        return marshal.loads(cache.read_bytes()), where
    except (OSError, EOFError, ValueError, TypeError):
        pass
    data = _parse(text, where)
    try:
        payload = marshal.dumps(data)
    except ValueError:  # a value marshal cannot write (a YAML date): parse every time
        return data, where
    write_cache(cache, payload, f"patterns-{name}-*.marshal")
    return data, where


def write_cache(cache: Path, payload: bytes, stale: str) -> None:
    """Write a cache file atomically and remove the others matching ``stale`` in its folder
    (the caches of earlier contents or versions, which would pile up).  A cache is a
    convenience: a folder that cannot be written is left alone and read again next time.
    (Not ``scan.outputs.commit``: a cache needs no fsync, and that module loads pyarrow.)"""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(payload)
        tmp.replace(cache)
        for old in cache.parent.glob(stale):
            if old != cache:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def kept(kind: str, key: str, make: Callable[[], Any]) -> Any:
    """``make()``, kept in the user's cache folder under ``kind`` and a digest of ``key`` (what
    the value is computed from: the inputs, the versions of what computes it), as the parsed
    patterns are: a value derived the same way on every start (a conversion table, what a
    regular expression needs) is read back next time (issue 18).  The value must be one
    marshal writes (str, numbers, tuples, lists, dicts, sets); a cache that cannot be read
    or written is skipped."""
    digest = hashlib.sha1(f"{key}|{sys.version}".encode()).hexdigest()[:16]
    cache = cache_dir() / f"{kind}-{digest}-m{marshal.version}.marshal"
    try:
        return marshal.loads(cache.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = make()
    try:
        payload = marshal.dumps(value)
    except ValueError:
        return value
    write_cache(cache, payload, f"{kind}-*.marshal")
    return value


def load(name: str) -> Any:
    """Parsed content of ``patterns/<name>.yaml`` (cached; treat as read-only).

    Not validated here: validating in ``load`` made a ``check`` of one document start 70 ms
    slower (0.39 → 0.46 s: building ~75 pydantic models, compiling ~250 regular expressions),
    so a file is validated lazily, by ``load_model``; tests/test_pattern_models.py validates
    every file."""
    return _parsed(name)[0]


@functools.cache
def load_model(name: str) -> BaseModel:
    """``patterns/<name>.yaml`` validated by its model, ``extractor.pattern_models.MODELS[name]``
    (once per file per process).  A key that does not fit the model (misspelt, of the wrong
    type, a regular expression that does not compile) is a ``PatternError`` naming the file and
    the key path."""
    data, where = _parsed(name)
    return _validated(name, data, where)


def check_file(path: str | Path) -> BaseModel:
    """A patterns file outside the package (a copy being edited, ``units.yaml``) validated by
    the model of its name, as ``load_model`` would: a ``PatternError`` names what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PatternError(path, f"cannot be read: {exc.strerror or exc}") from exc
    return _validated(path.stem, _parse(text, str(path)), str(path))


def _validated(name: str, data: Any, where: str) -> BaseModel:
    from .pattern_models import MODELS  # built on first use: pydantic models are slow to build

    model = MODELS.get(name)
    if model is None:
        raise PatternError(where, "no model in extractor/pattern_models.py describes this file")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise PatternError(where, _first_error(exc, data)) from exc


def _first_error(exc: ValidationError, data: Any) -> str:
    """``key.path[3].key: what is wrong`` of the first error (and how many more there are).

    Of the errors a union gives (one per alternative) the one that went deepest is shown, and
    the path holds only the file's own keys (not the names of the alternatives)."""
    errors = exc.errors(include_url=False)
    base = errors[0]["loc"][:-1]
    first = max((e for e in errors if e["loc"][: len(base)] == base), key=lambda e: len(e["loc"]))
    path, node = "", data
    for i, part in enumerate(first["loc"]):
        is_key = isinstance(node, dict) and part in node
        is_index = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if is_key or is_index:
            node = node[part]
        elif i < len(first["loc"]) - 1 or first["type"] != "missing":
            continue  # an alternative of a union, a tag: not a key of the file
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{path or 'the file'}: {first['msg']}{more}".replace("\n", " ")


def alternation(words: list[str]) -> re.Pattern[str]:
    """One pattern matching any of ``words`` as written, the longest first (so that 下降了
    wins over 下降)."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
