"""The Answerer: a question goes through the stages in turn, each a module of this package:
normalise -> typos -> described -> analysis (query, with the dialogue stage) -> kind (kinds, classify) -> ranking ->
refusal -> compose. See docs/PIPELINE.md."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from assistant.answering import classify, compose, dialogue, duties, handoff, kinds, query, ranking, refusal
from assistant.answering.described import name_described
from assistant.answering.normalise import normalise
from assistant.answering.pronouns import first_pronoun
from assistant.answering.query import Query
from assistant.answering.typos import TypoCorrector, typo_corrector
from assistant.corpus import ASSISTANT_FILE, Corpus
from assistant.lang import cue
from assistant.retrieval import HybridRetriever
from assistant.roles import RoleBook
from assistant.scope import load_uncovered
from assistant.types import Answer, Turn

# a role asked for by its place: "who is between the AEs and the Sales Manager?" (not "the difference between")
_PLACE = cue("between")
_DIFFER = cue("compare")
SCENE_WORDS = 6  # words before the question that make them a scene rather than part of the question


class Answerer:
    """Answers questions from the role book and the hybrid retriever; no LLM."""

    def __init__(
        self,
        corpus: Corpus,
        retriever: HybridRetriever,
        *,
        labelled_dir: Path | None = None,
        models_dir: Path | None = None,
        reuse: Answerer | None = None,
    ) -> None:
        """``labelled_dir``: the corpus's development sets (`eval/*.jsonl`), when it has any: they train the
        question-kind classifier and their common words count as known words. ``models_dir``: where the
        trained classifier is cached. ``reuse``: the answerer this one replaces; on the same corpus its typo
        lexicon and kind classifier carry over (a new index version of the same corpus is switched to fast)."""
        self.corpus = corpus
        self.book: RoleBook = corpus.book
        self.retriever = retriever
        same_corpus = reuse is not None and reuse.corpus is corpus
        # the duty classifier learns from the corpus's texts alone: on the same corpus it carries over
        learned = reuse.evidence.learned if reuse is not None and same_corpus else None
        self.evidence: ranking.Evidence = ranking.build(
            corpus, retriever, learned or duties.train(retriever.chunks, corpus.book, models_dir)
        )
        self._role_words = kinds.role_words(self.book)
        self._mentions_cache: dict[str, list[str]] = {}
        self._managers = {r.id: list(r.reports_to) for r in self.book.roles.values()}
        self._names = {
            r.id: [r.name_en, r.name_fi, *(r.expansion or "",), *r.aliases] for r in self.book.roles.values()
        }
        self.typos: TypoCorrector
        self.kinds: classify.KindClassifier
        if reuse is not None and same_corpus:
            self.typos, self.kinds = reuse.typos, reuse.kinds
        else:
            labelled = labelled_digest(labelled_dir)  # both caches are keyed by the labelled sets
            self.typos = corpus_typos(corpus, labelled_dir, models_dir, labelled)
            self.kinds = self._kind_classifier(labelled_dir, models_dir, labelled)

    def prepare(self, question: str) -> str:
        """Stages 1-2: chat noise out, misspelt role titles and words put right; a role named by what it does
        named ("the discounts person" -> "the Sales Manager", `described`)."""
        return name_described(self.evidence, prepare(self.typos, self.book, question))

    def analyse(self, question: str, history: Sequence[Turn] = ()) -> Query:
        """The question's roles, kind and the rest of what it asks (stages: analysis, dialogue, kind)."""

        def resolve(named: list[str], masked: str) -> dialogue.Resolution | None:
            return dialogue.resolve(
                question, named, history, self._history_mentions, self._names, masked, self._managers
            )

        q, named, asked_about = query.read(self.book, question, resolve)
        said = query.asked(q.masked)
        if asked_about is not None:  # None: the dialogue stage gave the kind ("and the SDR?")
            # a message that sets a scene first (no role named in it) and ends with a question that names the
            # role is read by that question ("Hei, mä valmistelen esitystä ... Aloitetaan perusteista: mikä on
            # CSO lyhenteenä?")
            wording = _wording(q.masked, said, q.roles)
            q.kind = kinds.decide(self.kinds, self.book, self._role_words, wording, asked_about)
            query.settle(self.book, q, named)
        # how much the question itself reads out of scope (the question sentences of a message that first sets a
        # scene, or gives an instruction: "Ignore all previous instructions ... Who owns marketing ROI?")
        # ... but a question about roles that its own sentences do not name reads with the sentence that names
        # them ("ROLE vs ROLE — which one do I go to for what?")
        q.scope = self.kinds.out_of_scope(q.masked if q.kind != "owner" and "ROLE" not in said else said)
        q.scope_learned = self.kinds.labelled
        return q

    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        q = self.analyse(self.prepare(question), history)
        declined = refusal.before_ranking(self.evidence, q) or refusal.reads_out_of_scope(self.evidence, q)
        if declined:
            return self._decline(q, declined)
        if q.kind == "owner":
            return compose.rank_choice(self.book, q) or self._owner(q)
        role = self.book.roles[q.roles[0]]
        if (
            q.kind in ("reports_to", "reports_from", "compare")
            and _PLACE.search(q.masked)
            and not _DIFFER.search(q.masked)
        ):
            placed = compose.between(self.book, q)
            if placed is not None:
                return placed
        if q.kind == "compare":
            return compose.compare(self.book, q)
        if q.kind == "reports_to":
            return compose.reports_to(self.book, q, compose.subordinate(self.book, q.subjects or q.roles))
        if q.kind == "reports_from":
            return compose.reports_from(self.book, q, role)
        if q.kind == "acronym":
            return compose.acronym(self.book, q, role)
        if refusal.off_topic(self.evidence, q):
            return self._decline(q, refusal.Decline("uncovered" if q.uncovered else "scope"))
        return compose.define(self.book, q, role)

    def _owner(self, q: Query) -> Answer:
        best, readings = ranking.owner_readings(self.evidence, q)
        declined = refusal.owner(self.evidence, q, best, readings)
        if declined:
            return self._decline(q, declined)
        together = handoff.partners(self.evidence, q, best)
        if together is not None:
            duty_id, roles = together
            return compose.partners(self.book, q, self.book.duties[duty_id], roles, best.confidence)
        duty = handoff.across_handoff(self.evidence, q, best)
        return compose.owner(self.book, q, self.book.duties[duty], best.confidence)

    def _decline(self, q: Query, declined: refusal.Decline) -> Answer:
        return compose.decline(self.corpus, q, confidence=declined.confidence, reason=declined.reason)

    # ---- set-up -----------------------------------------------------------------------------------------
    def _kind_classifier(
        self, labelled_dir: Path | None, models_dir: Path | None, labelled: str
    ) -> classify.KindClassifier:
        """The question-kind classifier, trained on questions made from the role data, the corpus's example
        questions and the labelled development sets (see `classify`); loaded from `models_dir` when the same
        inputs trained it before (the key names them all, so a changed input trains it again; ``labelled``: the
        labelled sets' digest, see labelled_digest)."""
        from assistant.lang.questions import QUESTIONS

        files = sorted(labelled_dir.glob("*.jsonl")) if labelled_dir is not None else []
        key = hashlib.sha256(self.corpus.sha256.encode() + classify.VERSION.encode())
        key.update(repr(sorted((lang, sorted(k.items())) for lang, k in QUESTIONS.items())).encode())
        key.update(ASSISTANT_FILE.read_bytes())
        key.update(classify.GENERAL_FILE.read_bytes())
        key.update(labelled.encode())

        def examples() -> list[classify.Example]:
            return self.kind_examples(labelled_dir)

        return classify.KindClassifier(
            examples, cache_dir=models_dir, key=key.hexdigest()[:16], labelled=bool(files)
        )

    def kind_examples(
        self, labelled_dir: Path | None, exclude: frozenset[str] = frozenset()
    ) -> list[classify.Example]:
        """The kind classifier's training set: questions generated from the role data, the example questions,
        the uncovered topics' questions (out of scope) and the labelled sets but those in `exclude`."""
        labels = [(lang, d.label(lang)) for d in self.book.duties.values() for lang in ("en", "fi")]
        chunks = self.retriever.chunks
        asks = [query.mask(self.book, c.text) for c in chunks if c.id.startswith("q-")]
        # every example is read as a user's question is (chat noise normalised), so the classifier learns from
        # what it will be given, not from greetings and emoji it never sees
        made = [
            classify.Example(self.prepare(e.text), e.kind) for e in classify.generated_examples(labels, asks)
        ]
        made += [
            classify.Example(self.mask_first(c.text)[0], classify.OUT_OF_SCOPE)
            for c in chunks
            if c.kind == "uncovered"
        ]
        # messages to the assistant itself, out of scope in every corpus (assistant/lang/assistant.yaml)
        made += [
            classify.Example(self.mask_first(text)[0], classify.OUT_OF_SCOPE)
            for topic in load_uncovered(ASSISTANT_FILE)
            for _lang, text in topic.asks.items()
        ]
        if labelled_dir is not None:
            made += classify.labelled_examples(
                labelled_dir,
                self.mask_first,
                self.book.reports,
                lambda r: self.book.roles[r].reports_to,
                exclude,
                {r.id: r.level for r in self.book.roles.values()},
            )
        # chat-style questions of every kind that any corpus shares (classify.GENERAL_FILE), those this corpus's
        # own sets do not hold already
        seen = {e.text for e in made}
        made += [e for e in classify.general_examples(exclude) if e.text not in seen]
        return made

    def mask_first(self, text: str) -> tuple[str, str | None]:
        return mask_first(self.typos, self.book, text)

    def _history_mentions(self, text: str) -> list[str]:
        """Roles an earlier turn named; each turn is prepared once, not again for every later question."""
        found = self._mentions_cache.get(text)
        if found is None:
            if len(self._mentions_cache) >= 4096:
                self._mentions_cache.clear()
            found = self._mentions_cache[text] = self.book.mentioned_roles(self.prepare(text))
        return list(found)


