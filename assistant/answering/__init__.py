"""From a question to an answer: question kind, role resolution, refusal, and the answer text in EN/FI.

A pipeline of small stages, one module each: ``query`` (the analysis of a question), ``kinds`` (its kind),
``ranking`` (duties and uncovered topics by evidence), ``refusal`` (the decisions to decline) and ``compose``
(the answer object and text); ``answerer`` wires them. The language data (cue words, templates) is in
``assistant.lang``.
"""

from __future__ import annotations

from assistant.answering.answerer import Answerer
from assistant.answering.query import Query

__all__ = ["Answerer", "Query"]
