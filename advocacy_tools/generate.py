"""Command-line entry point of the sample-data generator, which lives in ``advocacy_tools.generator``.

This module keeps ``python -m advocacy_tools.generate`` and the ``advocacy-generate`` console script
working; run either with ``--help`` for the options.
"""

import sys

from advocacy_tools.generator.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
