"""Building the index: ingestion of the sources, chunking, the Chroma store and its manifest.

The lowest layer: it imports nothing of the library (``assistant``), which reaches it through small interfaces
(``index.store.StoreSettings``, ``IndexedCorpus``, ``Embedder``). The chunk type (``index.chunks``), the errors
the store and the local stores raise (``index.errors``) and SQLite for every local store (``index.sqlite``) live
here; ``assistant.types``, ``assistant.errors`` and ``assistant.storage`` re-export them under their old names.
"""
