"""Write the chat-style questions every corpus's kind classifier learns from (assistant/lang/general_questions.jsonl).

    python scripts/general_questions.py            # write the file
    python scripts/general_questions.py --check    # exit 1 when the file differs from what the sets give now

The bundled corpus's development sets (`corpus/eval/*.jsonl`, never `eval/blind/`) are read as its own classifier
reads them (`classify.labelled_examples`: chat noise normalised, typos put right, role names masked as ROLE, a
reports question's direction read off its answer); every question but the out-of-scope ones is kept once, with
its kind and the set it comes from. Nothing here needs the embedding model.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answering import classify  # noqa: E402
from assistant.answering.answerer import corpus_typos, mask_first  # noqa: E402
from assistant.corpus import load_corpus  # noqa: E402


def rows(corpus_dir: Path) -> list[dict[str, str]]:
    corpus = load_corpus(corpus_dir)
    book = corpus.book
    labelled = corpus_dir / "eval"
    typos = corpus_typos(corpus, labelled)
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for path in sorted(labelled.glob("*.jsonl")):
        others = frozenset(p.name for p in labelled.glob("*.jsonl") if p != path)
        for e in classify.labelled_examples(
            labelled,
            lambda text: mask_first(typos, book, text),
            book.reports,
            lambda r: book.roles[r].reports_to,
            others,
            {r.id: r.level for r in book.roles.values()},
        ):
            if e.kind != classify.OUT_OF_SCOPE and e.text not in seen:
                seen.add(e.text)
                out.append({"q": e.text, "kind": e.kind, "set": path.name})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is out of date")
    args = parser.parse_args()
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows(ROOT / "corpus"))
    if args.check:
        if classify.GENERAL_FILE.read_text(encoding="utf-8") != text:
            print(f"{classify.GENERAL_FILE} is out of date: run python scripts/general_questions.py")
            return 1
        print("up to date")
        return 0
    classify.GENERAL_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {classify.GENERAL_FILE.relative_to(ROOT)}: {text.count(chr(10))} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
