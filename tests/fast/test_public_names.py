"""The names the library has always offered keep working when what they name lives in a lower layer."""

from __future__ import annotations

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
