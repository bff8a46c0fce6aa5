"""Evaluation: a questions file -> metrics, for the assistant and for a naive baseline beside it."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.corpus import Corpus
from assistant.perturb import KINDS, Spans, perturb
from assistant.text import detect_language
from assistant.types import Answer, Language, Turn

TARGETS = {"top1": 0.95, "compare": 0.95, "declines": 0.9, "citations": 1.0}


@dataclass(frozen=True)
class Question:
    q: str
    expect: list[str]
    accept: list[str]
    kind: str
    lang: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conversation:
    """Turns asked one after another in one conversation; each labelled as if asked on its own, resolved."""

    id: str
    turns: list[Question]


def _question(d: dict[str, Any]) -> Question:
    return Question(
        d["q"],
        list(d["expect"]),
        list(d.get("accept") or d["expect"]),
        d["kind"],
        d.get("lang") or detect_language(d["q"]),
        tuple(d.get("tags") or ()),
    )


def load_records(path: Path) -> list[Conversation]:
    """Every record of a questions file as a conversation: a single question is a conversation of one turn.

    A line is either a question (`{"q", "expect", "accept", "kind", "lang"}`) or a conversation
    (`{"id", "turns": [question, ...]}`)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            if "turns" in d:
                turns = [_question(t) for t in d["turns"]]
                if not turns:
                    raise ValueError("a conversation without turns")
                out.append(Conversation(str(d.get("id") or f"{path.stem}-{n}"), turns))
            else:
                out.append(Conversation(f"{path.stem}-{n}", [_question(d)]))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path}:{n}: not a question or conversation record ({exc})") from exc
    return out


def load_questions(path: Path) -> list[Question]:
    """Every question of a file, conversation turns included, in order."""
    return [t for c in load_records(path) for t in c.turns]


@dataclass
class Tally:
    in_scope: int = 0
    top1: int = 0
    compare: int = 0
    compare_ok: int = 0
    oos: int = 0
    declined: int = 0
    citations: int = 0
    verbatim: int = 0
    followups: int = 0  # turns after the first of a conversation
    followups_ok: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)

    def metrics(self) -> dict[str, float | None]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "top1": ratio(self.top1, self.in_scope),
            "compare": ratio(self.compare_ok, self.compare),
            "declines": ratio(self.declined, self.oos),
            "citations": ratio(self.verbatim, self.citations),
            "turns": ratio(self.top1 + self.declined, self.in_scope + self.oos),
            "followups": ratio(self.followups_ok, self.followups),
            "n_in_scope": self.in_scope,
            "n_compare": self.compare,
            "n_out_of_scope": self.oos,
        }


Answerer = Callable[[str, Sequence[Turn]], Answer]


def _judge(q: Question, a: Answer, t: Tally) -> bool:
    ids = [r.id for r in a.roles] if a.answered else []
    if not q.expect:
        t.oos += 1
        t.declined += not a.answered
        return not a.answered
    t.in_scope += 1
    ok = bool(ids) and ids[0] in q.accept
    t.top1 += ok
    if q.kind == "compare":
        t.compare += 1
        cmp_ok = set(q.expect) <= set(ids)
        t.compare_ok += cmp_ok
        ok = ok and cmp_ok
    return ok


