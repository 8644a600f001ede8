"""gunicorn entry point: `gunicorn wsgi:app`."""

import sys

from smeup import create_app
from smeup.config import ConfigError

try:
    app = create_app()
except ConfigError as exc:
    # A setting the app cannot start with: one line, no traceback, and gunicorn stops (its
    # exit status 4 for an app that cannot load) instead of booting workers again and again.
    print(f"Error: {exc.format_message()}", file=sys.stderr, flush=True)
    raise SystemExit(4) from None
