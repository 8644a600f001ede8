"""Configuration: defaults, then instance/config.py, then environment variables."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import click

# Where `make run` serves: the public address when none is configured outside production.
DEV_PUBLIC_BASE_URL = "http://127.0.0.1:8000"

MISSING_KEY_MESSAGE = (
    "SECRET_KEY 未設定：正式環境（SMEUP_ENV=production，預設值）須設定 SECRET_KEY"
    "（或 SMEUP_SECRET_KEY）；本機開發請設 SMEUP_ENV=development（make run 已寫入 instance/config.py）"
)


class ConfigError(click.ClickException):
    """A setting the app cannot start with; the CLI shows its message as one line."""


class Defaults:
    """Settings every deployment starts from; override per instance or by environment."""

    SMEUP_ENV = "production"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    PERMANENT_SESSION_LIFETIME = timedelta(minutes=30)
    SESSION_REFRESH_EACH_REQUEST = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "smeup_session"
    REMEMBER_COOKIE_DURATION = timedelta(0)
    # Long forms stay open for a long time; the token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 2 * 1024 * 1024
    # Empty: Redis when REDIS_URL is set, else the app's database (shared by every worker).
    RATELIMIT_STORAGE_URI = ""
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = False
    SMEUP_PUBLIC_SUBMIT_LIMIT = "20 per minute"
    # Sign-in: wrong passwords per account from one address (that account waits, from that
    # address only: a venue's tablets share one), and every sign-in per address (anyone waits).
    SMEUP_LOGIN_LIMIT = "5 per 15 minutes"
    SMEUP_LOGIN_ADDRESS_LIMIT = "60 per minute"
    # Proxies in front of the app whose X-Forwarded-For/-Proto are believed: 0 trusts none (the
    # client address is the TCP peer's, a forged header changes nothing); 1 is one nginx or load
    # balancer (deploy/). Set it to exactly the number of proxies every request passes through.
    SMEUP_PROXY_HOPS = 0
    # The name this host writes beside a SQLite file it serves (smeup/sqlite_host.py), so another
    # host refuses to share the file; empty: the machine's host name.
    SMEUP_HOST_NAME = ""
    # Absolute links (QR codes, resume links) start with this, never with the Host header.
    SMEUP_PUBLIC_BASE_URL = ""
    SMEUP_KIOSK_IDLE_SECONDS = 120
    # A kiosk tablet's cookie lives this long since its last request (staff sessions: 30 minutes),
    # so a tablet offline all day is still the kiosk, and its outbox delivers, when it is back.
    SMEUP_KIOSK_OFFLINE_DAYS = 7
    # PEM of the RSA key kiosk outbox entries are wrapped for; empty: instance/outbox_key.pem.
    SMEUP_OUTBOX_PRIVATE_KEY = ""
    SMEUP_DRAFT_DAYS = 90
    # 數位轉型 monthly records: a month locks this many days after it ends; an officer's
    # reopening lasts this many days; an import file may be this large.
    SMEUP_DIGITAL_LOCK_DAYS = 10
    SMEUP_DIGITAL_REOPEN_DAYS = 7
    SMEUP_DIGITAL_IMPORT_MAX_BYTES = 10 * 1024 * 1024
    # 實戰培訓 online sessions: present for at least this share of the session counts as attended.
    SMEUP_TRAINING_PRESENT_SHARE = 0.8
    SMEUP_TRAINING_REMINDER_HOURS = 24  # a session's reminder mail goes out this long before it
    # The official company registry (GCIS). None: its public API in production, off elsewhere;
    # "" turns the feature off. Answers are kept SMEUP_REGISTRY_CACHE_DAYS days.
    SMEUP_REGISTRY_URL = None
    SMEUP_REGISTRY_TIMEOUT = 3
    SMEUP_REGISTRY_CONCURRENCY = 2  # look-ups one process makes at once
    SMEUP_REGISTRY_CACHE_DAYS = 30
    SMEUP_REGISTRY_LIMIT = "30 per minute"
    # E-mail (mail.md): empty SMTP URL records messages and sends none (the worker prints
    # them). smtp://user:password@host:587 (STARTTLS when offered), smtps://user:password@host:465.
    SMEUP_SMTP_URL = ""
    SMEUP_MAIL_FROM = ""  # empty: 推升級 中小企業服務 <noreply@ the public host>
    SMEUP_MAIL_REPLY_TO = ""
    SMEUP_SMTP_TIMEOUT = 30
    SMEUP_MAIL_BATCH = 20  # messages a worker claims at a time
    SMEUP_MAIL_LEASE_SECONDS = 600  # a worker's claim lapses after this (a crashed worker)
    # A sent or failed message's content (bodies, attachments, the address's name part) is
    # cleared by `flask purge-drafts` once it is this many days old; the row stays.
    SMEUP_MAIL_KEEP_DAYS = 180
    SEND_FILE_MAX_AGE_DEFAULT = timedelta(days=365)
    # Pages and static files go out compressed; CSV/XLSX exports are not in the list (speed).
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_ALGORITHM_STREAMING = ["br", "deflate"]
    COMPRESS_STREAMS = True
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
    ]


def _database_url(app_instance_path: str) -> str:
    """DATABASE_URL when set (psycopg 3 driver), otherwise SQLite in the instance folder."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(app_instance_path) / "smeup.sqlite3")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _instance_secret_key(instance_path: str) -> str:
    """Read the development secret key from instance/, generating it on first run."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load_config(app, test_config: dict | None) -> None:
    """Fill app.config in order: defaults, instance/config.py, environment, test overrides."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    if os.environ.get("DATABASE_URL") or not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = _database_url(app.instance_path)
    if os.environ.get("REDIS_URL"):
        app.config["RATELIMIT_STORAGE_URI"] = os.environ["REDIS_URL"]
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    for key, raw in os.environ.items():
        if key.startswith("SMEUP_") and not key.startswith("SMEUP_TEST_"):
            app.config[key] = _env_value(raw)
    if app.config.get("SMEUP_SECRET_KEY"):
        app.config["SECRET_KEY"] = app.config["SMEUP_SECRET_KEY"]
    if test_config:
        app.config.update(test_config)
    _finish(app)


