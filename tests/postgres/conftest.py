"""Fixtures for the PostgreSQL tests: the helpers of the API, Slack and reliability suites on the path."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for helpers in (HERE.parent / "api", HERE.parent / "slack", HERE.parent / "reliability"):
    if str(helpers) not in sys.path:
        sys.path.insert(0, str(helpers))
