"""What the corpus's data-file models share: strict models, the id pattern, and errors that name file, field and
fix."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.errors import RoleDataError

ROLE_ID = r"^[a-z][a-z0-9_]*$"
GUIDE = "docs/CORPUS.md"

# how to put right the usual validation errors, by pydantic's error type
_FIXES = {
    "missing": f"add it ({GUIDE} describes every field)",
    "extra_forbidden": f"remove it or correct its spelling ({GUIDE} lists the fields)",
    "string_pattern_mismatch": "use lower-case letters, digits and _, starting with a letter (e.g. team_lead)",
    "too_short": "give at least one",
    "string_too_short": "give a non-empty text",
}


class StrictModel(BaseModel):
    """Base of the data-file models: unknown fields are errors, loaded data is immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def invalid_data(path: Path, exc: ValidationError, prefix: str = "") -> RoleDataError:
    """A data file's first validation error, naming the file, the field and how to fix it."""
    first = exc.errors()[0]
    where = ".".join([prefix, *map(str, first["loc"])] if prefix else map(str, first["loc"]))
    msg = str(first["msg"]).removeprefix("Value error, ")
    fix = _FIXES.get(str(first["type"]))
    if fix is None and first["type"] not in ("value_error", "literal_error"):
        fix = f"see {GUIDE}"
    return RoleDataError(f"{path}: {where or '(the whole file)'}: {msg}" + (f"; {fix}" if fix else ""))