def score(records: Iterable[Question | Conversation], answer: Answerer, source_text: str) -> dict[str, Any]:
    """Answer every question (each conversation's turns in order, with the earlier turns as history);
    metrics overall and per language (a turn counts for its own language), and the failures."""
    tallies = {"all": Tally(), "en": Tally(), "fi": Tally()}
    latencies = []
    for record in records:
        conversation = record if isinstance(record, Conversation) else Conversation("", [record])
        history: list[Turn] = []
        for n, q in enumerate(conversation.turns):
            started = time.perf_counter()
            a = answer(q.q, tuple(history))
            latencies.append(time.perf_counter() - started)
            history.append(Turn(q.q, a))
            for t in (tallies["all"], tallies[q.lang]):
                ok = _judge(q, a, t)
                if n:
                    t.followups += 1
                    t.followups_ok += ok
                for c in a.citations:
                    t.citations += 1
                    t.verbatim += c.quote in source_text
                if not ok and t is tallies["all"]:
                    t.failures.append(
                        {
                            "q": q.q,
                            "conversation": conversation.id if len(conversation.turns) > 1 else None,
                            "turn": n,
                            "kind": q.kind,
                            "expect": q.expect,
                            "accept": q.accept,
                            "got": [r.id for r in a.roles] if a.answered else [],
                            "answered": a.answered,
                            "got_kind": a.kind,
                            "confidence": a.confidence,
                        }
                    )
    lat = sorted(latencies)
    return {
        "overall": tallies["all"].metrics(),
        "en": tallies["en"].metrics(),
        "fi": tallies["fi"].metrics(),
        "failures": tallies["all"].failures,
        "latency_ms_p50": round(1000 * lat[len(lat) // 2], 2) if lat else None,
    }


class NaiveBaseline:
    """RecursiveCharacterTextSplitter 500/50 + Chroma + the same embedder; role = first role in the top chunk."""

    def __init__(self, corpus: Corpus, embeddings: Any) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        from index.chroma import Guard

        text = "\n\n".join(corpus.texts.values())
        pieces = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50).split_text(text)
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        guard: Any = Guard()
        self.collection = client.create_collection(
            f"baseline-{uuid.uuid4().hex[:8]}", embedding_function=guard, metadata={"hnsw:space": "cosine"}
        )
        vectors = embeddings.embed_documents(pieces)
        self.collection.add(ids=[str(i) for i in range(len(pieces))], embeddings=vectors, documents=pieces)
        self.embeddings = embeddings
        self.book = corpus.book
        self.pieces = pieces

    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        from assistant.types import Citation, RoleRef

        found = self.collection.query(query_embeddings=[self.embeddings.embed_query(question)], n_results=1)
        top = (found["documents"] or [[""]])[0][0]
        roles = self.book.mentioned_roles(top)
        refs = [RoleRef(r, self.book.roles[r].name_en) for r in roles[:1]]
        lang: Language = "fi" if detect_language(question) == "fi" else "en"
        return Answer(top, lang, bool(refs), refs, [Citation(found["ids"][0][0], "", top)], 0.0, "owner")


def targets_missed(metrics: dict[str, Any]) -> list[str]:
    """The targets missed (empty when all hold), overall and per language."""
    missed = []
    for scope in ("overall", "en", "fi"):
        for name, target in TARGETS.items():
            value = metrics[scope].get(name)
            if value is not None and value < target:
                missed.append(f"{scope}.{name} = {value} < {target}")
    return missed


def score_perturbed(
    records: Iterable[Conversation], answer: Answerer, role_spans: Spans, kinds: Sequence[str] = KINDS
) -> dict[str, Any]:
    """Invariance: for each kind of perturbation, of the questions answered right as written, the share whose
    chat-style copy is still answered right (`stays_right`), and the accuracy on the copies (`accuracy`).
    Conversation turns after the first are left out: they need their history."""
    questions = [c.turns[0] for c in records]
    right = {q.q: _judge(q, answer(q.q, ()), Tally()) for q in questions}
    report: dict[str, Any] = {}
    for kind in kinds:
        copies = stayed = ok_total = base = 0
        lost: list[dict[str, Any]] = []
        for q in questions:
            text = perturb(q.q, kind, q.lang, role_spans)
            if text is None or text == q.q:
                continue
            a = answer(text, ())
            ok = _judge(q, a, Tally())
            copies += 1
            ok_total += ok
            if right[q.q]:
                base += 1
                stayed += ok
                if not ok:
                    lost.append({"q": q.q, "copy": text, "accept": q.accept, "got": [r.id for r in a.roles]})
        report[kind] = {
            "copies": copies,
            "stays_right": round(stayed / base, 4) if base else None,
            "accuracy": round(ok_total / copies, 4) if copies else None,
            "lost": lost,
        }
    return report
