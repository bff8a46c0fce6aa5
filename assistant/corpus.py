"""The corpus: the ingested article, the validated role book, and the chunks that go into the index."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import RoleDataError
from assistant.roles import Duty, RoleBook
from assistant.scope import ASKS_FILE, UNCOVERED_FILE, Asks, UncoveredTopic, load_asks, load_uncovered
from assistant.text import detect_language
from assistant.translations import TRANSLATIONS_FILE, Translations, load_translations
from assistant.types import Chunk, as_language
from index.ingest import Article, ingest

ARTICLE_FILE = "article.fi.txt"
# what the chunks are made of besides the files: bump when build_chunks changes, so indexes are rebuilt
CHUNKING = "4: owner questions made from the duty's data where it has no example questions"
TEMPLATES_PER_PHRASE = 2
ROLES_FILE = "roles.yaml"


@dataclass(frozen=True)
class Corpus:
    article: Article
    book: RoleBook
    chunks: list[Chunk]
    embed_texts: dict[str, str]  # chunk id -> the text the embedder sees
    sha256: str  # of the article and the data files together
    uncovered: dict[str, UncoveredTopic] = field(default_factory=dict)
    translations: Translations = field(default_factory=Translations.empty)  # English of the passages

    def chunk(self, chunk_id: str) -> Chunk | None:
        return self._by_id().get(chunk_id)

    def _by_id(self) -> dict[str, Chunk]:
        cache = self.__dict__.get("_by_id_cache")
        if cache is None:
            cache = {c.id: c for c in self.chunks}
            object.__setattr__(self, "_by_id_cache", cache)
        return cache


def load_corpus(corpus_dir: Path, *, examples: bool = True) -> Corpus:
    """Read and validate everything under `corpus_dir`; nothing is embedded here.

    `examples=False` leaves out the hand-written example questions (asks.yaml): the engine then works from
    the role data and the article alone (the ablation `assistant eval --no-examples` measures)."""
    article_path = corpus_dir / ARTICLE_FILE
    roles_path = corpus_dir / ROLES_FILE
    try:
        source = article_path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RoleDataError(f"{article_path}: article not found") from exc
    plain = ingest(source)
    book = RoleBook.load(roles_path, plain)
    article = ingest(source, book.tag_passage, book.heading_roles)
    book.article = article
    asks = load_asks(corpus_dir / ASKS_FILE, book.duties) if examples else {}
    uncovered = load_uncovered(corpus_dir / UNCOVERED_FILE)
    digest = hashlib.sha256(CHUNKING.encode() + b"\0" + source.encode() + b"\0" + roles_path.read_bytes())
    for extra in (ASKS_FILE, UNCOVERED_FILE):
        path = corpus_dir / extra
        digest.update(b"\0" + (path.read_bytes() if path.exists() else b""))
    if not examples:
        digest.update(b"\0without example questions")
    chunks, texts = build_chunks(article, book, asks, uncovered)
    translations = load_translations(corpus_dir / TRANSLATIONS_FILE, article.passages)
    return Corpus(
        article, book, chunks, texts, digest.hexdigest(), {t.id: t for t in uncovered}, translations
    )


def generated_questions(duty: Duty) -> list[tuple[str, str]]:
    """Owner questions made from a duty's own data: its label in each language and every phrase of its terms,
    each put in two of the language's owner-question templates in turn (`assistant.lang.questions`). They
    stand in for example questions where a duty has none written (a new corpus, or `ASSISTANT_EXAMPLES=false`),
    so a question phrased as a question still finds the duty."""
    from assistant.lang.questions import QUESTIONS

    phrases = [("en", duty.en), ("fi", duty.fi)]
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
    for p in article.passages:
        chunks.append(Chunk(p.id, p.text, p.section, "article", p.roles, None, "fi"))
        texts[p.id] = p.embed_text
    for duty in book.duties.values():
        owners = tuple(o.role for o in duty.owners)
        phrasings = [("en", duty.en), ("fi", duty.fi)] + [("x", t) for t in duty.terms]
        for n, (lang, text) in enumerate(phrasings):
            cid = f"d-{duty.id}-{n}"
            chunks.append(Chunk(cid, text, f"duty:{duty.id}", "duty", owners, duty.id, as_language(lang)))
            texts[cid] = text
        for n, (lang, text) in enumerate(asks.get(duty.id, Asks()).items()):
            cid = f"q-{duty.id}-{n}"
            chunks.append(Chunk(cid, text, f"duty:{duty.id}", "duty", owners, duty.id, as_language(lang)))
            texts[cid] = text
        # a duty without written example questions gets questions made from its own data instead
        made = [] if any(True for _ in asks.get(duty.id, Asks()).items()) else generated_questions(duty)
        for n, (lang, text) in enumerate(made):
            cid = f"g-{duty.id}-{n}"
            chunks.append(Chunk(cid, text, f"duty:{duty.id}", "duty", owners, duty.id, as_language(lang)))
            texts[cid] = text
    for topic in uncovered:
        phrasings = [("en", topic.en), ("fi", topic.fi), *topic.asks.items()]
        for n, (lang, text) in enumerate(phrasings):
            cid = f"u-{topic.id}-{n}"
            chunks.append(Chunk(cid, text, f"uncovered:{topic.id}", "uncovered", (), None, as_language(lang)))
            texts[cid] = text
    for role in book.roles.values():
        names = ", ".join([role.name_en, role.name_fi, *(role.expansion or "",)])
        for lang, summary in (("en", role.summary_en), ("fi", role.summary_fi)):
            cid = f"r-{role.id}-{lang}"
            text = f"{names}: {summary}"
            chunks.append(Chunk(cid, text, f"role:{role.id}", "role", (role.id,), None, as_language(lang)))
            texts[cid] = text
    return chunks, texts