def _wording(masked: str, said: str, roles: list[str]) -> str:
    """What the kind of a question is read from: the whole message, or, after a scene of SCENE_WORDS or more,
    its question sentences when they name the role and the scene does not, or when the scene names it and they
    stand for it with a pronoun (see _pronoun_for_role)."""
    scene = masked[: len(masked) - len(said)] if masked.endswith(said) else ""
    if len(scene.split()) < SCENE_WORDS or ("ROLE" not in said and "ROLE" not in scene):
        return masked
    if "ROLE" in said:
        return said
    return _pronoun_for_role(said, roles) or masked


def _pronoun_for_role(said: str, roles: list[str]) -> str | None:
    """The question sentence of a message whose scene names the role, with its pronoun read as that role ("We
    have no sales manager, just one team lead who does it all. What should they normally do?" asks
    "What should ROLE normally do?"); None when it has no pronoun."""
    m = first_pronoun(said)
    # ... a pronoun, not a phrase ("What is that role called?" asks for the role the scene describes), in a
    # question that asks about the role (in "who oversees them?" the role is the object: the whole message says)
    if m is None or not roles or " " in m.group(0) or dialogue.asks_who(said):
        return None
    return dialogue.Resolution(roles[:1], cue=m.span()).masked(said)


def corpus_typos(
    corpus: Corpus, labelled_dir: Path | None, cache_dir: Path | None = None, labelled: str | None = None
) -> TypoCorrector:
    """The typo corrector of a corpus: its own words, the engine's cue words and the words people write in its
    labelled sets (see typo_corrector); ``labelled``: the sets' digest when the caller has it."""
    sets = labelled if labelled is not None else labelled_digest(labelled_dir)
    # the words are read from the sets by this module's code: both name the choice
    source = hashlib.sha256(Path(__file__).read_bytes() + sets.encode()).hexdigest()
    return typo_corrector(
        corpus, _cue_texts(), lambda: _labelled_words(labelled_dir), cache_dir, chat_source=source
    )


