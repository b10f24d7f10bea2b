"""Configuration from the environment (and `.env`), read only at the edge, only when asked."""
from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field("sqlite:///pmbot.db", validation_alias="PMBOT_DATABASE_URL")
    data_dir: str = Field("./pmbot-data", validation_alias="PMBOT_DATA_DIR")
    chroma_url: str | None = Field(None, validation_alias="PMBOT_CHROMA_URL")
    timezone: str = Field("Asia/Shanghai", validation_alias="PMBOT_TIMEZONE")
    llm: str | None = Field(None, validation_alias="PMBOT_LLM")
    slack_bot_token: str | None = Field(None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str | None = Field(None, validation_alias="PMBOT_SLACK_API_URL")
    slack_port: int = Field(3000, validation_alias="PMBOT_SLACK_PORT")
    slack_host: str = Field("0.0.0.0", validation_alias="PMBOT_SLACK_HOST")
    telegram_bot_token: str | None = Field(None, validation_alias="TELEGRAM_BOT_TOKEN")
    telegram_webhook_secret: str | None = Field(None, validation_alias="TELEGRAM_WEBHOOK_SECRET")
    telegram_webhook_url: str | None = Field(None, validation_alias="PMBOT_TELEGRAM_WEBHOOK_URL")
    telegram_webhook_port: int = Field(8443, validation_alias="PMBOT_TELEGRAM_WEBHOOK_PORT")
    telegram_webhook_host: str = Field("0.0.0.0", validation_alias="PMBOT_TELEGRAM_WEBHOOK_HOST")
    telegram_api_url: str = Field(
        "https://api.telegram.org",
        validation_alias=AliasChoices("PMBOT_TELEGRAM_API_URL"),
    )
    # the client portal and e-mail (issue 16)
    public_url: str | None = Field(None, validation_alias="PMBOT_PUBLIC_URL")
    web_host: str = Field("127.0.0.1", validation_alias="PMBOT_WEB_HOST")
    web_port: int = Field(8090, validation_alias="PMBOT_WEB_PORT")
    smtp_url: str | None = Field(None, validation_alias="PMBOT_SMTP_URL")
    mail_from: str | None = Field(None, validation_alias="PMBOT_MAIL_FROM")
    secret_key: str | None = Field(None, validation_alias="PMBOT_SECRET_KEY")
    cache_dir: str | None = Field(None, validation_alias="PMBOT_CACHE_DIR")

    def portal_base(self) -> str:
        """Where links in messages point: PMBOT_PUBLIC_URL, else the portal's own address."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.web_host in ("0.0.0.0", "::") else self.web_host
        return f"http://{host}:{self.web_port}"


def load_settings(**overrides: object) -> Settings:
    settings = Settings()
    _hand_down_cache_dir(settings)
    return settings.model_copy(update={k: v for k, v in overrides.items() if v is not None})


def _hand_down_cache_dir(settings: Settings) -> None:
    """knowledge/ finds its unpacked weights through `$PMBOT_CACHE_DIR` because it may not
    import bot/; a folder set only in `.env` is handed down through the environment here, at
    the edge, before anything loads. A variable already in the environment wins, as always."""
    import os

    if settings.cache_dir and not os.environ.get("PMBOT_CACHE_DIR"):
        os.environ["PMBOT_CACHE_DIR"] = settings.cache_dir
