"""Questions one per line (``assistant ask -``): exactly one result per input line, in order.

Each line is read as bytes and decoded on its own, so one bad line costs one error object, not the batch: an
empty line, a line that is not UTF-8 and a line over the question limit each give
``{"error": {"code", "message"}, "line": n}`` and the next line is answered as usual. A line is never read
into memory beyond the limit (the rest of an over-long line is skipped in chunks).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO, Protocol

from assistant.errors import InvalidQuestion
from assistant.types import Answer, Turn

__all__ = ["INVALID_ENCODING", "Asks", "answer_lines", "read_lines"]

INVALID_ENCODING = "invalid_encoding"
_CHUNK = 64 * 1024


class Asks(Protocol):
    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...


def _error(line: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}, "line": line}


def read_lines(stream: BinaryIO, max_chars: int) -> Iterator[str | dict[str, Any]]:
    """Each line of ``stream`` without its line ending: the text, or an error object when it cannot be a
    question (not UTF-8, or longer than ``max_chars`` characters)."""
    limit = max_chars * 4 + 2  # UTF-8 takes at most 4 bytes a character; + CR LF
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line, a chunk at a time
                raw = stream.readline(_CHUNK)
            yield _error(
                number, InvalidQuestion.code, f"the line is over the limit of {max_chars} characters"
            )
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start : exc.start + 1].hex()
            yield _error(
                number, INVALID_ENCODING, f"the line is not UTF-8 text (byte 0x{bad} at {exc.start})"
            )
            continue
        if number == 1:
            text = text.removeprefix("\ufeff")  # a byte-order mark
        yield text.rstrip("\r\n")


def answer_lines(service: Asks, stream: BinaryIO, max_chars: int) -> Iterator[dict[str, Any]]:
    """One dict per input line: the answer object, or an error object for a line that is no question.

    Errors other than a bad question (the index is missing, ...) are raised: no line could be answered."""
    from assistant.service import check_question

    for number, line in enumerate(read_lines(stream, max_chars), start=1):
        if isinstance(line, dict):
            yield line
            continue
        try:
            yield service.ask(check_question(line, max_chars)).to_dict()
        except InvalidQuestion as exc:
            yield _error(number, exc.code, str(exc))
