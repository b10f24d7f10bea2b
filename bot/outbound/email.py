"""E-mail out through SMTP: the transport and the sign-in message.

`PMBOT_SMTP_URL` is `smtp://user:pass@host:port` (`smtps://` for TLS from the start,
`?starttls=1` to upgrade a plain connection); `PMBOT_MAIL_FROM` the sender. Every message
has a text and an HTML part, so any mail client shows it. A connection per message keeps
the sender stateless between the outbox's batches; the outbox does the retrying.
"""
from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from intents.messages import render


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    user: str | None
    password: str | None
    tls: bool  # smtps: TLS from the first byte
    starttls: bool

    @classmethod
    def from_url(cls, url: str) -> SmtpConfig:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("PMBOT_SMTP_URL must look like smtp://user:pass@host:port")
        query = parse_qs(parts.query)
        tls = parts.scheme == "smtps"
        return cls(host=parts.hostname, port=parts.port or (465 if tls else 25),
                   user=unquote(parts.username) if parts.username else None,
                   password=unquote(parts.password) if parts.password else None, tls=tls,
                   starttls=query.get("starttls", ["0"])[0].lower() in ("1", "true", "yes"))


class Mailer:
    """Sends one `EmailMessage` per call; raises `OSError`/`smtplib.SMTPException` on failure."""

    def __init__(self, config: SmtpConfig, sender: str, *, timeout: float = 20) -> None:
        self.config, self.sender, self.timeout = config, sender, timeout

    @classmethod
    def from_settings(cls, settings: object) -> Mailer | None:
        url = getattr(settings, "smtp_url", None)
        if not url:
            return None
        sender = getattr(settings, "mail_from", None) or "pmbot@localhost"
        return cls(SmtpConfig.from_url(url), sender)

    def send(self, message: EmailMessage) -> None:
        if "From" not in message:
            message["From"] = self.sender
        if "Message-ID" not in message:
            message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        c = self.config
        if c.tls:
            client: smtplib.SMTP = smtplib.SMTP_SSL(c.host, c.port, timeout=self.timeout,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(c.host, c.port, timeout=self.timeout)
        with client:
            if c.starttls:
                client.starttls(context=ssl.create_default_context())
            if c.user:
                client.login(c.user, c.password or "")
            client.send_message(message)


def html_page(body: str) -> str:
    """The shell of every HTML mail: readable on a phone, no remote images or styles."""
    return ("<!doctype html><html><body style=\"font-family:sans-serif;font-size:15px;"
            "line-height:1.5;max-width:640px;margin:0 auto;padding:12px;color:#1d2433\">"
            f"{body}</body></html>")


def sign_in_message(*, to: str, link: str, lang: str, minutes: int) -> EmailMessage:
    """The magic-link mail: the link alone, how long it lasts, and what to do if unasked."""
    from html import escape

    message = EmailMessage()
    message["To"] = to
    message["Subject"] = render("portal.mail_subject", lang)
    text = render("portal.mail_text", lang, link=link, minutes=minutes)
    message.set_content(text)
    body = (f"<p>{escape(render('portal.mail_intro', lang))}</p>"
            f"<p><a href=\"{escape(link)}\" style=\"display:inline-block;padding:10px 16px;"
            f"background:#2456a6;color:#fff;border-radius:6px;text-decoration:none\">"
            f"{escape(render('portal.sign_in', lang))}</a></p>"
            f"<p style=\"color:#5b6475\">{escape(render('portal.mail_note', lang, minutes=minutes))}</p>")
    message.add_alternative(html_page(body), subtype="html")
    return message
