"""``python -m evaluation.synth`` — the same command line as ``python -m evaluation.generate``."""

from .cli import main

raise SystemExit(main())
