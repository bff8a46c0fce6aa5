"""The English renderings of the article's passages (corpus/translations.en.yaml): what is still to write.

    python scripts/translations.py            # every passage without a rendering and every stale entry; exit 1 if any
    python scripts/translations.py --stubs    # ... and YAML entries to fill in for the passages without one

A stub has the passage's sentences as `fi` and `en: null` per sentence: replace each null with the English of
that sentence (a null left in the file is an error when the corpus loads, naming the entry), then append the
entries under `passages:` and remove the entries `problems` calls stale.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.corpus import load_corpus  # noqa: E402
from index.ingest import iter_sentences  # noqa: E402


def entry_yaml(fi: Sequence[str], en: Sequence[str | None]) -> str:
    """One entry of `passages:`, as it is written in the file (JSON strings are valid YAML scalars)."""

    def value(parts: Sequence[str | None]) -> str:
        if len(parts) == 1:
            return " " + json.dumps(parts[0], ensure_ascii=False)
        return "".join(f"\n      - {json.dumps(p, ensure_ascii=False)}" for p in parts)

    return f"  - fi:{value(fi)}\n    en:{value(en)}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="the corpus folder")
    parser.add_argument("--stubs", action="store_true", help="print YAML entries for the missing renderings")
    args = parser.parse_args(argv)
    translations = load_corpus(args.corpus).translations
    for problem in translations.problems():
        print(problem, file=sys.stderr)
    if args.stubs:
        for p in translations.missing:
            fi = list(iter_sentences(p.text)) or [p.text]
            print(f"  # {p.section} (line {p.line})\n" + entry_yaml(fi, [None] * len(fi)), end="")
    return 1 if translations.problems() else 0


if __name__ == "__main__":
    raise SystemExit(main())
