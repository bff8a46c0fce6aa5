"""The corpus: the ingested sources, the validated role book, and the chunks that go into the index.

A corpus folder holds `roles.yaml` (whose `corpus:` section names the corpus, its languages and its source
documents: `assistant.spec`), the source documents themselves, and optional data files (`asks.yaml`,
`uncovered.yaml`, `eval/`). docs/CORPUS.md describes them field by field."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import RoleDataError
from assistant.overrides import SOURCE_ID, Policy, apply, load_overrides
from assistant.roles import Duty, RoleBook, read_role_file
from assistant.scope import (
    ASKS_FILE,
    UNCOVERED_FILE,
    Asks,
    UncoveredTopic,
    keeps_everyday,
    load_asks,
    load_uncovered,
)
from assistant.spec import CorpusSpec, SourceSpec
from assistant.text import detect_language
from assistant.translations import TRANSLATIONS_FILE, Translations, load_translations
from assistant.types import Chunk, as_language
from index.ingest import Article, Passage, ingest, merge

# what the chunks are made of besides the files: bump when build_chunks changes, so indexes are rebuilt
CHUNKING = "5: several sources, each passage in its source's language; duty texts in the corpus's languages"
TEMPLATES_PER_PHRASE = 2
ROLES_FILE = "roles.yaml"
EVERYDAY_FILE = Path(__file__).with_name("lang") / "everyday.yaml"  # see its header
OFFTOPIC_FILE = Path(__file__).with_name("lang") / "offtopic.yaml"  # for every corpus: see its header
# messages to the assistant itself: out of scope for every corpus, learned by the kind classifier (its header)
ASSISTANT_FILE = Path(__file__).with_name("lang") / "assistant.yaml"


@dataclass(frozen=True)
class Corpus:
    article: Article  # every source's passages, in the order the sources are declared
    book: RoleBook
    chunks: list[Chunk]
    embed_texts: dict[str, str]  # chunk id -> the text the embedder sees
    sha256: str  # of the sources and the data files together
    uncovered: dict[str, UncoveredTopic] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # source id -> the source's text, verbatim
    translations: Translations = field(default_factory=Translations.empty)  # English of the passages

    @property
    def spec(self) -> CorpusSpec:
        return self.book.spec

    def chunk(self, chunk_id: str) -> Chunk | None:
        return self._by_id().get(chunk_id)

    def passage(self, chunk_id: str) -> Passage | None:
        """The source passage with this id, if any."""
        cache = self.__dict__.get("_passages_cache")
        if cache is None:
            cache = {p.id: p for p in self.article.passages}
            object.__setattr__(self, "_passages_cache", cache)
        found: Passage | None = cache.get(chunk_id)
        return found

    def source_of(self, chunk_id: str) -> str:
        """The name of the source a passage is from ("" for no passage)."""
        found = self.passage(chunk_id)
        return self.book.source_name(found.source) if found is not None else ""

    def _by_id(self) -> dict[str, Chunk]:
        cache = self.__dict__.get("_by_id_cache")
        if cache is None:
            cache = {c.id: c for c in self.chunks}
            object.__setattr__(self, "_by_id_cache", cache)
        return cache


def read_source(corpus_dir: Path, roles_path: Path, n: int, source: SourceSpec) -> str:
    """The text of one declared source; a clear error when it is missing or not UTF-8 text."""
    path = corpus_dir / source.file
    where = f"{roles_path}: corpus.sources[{n}].file"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RoleDataError(
            f"{where}: {source.file!r} not found in {corpus_dir}; put the document there or correct the file name"
        ) from exc
    except (UnicodeDecodeError, IsADirectoryError) as exc:
        raise RoleDataError(
            f"{where}: {source.file!r} is not a UTF-8 text file; save it as plain text"
        ) from exc


def load_corpus(corpus_dir: Path, *, examples: bool = True) -> Corpus:
    """Read and validate everything under `corpus_dir`; nothing is embedded here.

    `examples=False` leaves out the hand-written example questions (asks.yaml): the engine then works from
    the role data and the sources alone (the ablation `assistant eval --no-examples` measures)."""
    roles_path = corpus_dir / ROLES_FILE
    data = read_role_file(roles_path)
    declared = list(data.corpus.sources)
    texts = {s.id: read_source(corpus_dir, roles_path, n, s) for n, s in enumerate(declared)}
    # the organisation's own statements: a source of their own, and new owners for the duties they name
    overrides = load_overrides(corpus_dir, data.corpus.primary)
    policies: dict[str, Policy] = {}
    absent: dict[str, str] = {}
    stated: list[Article] = []
    if overrides is not None:
        data, policies, absent = apply(overrides, data)
        texts[SOURCE_ID] = overrides.text
        stated = [overrides.article()]
    plain = merge([*(ingest(texts[s.id], source_id=s.id) for s in declared), *stated])
    book = RoleBook(data, plain, str(roles_path), policies=policies, absent=absent)
    tagged = (ingest(texts[s.id], book.tag_passage, book.heading_roles, s.id) for s in declared)
    article = merge([*tagged, *stated])
    book.article = article
    asks = load_asks(corpus_dir / ASKS_FILE, book.duties) if examples else {}
    # a corpus without its own uncovered topics gets the everyday ones every organisation's roles leave out
    uncovered_path = corpus_dir / UNCOVERED_FILE
    if not uncovered_path.exists():
        uncovered_path = EVERYDAY_FILE
    uncovered = load_uncovered(uncovered_path, book.languages)
    # ... or its own and the everyday ones (``everyday: true``); then everyone gets the everyday off-topic ones;
    # a topic of the corpus's own replaces one with the same id
    extra = [EVERYDAY_FILE] if uncovered_path != EVERYDAY_FILE and keeps_everyday(uncovered_path) else []
    for path in [*extra, OFFTOPIC_FILE]:
        own = {t.id for t in uncovered}
        uncovered += [t for t in load_uncovered(path, book.languages) if t.id not in own]
    digest = hashlib.sha256(CHUNKING.encode())
    for source in declared:
        digest.update(b"\0" + texts[source.id].encode())
    digest.update(b"\0" + roles_path.read_bytes())
    if overrides is not None:
        digest.update(b"\0overrides\0" + overrides.path.read_bytes())
    for path in (corpus_dir / ASKS_FILE, uncovered_path, *extra, OFFTOPIC_FILE):
        digest.update(b"\0" + (path.read_bytes() if path.exists() else b""))
    if not examples:
        digest.update(b"\0without example questions")
    chunks, embed = build_chunks(article, book, asks, uncovered)
    # English renderings are for the passages of the Finnish sources (and Finnish statements of the organisation)
    finnish = {s.id for s in declared if s.language == "fi"}
    if data.corpus.primary == "fi":
        finnish.add(SOURCE_ID)
    translated = [p for p in article.passages if p.source in finnish]
    translations = load_translations(corpus_dir / TRANSLATIONS_FILE, translated)
    return Corpus(
        article,
        book,
        chunks,
        embed,
        digest.hexdigest(),
        {t.id: t for t in uncovered},
        texts=texts,
        translations=translations,
    )


def generated_questions(duty: Duty, languages: tuple[str, ...] = ("en", "fi")) -> list[tuple[str, str]]:
    """Owner questions made from a duty's own data: its label in each language and every phrase of its terms,
    each put in two of the language's owner-question templates in turn (`assistant.lang.questions`). They
    stand in for example questions where a duty has none written (a new corpus, or `ASSISTANT_EXAMPLES=false`),
    so a question phrased as a question still finds the duty."""
    from assistant.lang.questions import QUESTIONS

    phrases = [(lang, duty.label(lang)) for lang in languages]
    for term in duty.terms:
        phrases += [(detect_language(p), p) for p in (x.strip() for x in term.split(",")) if p]
    out = []
    for n, (lang, phrase) in enumerate(phrases):
        templates = QUESTIONS.get(lang, QUESTIONS["en"])["owner"]
        for k in range(TEMPLATES_PER_PHRASE):
            out.append((lang, templates[(n + k) % len(templates)].format(duty=phrase)))
    return out


def build_chunks(
    article: Article,
    book: RoleBook,
    asks: dict[str, Asks],
    uncovered: list[UncoveredTopic],
) -> tuple[list[Chunk], dict[str, str]]:
    """Article passages (verbatim), one small document per duty phrasing, example question and role
    summary, and one per question of each uncovered topic."""
    chunks: list[Chunk] = []
    texts: dict[str, str] = {}
    languages = {s.id: s.language for s in book.spec.sources}
    for p in article.passages:
        source_lang = as_language(languages.get(p.source, book.spec.primary))
        chunks.append(Chunk(p.id, p.text, p.section, "article", p.roles, None, source_lang))
        texts[p.id] = p.embed_text
    for duty in book.duties.values():
        owners = tuple(o.role for o in duty.owners)
        phrasings = [(lang, duty.label(lang)) for lang in book.languages] + [("x", t) for t in duty.terms]
        for n, (lang, text) in enumerate(phrasings):
            cid = f"d-{duty.id}-{n}"
            chunks.append(Chunk(cid, text, f"duty:{duty.id}", "duty", owners, duty.id, as_language(lang)))
            texts[cid] = text
        for n, (lang, text) in enumerate(asks.get(duty.id, Asks()).items()):
            cid = f"q-{duty.id}-{n}"
            chunks.append(Chunk(cid, text, f"duty:{duty.id}", "duty", owners, duty.id, as_language(lang)))
            texts[cid] = text
        # a duty without written example questions gets questions made from its own data instead
        written = any(True for _ in asks.get(duty.id, Asks()).items())
        made = [] if written else generated_questions(duty, book.languages)
        for n, (lang, text) in enumerate(made):
            cid = f"g-{duty.id}-{n}"
            chunks.append(Chunk(cid, text, f"duty:{duty.id}", "duty", owners, duty.id, as_language(lang)))
            texts[cid] = text
    for topic in uncovered:
        # in the corpus's languages only: a question in another language has no words of the corpus, and would
        # otherwise share its words with the uncovered topics alone
        asked = [(lang, text) for lang, text in topic.asks.items() if lang in book.languages]
        phrasings = [*((lang, topic.label(lang)) for lang in book.languages), *asked]
        for n, (lang, text) in enumerate(phrasings):
            cid = f"u-{topic.id}-{n}"
            chunks.append(Chunk(cid, text, f"uncovered:{topic.id}", "uncovered", (), None, as_language(lang)))
            texts[cid] = text
    for role in book.roles.values():
        names = ", ".join(
            [*dict.fromkeys(role.name(lang) for lang in book.languages), *(role.expansion or "",)]
        )
        for lang, summary in ((lang, role.summary(lang)) for lang in book.languages):
            cid = f"r-{role.id}-{lang}"
            text = f"{names}: {summary}"
            chunks.append(Chunk(cid, text, f"role:{role.id}", "role", (role.id,), None, as_language(lang)))
            texts[cid] = text
    return chunks, texts
