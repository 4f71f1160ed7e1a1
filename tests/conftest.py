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
