"""The LangChain integration against the real index: RoleRetriever and the answering Runnable."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from assistant.config import Settings
from assistant.langchain import RoleRetriever, answer_chain
from assistant.service import AnswerService
from assistant.types import Answer, Turn

ROOT = Path(__file__).resolve().parent.parent
ROI = "who owns marketing ROI?"
ROI_PASSAGE = "a-1120bb4edc50"


def test_cited_passages_as_documents(service: AnswerService) -> None:
    retriever = RoleRetriever(service=service)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke(ROI)
    answer = service.ask(ROI)
    assert [d.metadata["chunk_id"] for d in docs] == [c.chunk_id for c in answer.citations][: retriever.k]
    first = docs[0]
    assert first.id == first.metadata["chunk_id"] == ROI_PASSAGE
    assert set(first.metadata) == {"chunk_id", "section", "roles", "source", "score"}
    assert first.metadata["source"] == retriever.service.corpus.spec.sources[0].name
    assert "cro" in first.metadata["roles"]
    assert answer.citations[0].quote in first.page_content  # the whole passage, the quote within it
    assert first.metadata["section"] == answer.citations[0].section


def test_declined_questions_retrieve_nothing(service: AnswerService) -> None:
    assert RoleRetriever(service=service).invoke("what is the capital of France?") == []


def test_search_mode_ranks_k_passages(service: AnswerService) -> None:
    docs = RoleRetriever(service=service, mode="search", k=6).invoke("kuka asettaa myyntikiintiöt?")
    assert len(docs) == 6
    scores = [d.metadata["score"] for d in docs]
    assert scores == sorted(scores, reverse=True)
    assert "sales_manager" in docs[0].metadata["roles"]
    assert all(d.metadata["chunk_id"].startswith("a-") for d in docs)  # article passages only
    assert len({d.metadata["chunk_id"] for d in docs}) == 6


def test_the_retriever_composes_and_batches(service: AnswerService) -> None:
    retriever = RoleRetriever(service=service, k=2)

    def context(docs: list[Document]) -> str:
        return "\n\n".join(d.page_content for d in docs)

    chain = {
        "context": retriever | RunnableLambda(context),
        "question": RunnablePassthrough(),
    } | RunnableLambda(lambda x: f"{x['question']}\n{x['context']}")
    out = chain.invoke(ROI)
    assert out.startswith(ROI) and "ROI" in out
    assert [len(d) for d in retriever.batch([ROI, "what is the capital of France?"])][1] == 0


async def _ainvoke(retriever: RoleRetriever) -> list[Document]:
    return await retriever.ainvoke(ROI)


def test_async_invoke(service: AnswerService) -> None:
    import asyncio

    docs = asyncio.run(_ainvoke(RoleRetriever(service=service)))
    assert docs[0].metadata["chunk_id"] == ROI_PASSAGE


def test_the_answering_chain_returns_the_answer_object(service: AnswerService) -> None:
    chain = answer_chain(service=service)
    assert isinstance(chain, Runnable)
    answer = chain.invoke(ROI)
    assert isinstance(answer, Answer) and answer.roles[0].id == "cro" and answer.citations
    follow = chain.invoke({"question": "who do they report to?", "history": [{"question": ROI}]})
    assert follow.kind == "reports_to" and follow.topic == "cro"
    again = chain.invoke({"question": "who do they report to?", "history": [Turn(ROI, answer)]})
    assert again.topic == "cro"
    with_object = chain.invoke(
        {"question": "who do they report to?", "history": [{"question": ROI, "answer": answer.to_dict()}]}
    )
    assert with_object.topic == "cro"
    assert [a.answered for a in chain.batch([ROI, "what is the capital of France?"])] == [True, False]


def test_from_settings_loads_lazily(
    indexed_data_dir: Path, session_settings: Settings, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    settings = Settings(**{**session_settings.model_dump(exclude={"data_dir"}), "data_dir": data})
    retriever = RoleRetriever.from_settings(settings, k=1)
    assert not retriever.service.ready  # nothing loaded until the first question
    docs = retriever.invoke(ROI)
    assert retriever.service.ready and [d.metadata["chunk_id"] for d in docs] == [ROI_PASSAGE]
    retriever.service.close()


def test_bad_input_is_the_librarys_error(service: AnswerService) -> None:
    from assistant.errors import InvalidQuestion

    for mode in ("cited", "search"):
        with pytest.raises(InvalidQuestion):
            RoleRetriever(service=service, mode=mode).invoke("   ")
    with pytest.raises(InvalidQuestion):
        answer_chain(service=service).invoke("x" * 2001)


def test_the_readme_example_runs(indexed_data_dir: Path, session_settings: Settings, tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- example: langchain -->\s*```python\n(.*?)```", readme, re.DOTALL)
    assert found, "README: the LangChain example"
    data = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    from api.server import settings_env

    env = {
        **os.environ,
        **settings_env(session_settings),
        "ASSISTANT_DATA_DIR": str(data),
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", found.group(1)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert ROI_PASSAGE in done.stdout and "cro" in done.stdout
