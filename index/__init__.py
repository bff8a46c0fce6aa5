"""Building the index: ingestion of the article, chunking, the Chroma store and its manifest."""
