"""The outbox's e-mail platform: a notice as a mail with a text and an HTML part.

The row's text is the chat notice, in the recipient's language (rendered when queued).
The mail adds a subject, a link to the portal page of the project it is about, and, for
digests and milestone news, the project's Gantt inline (drawn as the recipient may see
it). The Message-ID is derived from the row's dedup key, so a mail re-sent after a lost
lease carries the same id and mail clients show it once. Failures are retried by the
outbox like any platform's: a refused address gives up, a connection problem retries.
"""
from __future__ import annotations

import hashlib
import logging
import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage
from html import escape
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.outbound.delivery import GiveUp, Retry
from bot.outbound.email import Mailer, html_page
from bot.web.links import approval_url, project_url
from domain.core.models import OutboxMessage
from intents.messages import render

log = logging.getLogger("pmbot.email")
CHART_KINDS = ("weekly_digest", "milestone_reached", "milestone_slipped", "milestone_upcoming")


class EmailSender:
    platform = "email"

    def __init__(self, mailer: Mailer, *, base_url: str, engine: Engine | None = None,
                 charts: bool = True) -> None:
        self.mailer, self.base_url, self.engine, self.charts = mailer, base_url, engine, charts

    def send(self, row: OutboxMessage) -> str | None:
        message = self.compose(row)
        self._deliver(message)
        return str(message["Message-ID"])

    def edit(self, row: OutboxMessage, ref: str) -> None:
        """A mail cannot be changed once sent: the update goes as a reply to it."""
        message = self.compose(row)
        message["In-Reply-To"] = ref
        message.replace_header("Subject", "Re: " + str(message["Subject"]))
        self._deliver(message)

    def compose(self, row: OutboxMessage) -> EmailMessage:
        lang = row.lang if row.lang in ("en", "zh") else "en"
        approval = approval_of(row)
        code = None if approval is not None else project_code(row.subject)
        if approval is not None:
            link = approval_url(self.base_url, approval)
        else:
            link = project_url(self.base_url, code) if code else f"{self.base_url}/portal/"
        message = EmailMessage()
        message["To"] = row.chat_id
        message["Subject"] = subject_line(row, lang)
        message["Message-ID"] = message_id(row, self.mailer.sender)
        text = row.text + _choices(row, lang)
        where = "portal.decide_in_portal" if approval is not None else "portal.open_in_portal"
        message.set_content(f"{text}\n\n{render(where, lang, url=link)}\n")
        chart = self._chart(row, code, lang) if code and row.kind in CHART_KINDS else None
        message.add_alternative(html_body(text, link, lang, with_chart=chart is not None),
                                subtype="html")
        if chart is not None:
            html_part = message.get_body(("html",))
            assert isinstance(html_part, EmailMessage)
            html_part.add_related(chart, maintype="image", subtype="png", cid="<chart>",
                                  filename=f"{code}-gantt.png")
        return message

    def _chart(self, row: OutboxMessage, code: str, lang: str) -> bytes | None:
        """The project's Gantt as the recipient sees it; a mail without it beats no mail."""
        if self.engine is None or not self.charts:
            return None
        try:
            from bot.web.chart_png import chart_png
            from domain.core.actors import local_today
            from domain.insight.charts.data import gantt_data
            from domain.people.signin import actor_by_id

            with Session(self.engine) as session:
                kind, ident = ("contact", row.contact_id) if row.contact_id else ("person", row.person_id)
                actor = actor_by_id(session, kind, int(ident or 0))
                if actor is None:
                    return None
                today = local_today(actor, datetime.now(UTC))
                data = gantt_data(session, actor, project=code, today=today)
            return chart_png("gantt", data, lang)
        except Exception:
            log.exception("no chart for the mail of outbox row %s", row.id)
            return None

    def _deliver(self, message: EmailMessage) -> None:
        try:
            self.mailer.send(message)
        except smtplib.SMTPRecipientsRefused as error:
            raise GiveUp(f"email: recipient refused: {error}") from error
        except smtplib.SMTPResponseException as error:
            if 400 <= error.smtp_code < 500:
                raise Retry(f"email: {error.smtp_code} {error.smtp_error!r}") from error
            raise GiveUp(f"email: {error.smtp_code} {error.smtp_error!r}") from error
        except (OSError, smtplib.SMTPException) as error:
            raise Retry(f"email: {error}") from error


def _choices(row: OutboxMessage, lang: str) -> str:
    """A mail has no buttons: the chat commands they stand for (approve #12, reject #12)."""
    values = [b["value"] for b in row.buttons or [] if b.get("value")]
    if not values or not row.kind.startswith("approval"):  # ratings: the portal's form
        return ""
    return "\n" + render("email.buttons_hint", lang, commands=" / ".join(values))


def approval_of(row: OutboxMessage) -> int | None:
    """The request an approval notice is about (its buttons say "approve #12", a reminder's
    subject "#12"): the mail links to its portal page, where the approver decides."""
    for button in row.buttons or []:  # approval notices and the 100 % budget alert
        verb, _, ref = str(button.get("value", "")).partition(" #")
        if verb in ("approve", "reject") and ref.isdigit():
            return int(ref)
    if not row.kind.startswith("approval"):
        return None
    ref = row.subject.strip().lstrip("#")
    return int(ref) if row.subject.strip().startswith("#") and ref.isdigit() else None


def project_code(subject: str) -> str | None:
    """Notices name their project first ("CODE" or "CODE / milestone")."""
    code = subject.split(" / ", 1)[0].strip()
    return code if code and " " not in code else None


def subject_line(row: OutboxMessage, lang: str) -> str:
    kind = render(f"email.kind.{row.kind}", lang)
    if kind == f"email.kind.{row.kind}":
        kind = render("email.kind.default", lang)
    return f"{kind}: {row.subject}" if row.subject else kind


def message_id(row: OutboxMessage, sender: str) -> str:
    digest = hashlib.sha256(row.dedup_key.encode()).hexdigest()[:32]
    domain = sender.rpartition("@")[2].strip(">") or "pmbot.local"
    return f"<{digest}@{domain}>"


def html_body(text: str, link: str, lang: str, *, with_chart: bool) -> str:
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    chart = ("<p><img src=\"cid:chart\" alt=\"Gantt\" style=\"max-width:100%;height:auto\"></p>"
             if with_chart else "")
    button = (f"<p><a href=\"{escape(link)}\" style=\"display:inline-block;padding:10px 16px;"
              f"background:#2456a6;color:#fff;border-radius:6px;text-decoration:none\">"
              f"{escape(render('portal.view_in_portal', lang))}</a></p>")
    return html_page(paragraphs + chart + button)


def email_sender(settings: Any, engine: Engine | None) -> EmailSender:
    mailer = Mailer.from_settings(settings)
    assert mailer is not None, "email_sender needs PMBOT_SMTP_URL"
    return EmailSender(mailer, base_url=settings.portal_base(), engine=engine)