def _env_value(raw: str):
    """Environment values: numbers and booleans typed, everything else a string."""
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    return int(raw) if raw.isdigit() else raw


def _finish(app) -> None:
    """Derive settings that depend on others, and refuse an unsafe production start."""
    config = app.config
    env = config["SMEUP_ENV"]
    if not config.get("SECRET_KEY"):
        if env == "production":
            raise ConfigError(MISSING_KEY_MESSAGE)
        config["SECRET_KEY"] = _instance_secret_key(app.instance_path)
    config["SESSION_COOKIE_SECURE"] = env == "production"
    config["REMEMBER_COOKIE_SECURE"] = env == "production"
    if not config.get("RATELIMIT_STORAGE_URI"):
        config["RATELIMIT_STORAGE_URI"] = _database_limit_storage(config["SQLALCHEMY_DATABASE_URI"])
    config["SMEUP_PUBLIC_BASE_URL"] = _public_base_url(config)
    if config.get("TRUSTED_HOSTS") is None:
        # Requests for any other Host get 400: no page is ever built for a forged host.
        # SMEUP_TRUSTED_HOSTS adds more (a load balancer's health check by internal address).
        public_host = urlsplit(config["SMEUP_PUBLIC_BASE_URL"]).hostname
        extra = str(config.get("SMEUP_TRUSTED_HOSTS") or "").replace(",", " ").split()
        hosts = [public_host, "localhost", "127.0.0.1", *extra]
        config["TRUSTED_HOSTS"] = list(dict.fromkeys(hosts))
    config["SMEUP_PROXY_HOPS"] = _proxy_hops(config.get("SMEUP_PROXY_HOPS"))
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
        options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _proxy_hops(raw) -> int:
    """SMEUP_PROXY_HOPS as a whole number of proxies (0 to 5); anything else stops the start."""
    text = str(raw if raw is not None else 0).strip()
    if isinstance(raw, bool) or not (text.isascii() and text.isdigit()) or int(text) > 5:
        raise ConfigError(
            f"SMEUP_PROXY_HOPS {raw!r} 無法使用：請填 0 到 5 的整數，即每個請求經過的代理伺服器數"
            "（0：不信任 X-Forwarded-For；nginx 或負載平衡器一層：1）"
        )
    return int(text)


def _database_limit_storage(database_url: str) -> str:
    """Rate limits counted in the app's database (smeup/ratelimit_store.py), shared by workers."""
    if database_url in ("sqlite://", "sqlite:///:memory:"):
        return "memory://"  # an in-memory database is one process's anyway
    return "db+" + database_url


def _public_base_url(config) -> str:
    """SMEUP_PUBLIC_BASE_URL as scheme://host[:port]; outside production a local default."""
    raw = str(config.get("SMEUP_PUBLIC_BASE_URL") or "").strip()
    if not raw and config.get("SERVER_NAME"):
        raw = f"{config['PREFERRED_URL_SCHEME']}://{config['SERVER_NAME']}"
    if not raw:
        if config["SMEUP_ENV"] == "production":
            raise ConfigError(
                "SMEUP_PUBLIC_BASE_URL is not set: a production start needs the public address "
                "that links and QR codes point to, e.g. https://smeup.example.tw"
            )
        raw = DEV_PUBLIC_BASE_URL
    parts = urlsplit(raw)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = urlsplit("")
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username
        or parts.path.strip("/")
        or parts.query
        or parts.fragment
    ):
        raise ConfigError(
            f"SMEUP_PUBLIC_BASE_URL {raw!r} is not an address like https://smeup.example.tw "
            "(scheme and host, optionally a port, no path)"
        )
    return f"{parts.scheme}://{parts.netloc}"
