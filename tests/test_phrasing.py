"""LLM phrasing through the real service and index, LangChain's ChatOpenAI, and the stand-in LLM server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.service import AnswerService
from tests.llm_standin import WRONG, LLMStandin, decided_answer

ROI = "who owns marketing ROI?"
TIMEOUT = 3.0
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def standin() -> Iterator[LLMStandin]:
    with LLMStandin() as server:
        yield server


@pytest.fixture(scope="module")
def llm_service(
    indexed_data_dir: Path,
    session_settings: Settings,
    standin: LLMStandin,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[AnswerService]:
    data = tmp_path_factory.mktemp("llm") / "data"
    shutil.copytree(indexed_data_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    settings = Settings(
        **{
            **session_settings.model_dump(exclude={"data_dir"}),
            "data_dir": data,
            "llm_base_url": standin.base_url,
            "llm_model": "standin-model",
            "llm_timeout_seconds": TIMEOUT,
        }
    )
    svc = AnswerService(settings)
    svc.load()
    yield svc
    svc.close()


@pytest.fixture
def llm(standin: LLMStandin) -> LLMStandin:
    standin.mode = "echo"
    standin.resume.clear()
    standin.paused.clear()
    return standin


def test_the_llm_writes_the_text_and_the_engine_keeps_roles_and_citations(
    llm_service: AnswerService, llm: LLMStandin
) -> None:
    before = len(llm.requests)
    grounded = llm_service.ask(ROI)
    phrased = llm_service.phrase(ROI, grounded)
    assert phrased.answer == "In short: " + grounded.answer
    assert phrased.roles == grounded.roles and phrased.citations == grounded.citations
    assert (phrased.kind, phrased.topic, phrased.answered) == (grounded.kind, grounded.topic, True)
    body = llm.wait_requests(before + 1)[-1]
    assert body["model"] == "standin-model" and not body.get("stream")
    prompt = "\n".join(m["content"] for m in body["messages"])
    assert ROI in prompt and decided_answer(body) == grounded.answer
    for passage in llm_service.cited(grounded):  # the whole cited passages, not only the quotes
        assert passage.text in prompt
    assert "Chief Revenue Officer" in body["messages"][0]["content"]  # the owner it must name


@pytest.mark.parametrize("mode", ["wrong-owner", "drop-owner", "error"])
def test_a_reply_that_fails_the_check_or_errs_gives_the_template(
    llm_service: AnswerService, llm: LLMStandin, mode: str
) -> None:
    llm.mode = mode
    grounded = llm_service.ask(ROI)
    before = len(llm.requests)
    assert llm_service.phrase(ROI, grounded) == grounded
    assert len(llm.wait_requests(before + 1)) == before + 1  # the LLM was asked, its reply not used


def test_a_slow_reply_times_out_to_the_template(llm_service: AnswerService, llm: LLMStandin) -> None:
    llm.mode = "slow"
    grounded = llm_service.ask(ROI)
    started = time.monotonic()
    assert llm_service.phrase(ROI, grounded) == grounded
    assert time.monotonic() - started < TIMEOUT + 5


def test_declined_answers_are_never_sent_to_the_llm(llm_service: AnswerService, llm: LLMStandin) -> None:
    before = len(llm.requests)
    declined = llm_service.ask("what is the capital of France?")
    assert not declined.answered
    assert llm_service.phrase("what is the capital of France?", declined) == declined
    assert llm_service.phrase_stream("what is the capital of France?", declined) is None
    assert len(llm.requests) == before


def test_streaming_passes_text_through_as_it_comes(llm_service: AnswerService, llm: LLMStandin) -> None:
    llm.mode = "pause"
    grounded = llm_service.ask(ROI)
    stream = llm_service.phrase_stream(ROI, grounded)
    assert stream is not None
    pieces = iter(stream)
    first = next(pieces)  # arrives while the model is still paused after its first sentence
    assert llm.paused.wait(30) and not llm.resume.is_set()  # (the stand-in says so just after sending it)
    assert first and "In short:" in first
    llm.resume.set()
    text = first + "".join(pieces)
    assert stream.outcome == "llm" and not stream.replaced
    assert text.strip() == stream.answer.answer == "In short: " + grounded.answer
    assert llm.requests[-1]["stream"] is True


def test_a_stream_that_turns_wrong_is_replaced_by_the_template(
    llm_service: AnswerService, llm: LLMStandin
) -> None:
    llm.mode = "late-wrong"
    llm.resume.set()
    grounded = llm_service.ask(ROI)
    stream = llm_service.phrase_stream(ROI, grounded)
    assert stream is not None
    shown = "".join(stream)
    assert "Chief Sales Officer" not in shown and "CSO" not in shown  # never released
    assert stream.replaced and stream.answer == grounded
    assert WRONG not in stream.answer.answer


def test_a_stream_naming_the_wrong_owner_shows_only_the_template(
    llm_service: AnswerService, llm: LLMStandin
) -> None:
    llm.mode = "wrong-owner"
    grounded = llm_service.ask(ROI)
    stream = llm_service.phrase_stream(ROI, grounded)
    assert stream is not None
    assert "".join(stream) == grounded.answer and not stream.replaced
    assert stream.answer == grounded


@pytest.mark.parametrize(
    ("question", "role", "lang"),
    [
        ("write a job description for a BDR", "bdr", "en"),
        ("summarise the CRO role in three bullet points", "cro", "en"),
        ("kirjoita työpaikkailmoitus BDR:lle", "bdr", "fi"),
    ],
)
def test_summaries_and_job_descriptions_come_from_one_roles_data(
    llm_service: AnswerService, llm: LLMStandin, question: str, role: str, lang: str
) -> None:
    phrased = llm_service.phrase(question, llm_service.ask(question))
    assert phrased.answered and phrased.kind == "define" and [r.id for r in phrased.roles] == [role]
    assert phrased.language == lang and phrased.citations
    assert phrased.answer.startswith("In short: ")
    assert question in llm.requests[-1]["messages"][1]["content"]


def test_role_requests_without_an_llm_are_left_to_the_engine(service: AnswerService) -> None:
    question = "summarise the CRO role in three bullet points"
    answer = service.ask(question)
    assert service.phrase(question, answer) is answer
    assert service.phrase_stream(question, answer) is None


def _run(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_langchain_openai_is_imported_only_when_an_llm_is_configured_and_used(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from fastapi.testclient import TestClient\n"
        "from api.app import create_app\n"
        "from assistant.config import Settings\n"
        "import assistant.langchain, assistant.phrasing, assistant.service\n"
        "settings = Settings()\n"
        "with TestClient(create_app(settings)) as client:\n"
        "    client.get('/healthz')\n"
        "print(settings.llm_enabled, 'langchain_openai' in sys.modules)\n"
    )
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data")}
    assert _run(code, env) == "False False"
    llm_env = {**env, "ASSISTANT_LLM_BASE_URL": "http://127.0.0.1:9/v1", "ASSISTANT_LLM_MODEL": "m"}
    assert _run(code, llm_env) == "True False"  # configured, not used yet: still not imported


def test_the_llm_key_reaches_worker_processes_unmasked() -> None:
    from api.server import settings_env

    settings = Settings(llm_base_url="http://x/v1", llm_model="m", llm_api_key="sk-secret")
    assert "sk-secret" not in repr(settings)
    assert settings_env(settings)["ASSISTANT_LLM_API_KEY"] == "sk-secret"


def test_llm_settings_go_together() -> None:
    with pytest.raises(ValueError, match="ASSISTANT_LLM_MODEL"):
        Settings(llm_base_url="http://127.0.0.1:11434/v1")
    with pytest.raises(ValueError, match="ASSISTANT_LLM_BASE_URL"):
        Settings(llm_model="llama3.2")
    assert not Settings().llm_enabled
    assert Settings(llm_base_url="http://x/v1", llm_model="m").llm_enabled
