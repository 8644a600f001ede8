"""The SMTP connection SMEUP_SMTP_URL names: smtp:// (STARTTLS when offered), smtps://."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


class SmtpUrlError(ValueError):
    """SMEUP_SMTP_URL cannot be read."""


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to send."""

    host: str
    port: int
    tls: bool  # smtps: TLS from the first byte
    username: str
    password: str


def parse_smtp_url(url: str) -> SmtpServer:
    """smtp://user:password@host:587, smtps://user:password@host:465, smtp://host:port."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise SmtpUrlError(
            f"SMEUP_SMTP_URL 應為 smtp://帳號:密碼@主機:587 或 smtps://…:465（{parts.scheme}）"
        )
    try:
        port = parts.port
    except ValueError as exc:
        raise SmtpUrlError("SMEUP_SMTP_URL 的連接埠不是數字") from exc
    tls = parts.scheme == "smtps"
    return SmtpServer(
        host=parts.hostname,
        port=port or (465 if tls else 587),
        tls=tls,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
    )


def connect(server: SmtpServer, timeout: float) -> smtplib.SMTP:
    """An open, greeted (and, when possible, encrypted and signed-in) connection."""
    context = ssl.create_default_context()
    if server.tls:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            server.host, server.port, timeout=timeout, context=context
        )
    else:
        smtp = smtplib.SMTP(server.host, server.port, timeout=timeout)
    try:
        smtp.ehlo()
        if not server.tls and smtp.has_extn("starttls"):
            smtp.starttls(context=context)
            smtp.ehlo()
        if server.username:
            smtp.login(server.username, server.password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def reason(exc: BaseException) -> str:
    """Why a try failed, in words for the 送信紀錄 page."""
    if isinstance(exc, smtplib.SMTPResponseException):
        text = (
            exc.smtp_error.decode(errors="replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        return f"郵件伺服器回覆 {exc.smtp_code}：{text}"[:1000]
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [
            f"{code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for code, msg in exc.recipients.values()
        ]
        return ("郵件伺服器拒收收件人：" + "；".join(codes))[:1000]
    return f"無法連線寄信伺服器：{type(exc).__name__}: {exc}"[:1000]


def permanent(exc: BaseException) -> bool:
    """A 5xx answer: the server will refuse it again; trying later only delays the news."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return False


class Connection:
    """One SMTP connection for a batch, opened when first needed."""

    def __init__(self, url: str, timeout: float):
        self.server = parse_smtp_url(url)
        self.timeout = timeout
        self.smtp: smtplib.SMTP | None = None

    def envelope(self, sender: str, to: str) -> smtplib.SMTP:
        """MAIL FROM and RCPT TO (connecting first when needed); a refusal raises."""
        if self.smtp is None:
            self.smtp = connect(self.server, self.timeout)
        code, answer = self.smtp.mail(sender)
        if code != 250:
            self.smtp.rset()
            raise smtplib.SMTPSenderRefused(code, answer, sender)
        code, answer = self.smtp.rcpt(to)
        if code not in (250, 251):
            self.smtp.rset()
            raise smtplib.SMTPRecipientsRefused({to: (code, answer)})
        return self.smtp

    def drop(self) -> None:
        """Forget a connection that broke."""
        if self.smtp is not None:
            try:
                self.smtp.close()
            finally:
                self.smtp = None

    def close(self) -> None:
        """Say QUIT and close."""
        if self.smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.smtp.quit()
            self.drop()
