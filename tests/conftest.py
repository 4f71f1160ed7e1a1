"""Shared fixtures: paths of the repository and the corpus, the seed loaded once per format."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
if str(ROOT) not in sys.path:  # `evaluation/` (renderer, generator) is not installed; plain
    sys.path.insert(0, str(ROOT))  # `pytest` does not put the project root on sys.path


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def seed_docs():
    """The seed report as loaded from each committed format (loading the PDF takes a second)."""
    from extractor.loaders import load

    cache: dict = {}

    def get(fmt: str):
        if fmt not in cache:
            cache[fmt] = load(CORPUS / f"seed.{fmt}")
        return cache[fmt]

    return get


def soffice_or_skip() -> str:
    """The LibreOffice binary, or skip the test saying why (CI installs it)."""
    from extractor.loaders.legacy import soffice_binary

    found = soffice_binary() or shutil.which("soffice")
    if not found:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install -y libreoffice-writer-nogui"
        )
    return found


# ── markers: the fast part of the suite ────────────────────────────────────
#
# `pytest` runs everything.  `pytest -m "not slow"` runs the part a developer waits for
# (under a minute on 2 cores); `-m "not needs_soffice and not needs_chromium"` leaves out
# what needs LibreOffice or Chromium.  The markers are given here from what a test uses
# (its own code and its fixtures'), so no test has to remember them.

SLOW_MODULES = frozenset(
    {
        # measured with `pytest --durations=0` on 2 cores: these modules take seconds a test
        # (OCR, LibreOffice, real PDFs, whole scans in subprocesses, generated corpora, fuzzing)
        "test_ocr",
        "test_scan",
        "test_scan_interrupt",
        "test_scan_convert",
        "test_scan_dask",
        "test_scan_outputs",
        "test_workbench",
        "test_zoo",
        "test_fuzz",
        "test_real_corpus",
        "test_realworld",
        "test_generate",
        "test_records_gold",
        "test_loaders_crossformat",
        "test_loaders_spreadsheet",
        "test_summary_html",
        "test_traditional",
        "test_review_cli",
        "test_hostile",
        "test_packaging",
        "test_accuracy",
    }
)
SLOW_TESTS = frozenset(
    {
        "test_pdf_without_text_layer_is_reported_not_an_error",  # OCR of a scanned page
        "test_tables_not_fully_ruled_read_like_their_docx",  # renders DOCX to PDF
    }
)
_SOFFICE_WORDS = ("soffice", "libreoffice", "legacy_folder", '"doc"', "'doc'", '.doc"', "rtf")
_CHROMIUM_WORDS = ("selenium", "chromium")


def _sources(item) -> str:
    import inspect

    texts = []
    objs = [getattr(item, "obj", None)]
    info = getattr(item, "_fixtureinfo", None)
    for name in getattr(item, "fixturenames", []):
        for fdef in info.name2fixturedefs.get(name, ()) if info else ():
            objs.append(fdef.func)
    for obj in objs:
        try:
            texts.append(inspect.getsource(obj))
        except (OSError, TypeError):
            continue
    params = getattr(getattr(item, "callspec", None), "params", {})
    texts.append(repr(params))
    return "\n".join(texts)


def pytest_collection_modifyitems(config, items):
    for item in items:
        text = _sources(item).lower()
        if any(w in text for w in _SOFFICE_WORDS):
            item.add_marker(pytest.mark.needs_soffice)
        if any(w in text for w in _CHROMIUM_WORDS):
            item.add_marker(pytest.mark.needs_chromium)
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        slow = module in SLOW_MODULES or getattr(item, "originalname", "") in SLOW_TESTS
        if slow or item.get_closest_marker("needs_soffice"):
            item.add_marker(pytest.mark.slow)
