"""gunicorn settings for one smeup host behind nginx (deploy/nginx-smeup.conf).

Run from the checkout: `gunicorn --config deploy/gunicorn.conf.py` (deploy/smeup.service does).
Every host of a deployment runs the same file with the same DATABASE_URL, REDIS_URL, SECRET_KEY,
SMEUP_PUBLIC_BASE_URL and SMEUP_OUTBOX_PRIVATE_KEY (README, "Deploying on several hosts").
Options given on gunicorn's command line win over this file.
"""

import os

wsgi_app = "wsgi:app"
# nginx on the same machine proxies to this address; a load balancer on another machine needs
# the host's private address here (SMEUP_BIND=10.0.0.11:8000) and a firewall around it.
bind = os.environ.get("SMEUP_BIND", "127.0.0.1:8000")
# Two to four workers per core; each has threads, so a slow export never holds the rest.
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
threads = 4
# With threads, --timeout only checks that a worker is alive: a 1,000,000-row export takes
# 30-60 s on 2 cores, and gunicorn's default sync worker would be killed 30 s into it.
timeout = 300
graceful_timeout = 30
keepalive = 5
# gunicorn believes X-Forwarded-Proto only from here (nginx on this machine); the client
# address is taken by the app itself, from SMEUP_PROXY_HOPS proxies (smeup/config.py).
forwarded_allow_ips = os.environ.get("SMEUP_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Logs go to the journal (systemd) or the terminal.
accesslog = "-"
errorlog = "-"
loglevel = "info"
# gunicorn's control socket (25.1+) is one path per user: several instances on a machine
# would share it, and nothing here uses it.
control_socket_disable = True


def on_starting(server):
    """Check the settings once in the master, before any worker is forked.

    A setting the app cannot start with (or a SQLite file another host serves) then stops
    gunicorn with one line and exit status 4, instead of every worker failing at the same
    moment, where gunicorn's own shutdown can print a traceback of its own.
    """
    import sys

    from smeup import create_app
    from smeup.config import ConfigError

    try:
        create_app()  # thrown away: each worker builds its own (nothing connects here)
    except ConfigError as exc:
        print(f"Error: {exc.format_message()}", file=sys.stderr, flush=True)
        raise SystemExit(4) from None
