"""The embedding model as a Chroma embedding function, registered by name.

Chroma stores the function's name and config with the collection; registering it here
means a persisted collection reopens with our offline model instead of Chroma's default
(which would try to download one). Importing this module imports chromadb: keep it lazy.
"""
from __future__ import annotations

from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from knowledge.search.embedding import MODEL_NAME, embed


@register_embedding_function
class UseMultilingualEmbedding(EmbeddingFunction[Documents]):
    """USE multilingual v3 for Chroma; cosine space, vectors already normalised."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return list(embed(list(input)))

    @staticmethod
    def name() -> str:
        return "pmbot-" + MODEL_NAME

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> UseMultilingualEmbedding:
        return UseMultilingualEmbedding()

    def get_config(self) -> dict[str, Any]:
        return {"model": MODEL_NAME}
