"""smeup: intake and survey app for the 推升級 SME competitiveness programme."""

import importlib
import os
from pathlib import Path

from flask import Flask
from sqlalchemy.exc import ArgumentError
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import ConfigError, load_config
from .extensions import compress, csrf, db, limiter, login_manager, migrate
from .forms.cleaning import CleanRequest
from .ids import IdConverter
from .session_cookie import KioskAwareSessionInterface
from .sqlite_host import claim_sqlite_file

# Each feature is a blueprint "module:attribute"; a feature not written yet is skipped.
BLUEPRINTS = (
    "smeup.main.views:bp",
    "smeup.auth.views:bp",
    "smeup.admin.views:bp",
    "smeup.netzero.views:bp",
    "smeup.surveys.views:bp",
    "smeup.surveys.admin_views:bp",
    "smeup.sbtr.views:bp",
    "smeup.programmes.views:bp",
    "smeup.console.views:bp",
    "smeup.events.views:bp",
    "smeup.kiosk.views:bp",
    "smeup.outbox.views:bp",
    "smeup.phone.views:bp",
    "smeup.register.views:bp",
    "smeup.digital.views:bp",
    "smeup.registry.views:bp",
    "smeup.prepost.views:bp",
    "smeup.prepost.admin_views:bp",
    "smeup.training.views:bp",
    "smeup.training.admin_views:bp",
    "smeup.training.checkin_views:bp",
    "smeup.mail.views:bp",
    "smeup.report.views:bp",
)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, access rules, errors, CLI."""
    # SMEUP_INSTANCE_PATH: config, secret key and SQLite file outside the checkout.
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get(
        "SMEUP_INSTANCE_PATH"
    )
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    app.request_class = CleanRequest  # control and bidi characters dropped from all form text
    app.url_map.converters["int"] = IdConverter  # before any rule: ids past BIGINT are a 404
    app.session_interface = KioskAwareSessionInterface(long_lived_key="kiosk")  # kiosk/mode.py
    load_config(app, test_config)

    # Engine events, session events (rollups), tables, and the db+ rate-limit storage scheme
    # (before limiter.init_app).
    from . import database, models, ratelimit_store, rollups  # noqa: F401

    try:
        db.init_app(app)
    except (ArgumentError, ImportError) as exc:  # an unreadable URL, or its driver is missing
        raise ConfigError(f"DATABASE_URL 無法使用：{exc}") from exc
    claim_sqlite_file(app)  # a SQLite file is served by one host: another one stops here
    if app.config["SMEUP_PROXY_HOPS"]:  # the client address as the trusted proxies saw it
        hops = app.config["SMEUP_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    app.teardown_appcontext(database.end_session)  # runs before Flask-SQLAlchemy's own
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "請先登入。"
    from .access import init_access

    init_access(app)  # before CSRF: a stranger is sent to the login page, not told "bad token"
    csrf.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)

    for spec in BLUEPRINTS:
        module_name, _, attribute = spec.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if not module_name.startswith(exc.name or "?"):
                raise
            continue
        app.register_blueprint(getattr(module, attribute))

    from .cli import register_cli
    from .errors import init_errors
    from .security import init_security
    from .templating import init_templating

    init_security(app)
    init_errors(app)
    init_templating(app)
    register_cli(app)
    return app
