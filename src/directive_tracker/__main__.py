# SPDX-License-Identifier: MIT
"""Run the command line: ``python -m directive_tracker calendar 2026``."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
