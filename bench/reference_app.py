"""The reference every request rate is compared with: a bare Flask route returning a short string."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    """The cheapest answer Flask can give."""
    return "hello"


@app.route("/healthz")
def healthz() -> str:
    """Readiness probe, like the app's."""
    return "ok"
