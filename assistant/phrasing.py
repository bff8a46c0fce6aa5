"""Optional LLM phrasing, grounded: an LLM rewrites the engine's answer text; the engine keeps the decisions.

The engine decides the roles, whether to decline, and the citations. When ``ASSISTANT_LLM_BASE_URL`` and
``ASSISTANT_LLM_MODEL`` are set, an OpenAI-compatible chat model (LangChain's ``ChatOpenAI``: Ollama, vLLM, a
llama.cpp server, OpenAI) writes the answer text from the answer object and the cited passages. Its text is
checked before anyone sees it (``Grounding``): it must name the engine's owner(s) and may name no role the
grounded answer does not name; otherwise, on an error or a timeout, the grounded template text is used.
Declined answers are never phrased. A request for a summary or a job description of one role ("write a job
description for a BDR") is served from that role's data: the engine's definition of the role, phrased.

Streaming (``PhraseStream``) passes the model's text through as it comes, holding back only what the check
still needs: nothing is released until the owner has been named, the last few words wait until no role name
can still be forming in them, and a role the answer does not name stops the reply. When a reply fails after
some of it was released, ``replaced`` is set and ``answer`` has the template text (adapters replace the
message). Nothing here imports ``langchain_openai`` until a ``Phraser`` is built from settings.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from assistant.config import Settings
from assistant.lang import language_name
from assistant.roles import RoleBook
from assistant.search import Passage, passages_text
from assistant.text import detect_language
from assistant.types import Answer

__all__ = ["Grounding", "PhraseStream", "Phraser", "chat_model", "role_request"]

log = logging.getLogger("assistant.phrasing")
MAX_CHARS = 4000  # a longer reply is dropped
HOLD_CHARS = 600  # text held back waiting for the owner's name; beyond it the reply is dropped
_ROLE_REQUEST = re.compile(
    r"summar|job (?:description|ad|advert|posting|spec)|bullet|one-pager|elevator pitch|"
    r"tiivist|yhteenve|työpaikkailmoitu|rekrytointi-?ilmoitu|tehtävän ?kuvau|tehtäväkuvau|ranskalais|"
    r"toimenkuva",
    re.IGNORECASE,
)
_SYSTEM = (
    "You write the answers of Role Assistant, which answers questions about {corpus} from its source "
    "documents ({sources}). The assistant has already decided the answer: which role or roles it is about, and "
    "the passages of the sources that support it. Write that answer for the user's question, in {language}.\n"
    "Rules:\n"
    "- Use only facts stated in the decided answer and in the passages; add nothing from elsewhere.\n"
    "- Name {required} as in the decided answer, early in your text.\n"
    "- Do not name any role that the decided answer does not name.\n"
    "- Do not list sources or passage numbers: they are shown separately.\n"
    "- Be brief unless the user asks for a format (bullet points, a summary, a job description): then follow "
    "it, using only the facts given."
)
_HUMAN = (
    "Question: {question}\n\nDecided answer: {answer}\nRoles: {roles}\n\nPassages of the sources:\n{passages}"
)


@dataclass(frozen=True)
class Grounding:
    """What a phrased text must and may say about roles, from the grounded answer."""

    required: frozenset[str]  # the engine's owners: each must be named
    allowed: frozenset[str]  # every role the grounded answer names (its roles, its topic, its text)

    @classmethod
    def of(cls, answer: Answer, book: RoleBook) -> Grounding:
        primary = [r.id for r in answer.roles if r.share == "primary"] or [r.id for r in answer.roles]
        allowed = {r.id for r in answer.roles} | set(book.mentioned_roles(answer.answer))
        if answer.topic in book.roles:
            allowed.add(answer.topic)
        return cls(frozenset(primary), frozenset(allowed))

    def problem(self, text: str, book: RoleBook, *, complete: bool) -> str | None:
        """Why ``text`` must not be shown (None: it may). ``complete=False`` checks a text still growing:
        a role it must not name, or too long; ``complete=True`` also that it names every owner."""
        if len(text) > MAX_CHARS:
            return f"longer than {MAX_CHARS} characters"
        named = set(book.mentioned_roles(text))
        foreign = sorted(named - self.allowed)
        if foreign:
            return f"names {', '.join(foreign)}, which the grounded answer does not"
        if complete:
            if not text.strip():
                return "empty"
            missing = sorted(self.required - named)
            if missing:
                return f"does not name the owner ({', '.join(missing)})"
        return None

    def owners_named(self, text: str, book: RoleBook) -> bool:
        return self.required <= set(book.mentioned_roles(text))


def role_request(question: str, book: RoleBook) -> str | None:
    """The role a request for a summary or a job description is about ("write a job description for a BDR"),
    when it names exactly one role; else None."""
    if not _ROLE_REQUEST.search(question):
        return None
    named = book.mentioned_roles(question)
    return named[0] if len(named) == 1 else None


def define_question(book: RoleBook, role_id: str, lang: str) -> str:
    """The plain question whose answer is the engine's definition of a role, in the asker's language."""
    role = book.roles[role_id]
    return f"Mitä {role.name_fi} tekee?" if lang == "fi" else f"What does the {role.name_en} do?"


def messages(question: str, answer: Answer, passages: Sequence[Passage], book: RoleBook) -> list[Any]:
    """The chat messages for the model (LangChain's ``(role, content)`` tuples)."""
    names = [book.roles[r].name(answer.language) if r in book.roles else r for r in sorted(_required(answer))]
    roles = ", ".join(f"{r.name} ({r.share})" for r in answer.roles) or "-"
    language = "Finnish" if answer.language == "fi" else "English"
    sources = "; ".join(
        f"{x.name}, in {language_name('en', x.language).removeprefix('in ')}" for x in book.spec.sources
    )
    system = _SYSTEM.format(
        corpus=book.spec.name, sources=sources, language=language, required=" and ".join(names) or "the roles"
    )
    human = _HUMAN.format(
        question=question, answer=answer.answer, roles=roles, passages=passages_text(passages) or "-"
    )
    return [("system", system), ("human", human)]


def _required(answer: Answer) -> set[str]:
    return {r.id for r in answer.roles if r.share == "primary"} or {r.id for r in answer.roles}


def _text(content: Any) -> str:
    """A message's content as text (a string, or a list of text parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in content)
    return ""


_WORD_END = re.compile(r"\s+")


class PhraseStream:
    """The model's text as it comes, checked; iterate once. Afterwards ``answer`` is the final answer
    (phrased, or the grounded one), ``outcome`` says which (``llm`` or why not) and ``replaced`` whether text
    already released was withdrawn (the adapter then shows ``answer.answer`` instead)."""

    def __init__(
        self,
        grounded: Answer,
        pieces: Callable[[], Iterable[str]],
        book: RoleBook,
        *,
        timeout: float,
    ) -> None:
        self.grounded = grounded
        self.answer = grounded
        self.outcome = "pending"
        self.replaced = False
        self._pieces = pieces
        self._book = book
        self._grounding = Grounding.of(grounded, book)
        self._timeout = timeout
        self._tail_words = 1 + max(len(a.split()) for r in book.roles.values() for a in r.aliases)
        self._started = False

    def __iter__(self) -> Iterator[str]:
        if self._started:
            raise RuntimeError("a PhraseStream is read once")
        self._started = True
        released, text = 0, ""
        reason: str | None = None
        source: Iterator[str] | None = None
        deadline = time.monotonic() + self._timeout
        try:
            source = iter(self._pieces())
            for piece in source:
                text += piece
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no complete reply within {self._timeout:g} s")
                if not _WORD_END.search(piece):
                    continue  # inside a word: no new name can be complete, nothing new to release
                reason = self._grounding.problem(text, self._book, complete=False)
                if reason is not None:
                    break
                if not self._grounding.owners_named(text, self._book):  # hold everything back until then
                    if len(text) > HOLD_CHARS:
                        reason = f"no owner named in the first {HOLD_CHARS} characters"
                        break
                    continue
                cut = self._safe_end(text)
                if cut > released:
                    yield text[released:cut]
                    released = cut
            else:
                reason = self._grounding.problem(text, self._book, complete=True)
        except Exception as exc:  # the model's errors and timeouts: the template stands
            reason = f"{type(exc).__name__}: {exc}"
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()  # stop reading the model's reply
        if reason is None:
            if len(text) > released:
                yield text[released:]
            self.answer = replace(self.grounded, answer=text.strip())
            self.outcome = "llm"
            return
        log.warning("LLM reply not used (%s); the template text stands", reason)
        self.outcome = reason
        if released:
            self.replaced = True
        else:
            yield self.grounded.answer

    def _safe_end(self, text: str) -> int:
        """How far ``text`` may be released: all but its last few words (a role name may still be forming
        there), and never into a role name."""
        ends = [m.start() for m in _WORD_END.finditer(text)]
        if len(ends) < self._tail_words:
            return 0
        cut = ends[-self._tail_words]
        for mention in self._book.mentions(text):
            if mention.start < cut < mention.end:
                cut = mention.start
        return cut


Ask = Callable[[str], Answer]
Cited = Callable[[Answer], Sequence[Passage]]


class Phraser:
    """Phrases grounded answers with a LangChain chat model (any ``BaseChatModel``; ``ChatOpenAI`` from
    settings). ``model`` None (langchain-openai not installed) leaves every answer as it is."""

    def __init__(self, model: Any, book: RoleBook, *, timeout: float) -> None:
        self.model = model
        self.book = book
        self.timeout = timeout

    @classmethod
    def from_settings(cls, settings: Settings, book: RoleBook) -> Phraser:
        try:
            model = chat_model(settings)
        except ImportError as exc:
            log.error("ASSISTANT_LLM_* is set but %s: pip install 'role-assistant[llm]'; templates only", exc)
            model = None
        return cls(model, book, timeout=settings.llm_timeout_seconds)

    def prepare(self, question: str, answer: Answer, ask: Ask) -> Answer:
        """The answer to phrase: the engine's own, or for a summary or job description of one role, the
        engine's definition of that role (asked with ``ask``)."""
        role = role_request(question, self.book)
        if role is None:
            return answer
        defined = ask(define_question(self.book, role, detect_language(question)))
        if defined.answered and defined.kind == "define" and [r.id for r in defined.roles] == [role]:
            return defined
        return answer

    def stream(self, question: str, answer: Answer, ask: Ask, cited: Cited) -> PhraseStream | None:
        """A stream over the model's reply (nothing is sent before it is read); None when nothing is to be
        phrased (no model, or a declined answer)."""
        if self.model is None:
            return None
        answer = self.prepare(question, answer, ask)
        if not answer.answered:
            return None
        prompt = messages(question, answer, cited(answer), self.book)

        def pieces() -> Iterator[str]:
            for chunk in self.model.stream(prompt):
                yield _text(chunk.content)

        return PhraseStream(answer, pieces, self.book, timeout=self.timeout)

    def phrase(self, question: str, answer: Answer, ask: Ask, cited: Cited) -> Answer:
        """The answer with the model's text when it passes the check; else the grounded answer."""
        if self.model is None:
            return answer
        answer = self.prepare(question, answer, ask)
        if not answer.answered:
            return answer
        prompt = messages(question, answer, cited(answer), self.book)
        stream = PhraseStream(
            answer, lambda: [_text(self.model.invoke(prompt).content)], self.book, timeout=self.timeout
        )
        for _ in stream:
            pass
        return stream.answer


def chat_model(settings: Settings) -> Any:
    """``ChatOpenAI`` for the configured endpoint (imported here, only when an LLM is configured): no retries
    (a retry would double the wait), the timeout from the settings."""
    from langchain_openai import ChatOpenAI

    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key is not None else "not-needed"
    return ChatOpenAI(
        model=settings.llm_model or "",
        base_url=settings.llm_base_url,
        api_key=key,  # type: ignore[arg-type]
        timeout=settings.llm_timeout_seconds,
        max_retries=0,
        temperature=0.2,
        stream_usage=False,
    )
