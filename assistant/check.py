"""`assistant check`: validate a corpus and report what an author needs to fix.

- validation: every file, field, quote and id (the first error, naming file, field and fix, stops it);
- names: role names two roles share or one role's alias reads inside another's name, names a role's own aliases
  do not find, acronyms used twice, and titles the sources use that are no role of the corpus;
- missing translations: text fields of a corpus language filled from the first language;
- roles that own no duty (no "who owns ...?" question can name them);
- the self-test: each role asked what it does (and what its acronym stands for), each duty asked by every one
  of its own phrasings (its labels, terms and example questions), with why a phrasing that fails went wrong.

The self-test needs an index of the corpus: it is built (or confirmed) in its own folder under the data
folder, `check/`, never replacing the index that is served (the data folder's embedding cache is shared).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant import selftest
from assistant.config import Settings
from assistant.corpus import OFFTOPIC_FILE, Corpus, load_corpus
from assistant.errors import RoleDataError
from assistant.scope import UNCOVERED_FILE, load_uncovered
from assistant.selftest import SelfTest
from index.store import CACHE_FILE, Progress

CHECK_DIR = "check"  # under the data folder: the index the self-test asks


@dataclass
class CheckReport:
    corpus_dir: str
    error: str | None = None  # the validation error (file, field and fix); nothing else is checked then
    name: str = ""
    summary: str = ""  # what loaded: roles, duties, passages, sources
    names: list[str] = field(default_factory=list)
    missing_translations: list[str] = field(default_factory=list)
    idle_roles: list[str] = field(default_factory=list)
    # the topics declined by name, by where they come from: "own" (uncovered.yaml), "everyday" (the engine's
    # workplace topics: without uncovered.yaml, or with `everyday: true`) and "off-topic" (every corpus)
    topics: dict[str, list[str]] = field(default_factory=dict)
    self_test: SelfTest | None = None

    @property
    def warnings(self) -> int:
        failed = len(self.self_test.failed) if self.self_test is not None else 0
        return len(self.names) + len(self.missing_translations) + len(self.idle_roles) + failed

    def ok(self, strict: bool = False) -> bool:
        """Valid; with ``strict``, also nothing to warn about."""
        return self.error is None and (not strict or self.warnings == 0)

    def by_duty(self) -> dict[str, list[selftest.Check]]:
        out: dict[str, list[selftest.Check]] = {}
        for c in self.self_test.checks if self.self_test is not None else []:
            out.setdefault(c.subject, []).append(c)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "corpus_dir": self.corpus_dir,
            "valid": self.error is None,
            "error": self.error,
            "name": self.name,
            "summary": self.summary,
            "names": self.names,
            "missing_translations": self.missing_translations,
            "idle_roles": self.idle_roles,
            "topics": self.topics,
            "self_test": self.self_test.to_dict() if self.self_test is not None else None,
        }


def check(
    settings: Settings, corpus_dir: Path, *, progress: Progress | None = None, index: bool = True
) -> CheckReport:
    """Check the corpus in ``corpus_dir``; ``index=False`` leaves out the self-test (nothing is embedded)."""
    report = CheckReport(str(corpus_dir))
    try:
        corpus = load_corpus(corpus_dir, examples=settings.examples)
    except RoleDataError as exc:
        report.error = str(exc)
        return report
    book = corpus.book
    report.name = corpus.spec.name
    sources = ", ".join(f"{s.file} ({s.language})" for s in corpus.spec.sources)
    report.summary = (
        f"{len(book.roles)} roles, {len(book.duties)} duties, {len(corpus.article.passages)} passages from "
        f"{sources}; languages {', '.join(book.languages)}"
    )
    report.names = name_problems(corpus)
    report.missing_translations = list(book.missing_translations)
    report.idle_roles = [
        f"{r.id}: owns no duty, so no 'who owns ...?' question can name it (add it as an owner, or `context: true`)"
        for r in book.roles.values()
        if not r.context and r.id not in book.absent and not book.responsibilities(r.id)
    ]
    report.topics = declined_topics(corpus, corpus_dir)
    if index:
        report.self_test = self_test(settings, corpus_dir, progress)
    return report


def declined_topics(corpus: Corpus, corpus_dir: Path) -> dict[str, list[str]]:
    """The corpus's uncovered topics by where they come from (own file, everyday, off-topic), as ids."""
    languages = corpus.book.languages
    own = {t.id for t in load_uncovered(corpus_dir / UNCOVERED_FILE, languages)}
    offtopic = {t.id for t in load_uncovered(OFFTOPIC_FILE, languages)}
    out: dict[str, list[str]] = {"own": [], "everyday": [], "off-topic": []}
    for topic in corpus.uncovered:
        origin = "own" if topic in own else "off-topic" if topic in offtopic else "everyday"
        out[origin].append(topic)
    return out


def self_test(settings: Settings, corpus_dir: Path, progress: Progress | None = None) -> SelfTest:
    """The canonical role questions and every duty's own phrasings, asked of the corpus's own index."""
    from assistant.service import AnswerService

    own = settings.model_copy(
        update={
            "corpus_dir": corpus_dir,
            "data_dir": settings.data_dir / CHECK_DIR,
            "chroma_namespace": f"{settings.chroma_namespace}-{CHECK_DIR}",
        }
    )
    service = AnswerService(own)
    try:
        service.build_index(progress=progress, cache=settings.data_dir / CACHE_FILE)
        service.load()
        roles = [c for c in selftest.canonical(service.answerer).checks if c.subject.startswith("role:")]
        return SelfTest(roles + selftest.phrasings(service.answerer).checks)
    finally:
        service.close()


def name_problems(corpus: Corpus) -> list[str]:
    """Names two roles share, names a role's aliases do not find, acronyms used twice, and titles the sources
    use that are no role of the corpus."""
    from assistant.answering.query import unknown_title

    book = corpus.book
    problems: list[str] = []
    owner_of: dict[str, str] = {}
    for role in book.roles.values():
        for alias in role.aliases:
            key = alias.rstrip("*").strip().casefold()
            other = owner_of.setdefault(key, role.id)
            if other != role.id:
                problems.append(
                    f"the alias {alias!r} names both {other!r} and {role.id!r}; keep it on one role"
                )
    for role in book.roles.values():
        names = {role.name(lang) for lang in book.languages} | ({role.expansion} if role.expansion else set())
        for name in sorted(names):
            found = book.mentions(name)
            others = sorted({m.role for m in found if m.role != role.id})
            if others:
                problems.append(
                    f"{role.id}: its name {name!r} is also read as {', '.join(others)}; make those aliases more "
                    "specific (or add the whole name to this role's aliases: the longest match wins)"
                )
            elif not found:
                problems.append(
                    f"{role.id}: its name {name!r} is not found by its aliases; add it to `aliases`"
                )
    acronyms: dict[str, str] = {}
    for role in book.roles.values():
        if role.acronym:
            other = acronyms.setdefault(role.acronym.upper(), role.id)
            if other != role.id:
                problems.append(f"the acronym {role.acronym!r} is used by {other!r} and {role.id!r}")
    titles: dict[str, str] = {}
    for passage in corpus.article.passages:
        title = unknown_title(book, passage.text)
        if title and title.casefold() not in titles:
            titles[title.casefold()] = f"{title!r} (in {passage.section or passage.source!r})"
    if titles:
        problems.append(
            "the sources name titles that are no role of the corpus: "
            + ", ".join(sorted(titles.values()))
            + "; add a role (`context: true` if only named) or an alias where one is meant"
        )
    return problems
