"""Reading YAML: libyaml's C parser when PyYAML was built with it (about ten times faster), else the Python one."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str) -> Any:
    """Safe-load one YAML document; raises `yaml.YAMLError` on bad syntax, like `yaml.safe_load`."""
    return yaml.load(text, Loader=_LOADER)  # the loader is a safe one (C or Python)