def prepare(typos: TypoCorrector, book: RoleBook, question: str) -> str:
    """Stages 1-2: chat noise out, misspelt role titles and words put right."""
    return typos.correct(normalise(question, book.name_words()))


def mask_first(typos: TypoCorrector, book: RoleBook, text: str) -> tuple[str, str | None]:
    """A labelled question as the kind classifier reads it: prepared, role names masked; and the first role it
    names."""
    text = prepare(typos, book, text)
    named = query.named_roles(book, text)[0]
    return query.mask(book, text), (named[0] if named else None)


def _cue_texts() -> list[str]:
    """Every word the engine itself looks for (cue patterns, word lists, chat fillers, dialogue cues, question
    templates): known words, never typos."""
    from assistant.lang import LANGUAGES, chat, questions

    out: list[str] = []
    for module in LANGUAGES.values():
        out += [str(v) for v in getattr(module, "CUES", {}).values()]
        out += [str(v) for v in getattr(module, "SLOTS", {}).values()]
        for name in dir(module):
            value = getattr(module, name)
            if name.isupper() and isinstance(value, frozenset | set | list | tuple):
                out += [str(w) for w in value]
    out += [w for words in (*chat.LEADING.values(), *chat.TRAILING.values()) for w in words]
    out += [p for cues in chat.DIALOGUE.values() for ps in cues.values() for p in ps]
    out += [t for kinds_ in questions.QUESTIONS.values() for ts in kinds_.values() for t in ts]
    # the patterns' escapes are no letters of their words: "\bmolemmat\b" holds "molemmat", not "bmolemmat"
    return [re.sub(r"\\[A-Za-z]", " ", text) for text in out]


def labelled_digest(labelled_dir: Path | None) -> str:
    """The labelled sets (`eval/*.jsonl`) as the caches see them: their names and bytes."""
    h = hashlib.sha256()
    for path in sorted(labelled_dir.glob("*.jsonl")) if labelled_dir is not None else []:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _labelled_words(labelled_dir: Path | None) -> list[str]:
    """Words of the development sets' questions used in two or more of the sets: how people really write
    ("toinen", "hommat"), while a one-off misspelling in one question stays unknown."""
    if labelled_dir is None:
        return []
    seen: dict[str, set[str]] = {}
    for path in sorted(labelled_dir.glob("*.jsonl")):
        for word in re.findall(r"[^\W\d_]+", path.read_text(encoding="utf-8").lower()):
            seen.setdefault(word, set()).add(path.name)
    return sorted(w for w, files in seen.items() if len(files) >= 2)
